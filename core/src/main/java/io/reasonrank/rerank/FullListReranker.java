package io.reasonrank.rerank;

import io.reasonrank.llm.LlmBackend;
import io.reasonrank.model.Candidate;
import io.reasonrank.model.RerankRequest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;

/**
 * A single listwise window over the whole top-k (docs/reference-behaviour.md §13.7): for long-context models, one LLM call
 * ranks all of {@code min(topK, n)} candidates at once instead of the sliding window's 9 calls over the top 100
 * (docs/reference-behaviour.md §3). The prompt, parsing, failure handling, trace and score modes are the sliding window's
 * ({@link ListwiseCall}); it is the sliding window with window size = step = top-k, whose loop makes exactly one
 * call {@code [0, min(topK, n))}. Candidates below the top-k keep their place.
 *
 * <p>The trace holds one {@link WindowTrace} with {@code start = 0}, {@code end = min(topK, n)}; none for an empty
 * list. A failed call leaves the list in input order and is flagged {@code failed}.
 */
public final class FullListReranker extends ListwiseReranker {
  /** The reference's first-stage depth (docs/reference-behaviour.md §3, {@code --retrieval_num 100}). */
  public static final int DEFAULT_TOP_K = 100;

  private final int topK;

  private FullListReranker(ListwiseCall call, int topK, ScoreMode scoreMode) {
    super(call, scoreMode);
    if (topK < 1) throw new IllegalArgumentException("top must be >= 1, got " + topK);
    this.topK = topK;
  }

  /** A builder with mode {@code rank_GPT_reasoning}, top 100 and positional scores. */
  public static Builder builder(LlmBackend backend) {
    return new Builder(backend);
  }

  public int topK() {
    return topK;
  }

  @Override
  public RerankResult rerank(RerankRequest request) {
    List<Candidate> input = request.candidates();
    List<Candidate> list = new ArrayList<>(input);
    List<WindowTrace> traces = new ArrayList<>(1);
    int k = Math.min(topK, list.size());
    if (k > 0) {
      ListwiseCall.Outcome out = call.call(request.query().text(), list.subList(0, k), 0, k, new HashMap<>());
      for (int j = 0; j < k; j++) list.set(j, out.reordered().get(j));
      traces.add(out.trace());
    }
    return result(request, list, traces);
  }

  /** Exact: one call over the top-k (none for an empty list). */
  @Override
  public CallPlan callPlan(List<Candidate> candidates) {
    int k = Math.min(topK, candidates.size());
    return new CallPlan(k == 0 ? List.of() : List.of(candidates.subList(0, k)), CallPlan.Bound.EXACT, "exact: one call per query");
  }

  /** Wires a full-list reranker: backend, mode, tokenizer, passage length, top-k, score mode. */
  public static final class Builder extends ListwiseBuilder<Builder> {
    private int topK = DEFAULT_TOP_K;

    private Builder(LlmBackend backend) {
      super(backend);
    }

    @Override
    Builder self() {
      return this;
    }

    /** How many of the first-stage candidates the one window holds (default 100). */
    public Builder topK(int topK) {
      this.topK = topK;
      return this;
    }

    public FullListReranker build() {
      return new FullListReranker(call(), topK, scoreMode());
    }
  }
}
