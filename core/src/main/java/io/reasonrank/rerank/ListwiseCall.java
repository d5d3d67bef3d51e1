package io.reasonrank.rerank;

import io.reasonrank.llm.Completion;
import io.reasonrank.llm.LlmBackend;
import io.reasonrank.llm.LlmException;
import io.reasonrank.llm.LlmRequest;
import io.reasonrank.model.Candidate;
import io.reasonrank.model.Document;
import io.reasonrank.prompt.ListwiseTranslator;
import io.reasonrank.prompt.ParsedAnswer;
import io.reasonrank.prompt.RenderedPrompt;
import io.reasonrank.text.Sha256;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The one listwise LLM call that every window strategy makes (sliding window, full list, top-down): render the
 * window's prompt with the {@link ListwiseTranslator} ({@code create_prompt}, docs/reference-behaviour.md §1), call the backend, parse the
 * answer into a window permutation ({@code receive_permutation}, §4) and record a {@link WindowTrace}. A call
 * that throws {@link LlmException} keeps the window in input order and is traced as failed; other exceptions are
 * bugs and propagate. Scores are not touched here: strategies move candidates, {@link #finishScores} sets the
 * scores once the final order is known.
 */
final class ListwiseCall {
  private final LlmBackend backend;
  private final ListwiseTranslator translator;
  private final Consumer<WindowTrace> listener;

  ListwiseCall(LlmBackend backend, ListwiseTranslator translator, Consumer<WindowTrace> listener) {
    this.backend = Objects.requireNonNull(backend, "backend");
    this.translator = Objects.requireNonNull(translator, "translator");
    this.listener = Objects.requireNonNull(listener, "listener");
  }

  ListwiseTranslator translator() {
    return translator;
  }

  /** The window in its new order (new position j holds old index {@code trace.permutation().get(j)}) and the trace. */
  record Outcome(List<Candidate> reordered, WindowTrace trace) {}

  /**
   * Ranks {@code window} with one LLM call.
   *
   * @param start the trace's {@link WindowTrace#start()} (its meaning is the strategy's)
   * @param end the trace's {@link WindowTrace#end()}
   * @param rendered per-query memo of rendered passages: rendering (ftfy + tokenization) is a pure function of the
   *     document and most strategies show a passage in more than one window
   */
  Outcome call(String queryText, List<Candidate> window, int start, int end, Map<Document, String> rendered) {
    List<Candidate> cut = List.copyOf(window);
    List<String> docidsBefore = cut.stream().map(Candidate::docid).toList();
    List<String> passages = new ArrayList<>(cut.size());
    for (Candidate c : cut) passages.add(rendered.computeIfAbsent(c.doc(), translator::renderPassage));
    RenderedPrompt prompt = translator.assemble(queryText, passages);
    LlmRequest llmRequest = translator.toRequest(prompt);
    String sha = Sha256.hex(prompt.prompt());
    long t0 = System.nanoTime();
    Completion completion;
    try {
      completion = backend.complete(llmRequest);
    } catch (LlmException e) {
      WindowTrace failed = new WindowTrace(start, end, docidsBefore, sha, "", SlidingWindowReranker.FAILED_PATH,
          identity(cut.size()), true, String.valueOf(e.getMessage()), 0, 0, false, (System.nanoTime() - t0) / 1_000_000);
      listener.accept(failed);
      return new Outcome(cut, failed);
    }
    long millis = (System.nanoTime() - t0) / 1_000_000;
    ParsedAnswer parsed = translator.parse(completion.text(), cut.size());
    List<Integer> perm = parsed.permutation();
    List<Candidate> reordered = new ArrayList<>(cut.size());
    for (int j = 0; j < cut.size(); j++) reordered.add(cut.get(perm.get(j)));
    // The reference counts prompt tokens itself (len(tokenizer.encode(prompt)), §1.8) when the server does not say.
    int promptTokens = completion.promptTokens() > 0 ? completion.promptTokens() : translator.tokenizer().countTokens(prompt.prompt());
    WindowTrace trace = new WindowTrace(start, end, docidsBefore, sha, completion.text(), parsed.path().name(), perm, false,
        null, promptTokens, completion.completionTokens(), completion.cached(), millis);
    listener.accept(trace);
    return new Outcome(List.copyOf(reordered), trace);
  }

  /**
   * Sets the scores of a finished list. {@link ScoreMode#POSITIONAL}: position i keeps the score that position i
   * had in the input ({@code original}), the reference's rule (docs/reference-behaviour.md §3 step 6); applying it once at the end equals
   * applying it window by window, since each window only hands its positions' scores back to the same positions.
   * {@link ScoreMode#BY_NEW_RANK}: {@code n - i}.
   */
  static List<Candidate> finishScores(List<Candidate> original, List<Candidate> ranked, ScoreMode mode) {
    if (original.size() != ranked.size()) {
      throw new IllegalArgumentException("ranked list has " + ranked.size() + " candidates, input had " + original.size());
    }
    int n = ranked.size();
    List<Candidate> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(mode == ScoreMode.POSITIONAL ? ranked.get(i).withScore(original.get(i).score()) : ranked.get(i).withScore(n - i));
    }
    return out;
  }

  static List<Integer> identity(int n) {
    List<Integer> ids = new ArrayList<>(n);
    for (int i = 0; i < n; i++) ids.add(i);
    return ids;
  }
}
