package io.reasonrank.cli;

import io.reasonrank.format.InputException;
import io.reasonrank.model.RerankRequest;
import io.reasonrank.rerank.WindowSettings;
import java.util.List;

/**
 * Refuses, before any call, a sliding-window run in which a query with candidates would get no window at all. The
 * reference's loop ({@link WindowSettings#windows}) stops at once when {@code min(top, n) - min(window, n) + step}
 * equals the pass's start, e.g. {@code --top 10} with the default window 20 and step 10 over a list of 100: it would
 * make no call and write the first-stage order tagged as reranked. The core keeps that quirk (it is the reference's);
 * the command says what to pass instead.
 */
final class WindowCoverage {
  private WindowCoverage() {}

  static void check(List<RerankRequest> requests, WindowSettings settings) {
    for (RerankRequest r : requests) {
      int n = r.candidates().size();
      if (n > 0 && settings.allWindows(n).isEmpty()) {
        int k = Math.min(settings.topK(), n);
        throw new InputException("--top " + settings.topK() + " with --window " + settings.windowSize() + " --step " + settings.step()
            + " makes no sliding window for query " + r.query().id() + " (" + n + " candidates): the reference's loop ranks nothing"
            + " when top - window + step = 0; pass --window " + k + " to rerank the top " + k + " in one window, or --strategy full");
      }
    }
  }
}
