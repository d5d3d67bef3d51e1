package io.reasonrank.rerank;

import io.reasonrank.llm.LlmBackend;
import io.reasonrank.model.Candidate;
import io.reasonrank.model.Document;
import io.reasonrank.model.RerankRequest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Top-down partitioning (Parry, MacAvaney and Ganguly, "Top-Down Partitioning for Efficient List-Wise Ranking",
 * SIGIR 2024, §3): instead of sliding a window from the bottom, rank the top window first, take the passage at rank
 * {@code cutoff} as a pivot, and compare the rest of the list against it in windows of the pivot plus
 * {@code windowSize - 1} new passages. Whatever the model puts above the pivot is a candidate for the top
 * {@code cutoff}, the rest is backfill. Every window is one ReasonRank listwise call ({@link ListwiseCall}: same
 * prompt, parser, failure handling and score modes as {@link SlidingWindowReranker}).
 *
 * <p>The algorithm follows the authors' code, {@code Parry-Parry/pyterrier-generative@43482f9:
 * pyterrier_generative/_algorithms.py} ({@code _tdpart_step}, {@code tdpart}), the same procedure as
 * {@code Parry-Parry/TDPart@0179768:partitionrank/transformer/__init__.py::_pivot}. One round over a pool {@code R}:
 * <ol>
 *   <li>{@code l = R[:w]}, {@code r = R[w:]}; one call sorts {@code l}. If {@code |l| < w} the pool is ranked: done.
 *   <li>pivot {@code p = l[cutoff-1]}, candidates {@code c = l[:cutoff-1]}, backfill {@code b = l[cutoff:]}.
 *   <li>While {@code |c| < budget} and {@code r} is not empty: the next {@code w-1} passages of {@code r} are ranked
 *       with {@code p} in front of them; those placed above {@code p} join {@code c}, those below join {@code b}.
 *   <li>If {@code |c| = cutoff-1} nothing beat the pivot: the top is {@code c + p}, then {@code b + r}; done.
 *       Otherwise the next round's pool is {@code c[:budget]}, and {@code c[budget:] + p + b + r} is backfill.
 * </ol>
 * Rounds repeat until done or {@code maxIterations}; the result is the final pool, then the backfills, then the
 * candidates below the top-k. With the defaults (20/10/20, top 100) the first round makes 1 to 6 calls and a
 * second round, when needed, exactly one (its pool has at most 20 passages), so a query costs 1 to 7 calls.
 *
 * <p><b>Departures.</b> (1) The authors' driver appends each round's backfill after the earlier ones
 * ({@code b = b + b_new}), which would place passages that beat the first pivot below passages that lost to it;
 * here a later round's backfill goes in front of the earlier backfill, so the order below the top agrees with every
 * comparison made. The top {@code cutoff} (and so nDCG@10 with the default cutoff) is the same either way.
 * (2) The batched variant's extra "final collation" call of that repository is not made. (3) An empty pool makes
 * no call.
 *
 * <p><b>Traces.</b> {@link WindowTrace#start()}/{@link WindowTrace#end()} index the round's pool in its input
 * order: the sorting call of a round is {@code [0, |l|)}; a partition call is {@code [s, s + m)} for the
 * {@code m} new passages {@code R[s, s+m)}, and its {@code docidsBefore} lists the pivot first, then those
 * {@code m}, so it has {@code end - start + 1} entries. A new round starts with a trace whose start is 0.
 * A failed call leaves its window in input order and is flagged: a failed sort takes the input's
 * {@code cutoff}-th passage as pivot; a failed partition call keeps the pivot in front, so its passages go to the
 * backfill in input order.
 */
public final class TopDownReranker extends ListwiseReranker {
  private final TopDownSettings settings;

  private TopDownReranker(ListwiseCall call, TopDownSettings settings, ScoreMode scoreMode) {
    super(call, scoreMode);
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  /** A builder with mode {@code rank_GPT_reasoning}, {@link TopDownSettings#DEFAULT} and positional scores. */
  public static Builder builder(LlmBackend backend) {
    return new Builder(backend);
  }

  public TopDownSettings settings() {
    return settings;
  }

  /** One round's outcome: the next pool (or the settled top), what goes below it, and whether the top is settled. */
  private record Round(List<Candidate> top, List<Candidate> backfill, boolean done) {}

  @Override
  public RerankResult rerank(RerankRequest request) {
    List<Candidate> input = request.candidates();
    int k = Math.min(settings.topK(), input.size());
    String queryText = request.query().text();
    Map<Document, String> rendered = new HashMap<>();
    List<WindowTrace> traces = new ArrayList<>();

    List<Candidate> pool = List.copyOf(input.subList(0, k));
    List<Candidate> backfill = new ArrayList<>();
    boolean done = pool.isEmpty();
    for (int round = 0; !done && round < settings.maxIterations(); round++) {
      Round r = round(queryText, pool, rendered, traces);
      pool = r.top();
      backfill.addAll(0, r.backfill()); // departure (1): later rounds only hold passages that beat earlier pivots
      done = r.done();
    }
    List<Candidate> ranked = new ArrayList<>(input.size());
    ranked.addAll(pool);
    ranked.addAll(backfill);
    ranked.addAll(input.subList(k, input.size()));
    return result(request, ranked, traces);
  }

  private Round round(String queryText, List<Candidate> pool, Map<Document, String> rendered, List<WindowTrace> traces) {
    int w = settings.windowSize();
    int first = Math.min(w, pool.size());
    ListwiseCall.Outcome sorted = call.call(queryText, pool.subList(0, first), 0, first, rendered);
    traces.add(sorted.trace());
    List<Candidate> l = sorted.reordered();
    if (first < w) return new Round(l, List.of(), true);

    int pivotIndex = settings.pivotIndex();
    Candidate pivot = l.get(pivotIndex);
    List<Candidate> candidates = new ArrayList<>(l.subList(0, pivotIndex));
    List<Candidate> below = new ArrayList<>(l.subList(pivotIndex + 1, l.size()));
    int next = first;
    while (candidates.size() < settings.budget() && next < pool.size()) {
      int end = Math.min(next + w - 1, pool.size());
      List<Candidate> window = new ArrayList<>(end - next + 1);
      window.add(pivot);
      window.addAll(pool.subList(next, end));
      ListwiseCall.Outcome out = call.call(queryText, window, next, end, rendered);
      traces.add(out.trace());
      List<Candidate> order = out.reordered();
      int at = indexOfSame(order, pivot);
      candidates.addAll(order.subList(0, at));
      below.addAll(order.subList(at + 1, order.size()));
      next = end;
    }
    List<Candidate> rest = pool.subList(next, pool.size());
    if (candidates.size() == pivotIndex) {
      candidates.add(pivot);
      below.addAll(rest);
      return new Round(candidates, below, true);
    }
    int keep = Math.min(settings.budget(), candidates.size());
    List<Candidate> backfill = new ArrayList<>(candidates.subList(keep, candidates.size()));
    backfill.add(pivot);
    backfill.addAll(below);
    backfill.addAll(rest);
    return new Round(List.copyOf(candidates.subList(0, keep)), backfill, false);
  }

  /**
   * An upper bound (the calls depend on the answers): every round compares the pivot with all of its pool (no early
   * stop at the budget) and is followed by another round over the largest pool it can leave,
   * {@code min(budget, cutoff - 1 + |pool| - w)}, until a pool fits one window or {@code maxIterations} rounds are
   * planned. A later round's pool is planned as the head of the initial order (its passages are the ones that beat a
   * pivot, unknown in advance), with the passage at {@code cutoff} as pivot. With the defaults and 100 candidates:
   * 6 calls in the first round and 1 in the second, 7 in all.
   */
  @Override
  public CallPlan callPlan(List<Candidate> candidates) {
    int w = settings.windowSize();
    int pivotIndex = settings.pivotIndex();
    List<List<Candidate>> calls = new ArrayList<>();
    int pool = Math.min(settings.topK(), candidates.size());
    for (int round = 0; pool > 0 && round < settings.maxIterations(); round++) {
      List<Candidate> l = candidates.subList(0, Math.min(w, pool));
      calls.add(l);
      if (pool <= w) break; // a pool that fits one window is ranked by its sort (or has nothing to compare)
      Candidate pivot = l.get(pivotIndex);
      for (int s = w; s < pool; s += w - 1) {
        List<Candidate> part = new ArrayList<>(w);
        part.add(pivot);
        part.addAll(candidates.subList(s, Math.min(pool, s + w - 1)));
        calls.add(part);
      }
      pool = Math.min(settings.budget(), pivotIndex + pool - w);
    }
    return new CallPlan(calls, CallPlan.Bound.UPPER_BOUND,
        "worst case: a first round that compares every passage with the pivot, then one more sort");
  }

  /** By identity, not equality: a list may hold the same document twice with the same score. */
  private static int indexOfSame(List<Candidate> list, Candidate c) {
    for (int i = 0; i < list.size(); i++) if (list.get(i) == c) return i;
    throw new IllegalStateException("pivot " + c.docid() + " missing from its window");
  }

  /** Wires a top-down reranker: backend, mode, tokenizer, passage length, window/cutoff/budget/top/rounds, score mode. */
  public static final class Builder extends ListwiseBuilder<Builder> {
    private int windowSize = TopDownSettings.DEFAULT.windowSize();
    private int cutoff = TopDownSettings.DEFAULT.cutoff();
    private int budget = TopDownSettings.DEFAULT.budget();
    private int topK = TopDownSettings.DEFAULT.topK();
    private int maxIterations = TopDownSettings.DEFAULT.maxIterations();

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

    public Builder cutoff(int cutoff) {
      this.cutoff = cutoff;
      return this;
    }

    public Builder budget(int budget) {
      this.budget = budget;
      return this;
    }

    public Builder topK(int topK) {
      this.topK = topK;
      return this;
    }

    public Builder maxIterations(int maxIterations) {
      this.maxIterations = maxIterations;
      return this;
    }

    public Builder settings(TopDownSettings settings) {
      this.windowSize = settings.windowSize();
      this.cutoff = settings.cutoff();
      this.budget = settings.budget();
      this.topK = settings.topK();
      this.maxIterations = settings.maxIterations();
      return this;
    }

    public TopDownReranker build() {
      ListwiseCall call = call();
      return new TopDownReranker(call, new TopDownSettings(windowSize, cutoff, budget, topK, maxIterations), scoreMode());
    }
  }
}
