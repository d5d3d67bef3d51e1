package io.reasonrank.rerank;

import io.reasonrank.llm.LlmBackend;
import io.reasonrank.model.Candidate;
import io.reasonrank.model.Document;
import io.reasonrank.model.RerankRequest;
import io.reasonrank.prompt.ListwiseTranslator;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * ReasonRank's sliding-window listwise reranking (docs/reference-behaviour.md §3; {@code rerank/rankllm.py::sliding_windows}):
 * windows of {@link WindowSettings#windowSize()} passages move from the bottom of the top-k list to the
 * top in steps of {@link WindowSettings#step()}, so relevant passages bubble upward. Each window is one
 * LLM call built and parsed by a {@link ListwiseTranslator}; its permutation is applied in place
 * ({@code receive_permutation}) before the next window is rendered.
 *
 * <p>With {@link ScoreMode#POSITIONAL} (the reference's rule) scores stay attached to positions:
 * {@code candidates[ws + j] = cut[perm[j]]} with {@code score = cut[j].score}.
 *
 * <p>A call that throws {@link LlmException} leaves its window in input order and is recorded as
 * {@code failed} in the {@link WindowTrace}; the query goes on. The reranker holds no per-query state and
 * may serve many queries from many threads; each query's calls are made in order on the calling thread.
 */
public final class SlidingWindowReranker extends ListwiseReranker {
  /** {@link WindowTrace#parsePath()} of a window whose LLM call failed. */
  public static final String FAILED_PATH = "FAILED";

  private final WindowSettings settings;

  public SlidingWindowReranker(LlmBackend backend, ListwiseTranslator translator, WindowSettings settings, ScoreMode scoreMode) {
    this(new ListwiseCall(backend, translator, t -> {}), settings, scoreMode);
  }

  private SlidingWindowReranker(ListwiseCall call, WindowSettings settings, ScoreMode scoreMode) {
    super(call, scoreMode);
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  /** A builder with the reference's defaults (mode {@code rank_GPT_reasoning}, 20/10/100/1, positional scores). */
  public static Builder builder(LlmBackend backend) {
    return new Builder(backend);
  }

  public WindowSettings settings() {
    return settings;
  }

  @Override
  public RerankResult rerank(RerankRequest request) {
    List<Candidate> input = request.candidates();
    List<Candidate> list = new ArrayList<>(input);
    List<WindowTrace> traces = new ArrayList<>();
    // With step < window every passage sits in about two windows; rendering (ftfy + tokenization) is
    // a pure function of the document, so each is rendered once per query.
    Map<Document, String> rendered = new HashMap<>();
    String queryText = request.query().text();
    for (WindowSettings.Window w : settings.allWindows(list.size())) {
      ListwiseCall.Outcome out = call.call(queryText, list.subList(w.start(), w.end()), w.start(), w.end(), rendered);
      for (int j = 0; j < out.reordered().size(); j++) list.set(w.start() + j, out.reordered().get(j));
      traces.add(out.trace());
    }
    return result(request, list, traces);
  }

  /** Exact: one call per window of {@link WindowSettings#allWindows}, its passages those of the initial order. */
  @Override
  public CallPlan callPlan(List<Candidate> candidates) {
    List<List<Candidate>> calls = new ArrayList<>();
    for (WindowSettings.Window w : settings.allWindows(candidates.size())) calls.add(candidates.subList(w.start(), w.end()));
    return new CallPlan(calls, CallPlan.Bound.EXACT, "exact: the sliding windows of docs/reference-behaviour.md §3");
  }


  /** Wires a reranker the way a CLI does: backend, mode, tokenizer, passage length, window/step/top/passes, score mode. */
  public static final class Builder extends ListwiseBuilder<Builder> {
    private int windowSize = WindowSettings.DEFAULT.windowSize();
    private int step = WindowSettings.DEFAULT.step();
    private int topK = WindowSettings.DEFAULT.topK();
    private int passes = WindowSettings.DEFAULT.passes();

    private Builder(LlmBackend backend) {
      super(backend);
    }

    @Override
    Builder self() {
      return this;
    }

    public Builder windowSize(int windowSize) {
      this.windowSize = windowSize;
      return this;
    }

    public Builder step(int step) {
      this.step = step;
      return this;
    }

    public Builder topK(int topK) {
      this.topK = topK;
      return this;
    }

    public Builder passes(int passes) {
      this.passes = passes;
      return this;
    }

    public Builder settings(WindowSettings settings) {
      this.windowSize = settings.windowSize();
      this.step = settings.step();
      this.topK = settings.topK();
      this.passes = settings.passes();
      return this;
    }

    public SlidingWindowReranker build() {
      ListwiseCall call = call();
      return new SlidingWindowReranker(call, new WindowSettings(windowSize, step, topK, passes), scoreMode());
    }
  }
}
