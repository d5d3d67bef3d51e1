package io.reasonrank.rerank.pointwise;

import io.reasonrank.llm.ChatMessage;
import io.reasonrank.llm.Completion;
import io.reasonrank.llm.LlmBackend;
import io.reasonrank.llm.LlmException;
import io.reasonrank.llm.LlmRequest;
import io.reasonrank.llm.SamplingParams;
import io.reasonrank.model.Candidate;
import io.reasonrank.model.RerankRequest;
import io.reasonrank.prompt.PassageTokenizer;
import io.reasonrank.rerank.CallPlan;
import io.reasonrank.rerank.RerankResult;
import io.reasonrank.rerank.Reranker;
import io.reasonrank.rerank.WindowTrace;
import io.reasonrank.text.Sha256;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;

/**
 * The Rank1-style pointwise reasoning baseline (docs/reference-behaviour.md §11): one reasoning call per candidate, each ending in a
 * true/false judgment, scored by {@link Rank1Scorer}; the paper compares its cost with the listwise sliding
 * window (9 calls per query of 100 candidates, docs/reference-behaviour.md §3).
 *
 * <p><b>Calls.</b> Every candidate of the top {@code topK} (default 100) gets one completion request with the
 * {@link Rank1Prompt} prompt (in {@link LlmRequest#prompt()}; the chat form is the same text as one user
 * message, which a chat endpoint would wrap in a template Rank1 does not use) and {@link Rank1Prompt#SAMPLING}.
 * The calls of one query are independent, so they run concurrently, at most {@code concurrency} at once
 * (default: the backend's {@link LlmBackend#capacity()}, which bounds what is in flight anyway). When a
 * completion has log-probabilities but no judgment at its last position, Rank1 asks once more with its
 * forced-judgment prompt ({@link Rank1Prompt#forcedJudgmentPrompt}); that second call is on by default
 * ({@link Builder#forcedJudgment}).
 *
 * <p><b>Order and scores.</b> The new order is relevance descending, ties by original rank; each reranked
 * candidate's score is its relevance, made strictly decreasing at the run file's precision ({@link #SCORE_STEP},
 * the {@code %.6f} of a TREC run): where a relevance would print the same as (or above) the one before it, it is
 * written one step below that one. Without this, judgments that tie (every unreadable answer scores 0.5) would be
 * re-sorted by trec_eval's tie rule, docid descending, and lose the first-stage order. Candidates below
 * {@code topK} follow in their original order with scores {@code -1, -2, …}, below every relevance, so that an
 * evaluator that re-sorts by score keeps them last and in order.
 *
 * <p><b>Failures.</b> A call that finally fails ({@link LlmException} after the backend's retries) does not stop
 * the query: the candidate gets the neutral relevance 0.5 (Rank1's score for a response it cannot judge), so it
 * keeps its original position relative to every other neutral candidate, and its trace entry is flagged
 * {@code failed} with the error. A forced-judgment call that fails leaves the first call's judgment (neutral).
 *
 * <p><b>Trace.</b> One {@link WindowTrace} per LLM call, in candidate order (a forced-judgment call right after
 * its first call): the window is the one candidate, {@code [i, i+1)} over the input order, {@code docidsBefore}
 * its docid and {@code permutation} {@code [0]}; {@code parsePath} is {@link Rank1Scorer.Path#traceName()}; the
 * token counts are the server's. Summing them over {@link RerankResult#windows()} gives the query's cost
 * ({@link #usage}).
 */
public final class PointwiseReranker implements Reranker {

  /** Calls and token counts of one reranking, summed over its trace. */
  public record Usage(int calls, long promptTokens, long completionTokens, int failedCalls) {
    public Usage plus(Usage o) {
      return new Usage(calls + o.calls, promptTokens + o.promptTokens, completionTokens + o.completionTokens,
          failedCalls + o.failedCalls);
    }
  }

  /** The precision of a written run's scores ({@code %.6f}); tied relevances are written this far apart. */
  public static final double SCORE_STEP = 1e-6;

  private final LlmBackend backend;
  private final int topK;
  private final int concurrency;
  private final Rank1Prompt prompt;
  private final boolean forcedJudgment;

  private PointwiseReranker(Builder b) {
    this.backend = b.backend;
    this.topK = b.topK;
    this.concurrency = b.concurrency > 0 ? b.concurrency : Math.max(1, b.backend.capacity());
    this.prompt = b.tokenizer == null ? Rank1Prompt.raw() : Rank1Prompt.truncating(b.tokenizer, b.maxPassageTokens);
    this.forcedJudgment = b.forcedJudgment;
  }

  public static Builder builder() {
    return new Builder();
  }

  public int topK() {
    return topK;
  }

  public int concurrency() {
    return concurrency;
  }

  public Rank1Prompt prompt() {
    return prompt;
  }

  /** The calls and tokens of a result, summed over its trace. */
  public static Usage usage(RerankResult result) {
    long in = 0;
    long out = 0;
    int failed = 0;
    for (WindowTrace w : result.windows()) {
      in += w.promptTokens();
      out += w.completionTokens();
      if (w.failed()) failed++;
    }
    return new Usage(result.windows().size(), in, out, failed);
  }

  /** False: one query's calls run concurrently on threads of this reranker's own. */
  @Override
  public boolean callsOnCallingThread() {
    return false;
  }

  /**
   * One Rank1 call per candidate of the top-k. Exact for judgments read at the first call; a call whose answer has
   * no judgment gets a forced-judgment second call ({@code forcedJudgment}), which no plan can foresee.
   */
  @Override
  public CallPlan callPlan(List<Candidate> candidates) {
    List<List<Candidate>> calls = new ArrayList<>();
    for (Candidate c : candidates.subList(0, Math.min(topK, candidates.size()))) calls.add(List.of(c));
    return new CallPlan(calls, CallPlan.Bound.EXACT, "one Rank1 call per candidate; forced-judgment second calls not counted");
  }

  @Override
  public RerankResult rerank(RerankRequest request) {
    Objects.requireNonNull(request, "request");
    List<Candidate> candidates = request.candidates();
    int k = Math.min(topK, candidates.size());
    List<Scored> scored = new ArrayList<>(k);
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      Semaphore permits = new Semaphore(concurrency);
      List<Future<Scored>> futures = new ArrayList<>(k);
      for (int i = 0; i < k; i++) {
        int index = i;
        futures.add(pool.submit(() -> {
          permits.acquire();
          try {
            return judge(request.query().text(), candidates.get(index), index);
          } finally {
            permits.release();
          }
        }));
      }
      for (Future<Scored> f : futures) scored.add(join(f));
    }
    List<WindowTrace> traces = new ArrayList<>();
    for (Scored s : scored) traces.addAll(s.traces);
    List<Scored> order = new ArrayList<>(scored);
    order.sort(Comparator.comparingDouble((Scored s) -> s.judgment.relevance()).reversed()
        .thenComparingInt(s -> s.index));
    List<Candidate> ranked = new ArrayList<>(candidates.size());
    long previous = Long.MAX_VALUE; // the previous score in SCORE_STEP units, as the run prints it
    for (Scored s : order) {
      double score = s.judgment.relevance();
      long printed = Math.round(score * 1e6);
      if (printed >= previous) {
        printed = previous - 1;
        score = printed / 1e6; // the double nearest to the printed decimal
      }
      previous = printed;
      ranked.add(candidates.get(s.index).withScore(score));
    }
    for (int i = k; i < candidates.size(); i++) ranked.add(candidates.get(i).withScore(-(i - k + 1)));
    return new RerankResult(request.query().id(), ranked, traces);
  }

  private record Scored(int index, Rank1Scorer.Judgment judgment, List<WindowTrace> traces) {}

  private Scored judge(String query, Candidate candidate, int index) {
    String text = prompt.render(query, candidate.doc());
    List<WindowTrace> traces = new ArrayList<>(2);
    Call first = call(text, Rank1Prompt.SAMPLING);
    if (first.error != null) {
      traces.add(trace(index, candidate, text, first, Rank1Scorer.Path.FAILED));
      return new Scored(index, Rank1Scorer.Judgment.of(Rank1Scorer.NEUTRAL, Rank1Scorer.Path.FAILED), traces);
    }
    Rank1Scorer.Judgment judgment = Rank1Scorer.score(first.completion);
    if (!forcedJudgment || !Rank1Scorer.needsForcedJudgment(first.completion)) {
      traces.add(trace(index, candidate, text, first, judgment.path()));
      return new Scored(index, judgment, traces);
    }
    // Rank1's _fix_incomplete_responses: close the reasoning and read the next token's distribution
    String forcedText = Rank1Prompt.forcedJudgmentPrompt(text, first.completion.text());
    Call forced = call(forcedText, Rank1Prompt.FORCED_SAMPLING);
    Rank1Scorer.Judgment forcedJudgment = forced.error == null ? Rank1Scorer.scoreForced(forced.completion) : null;
    traces.add(trace(index, candidate, text, first, Rank1Scorer.Path.INCOMPLETE));
    Rank1Scorer.Path forcedPath = forced.error != null ? Rank1Scorer.Path.FAILED
        : forcedJudgment != null ? forcedJudgment.path() : Rank1Scorer.Path.NEUTRAL;
    traces.add(trace(index, candidate, forcedText, forced, forcedPath));
    return new Scored(index, forcedJudgment != null ? forcedJudgment : judgment, traces);
  }

  private record Call(Completion completion, String error, long millis) {}

  private Call call(String text, SamplingParams sampling) {
    long start = System.nanoTime();
    try {
      Completion c = backend.complete(new LlmRequest(List.of(ChatMessage.user(text)), text, sampling));
      return new Call(c, null, (System.nanoTime() - start) / 1_000_000);
    } catch (LlmException e) {
      return new Call(null, e.getMessage(), (System.nanoTime() - start) / 1_000_000);
    }
  }

  private static WindowTrace trace(int index, Candidate c, String text, Call call, Rank1Scorer.Path path) {
    Completion r = call.completion;
    return new WindowTrace(index, index + 1, List.of(c.docid()), Sha256.hex(text), r == null ? "" : r.text(),
        path.traceName(), List.of(0), call.error != null, call.error, r == null ? 0 : r.promptTokens(),
        r == null ? 0 : r.completionTokens(), r != null && r.cached(), call.millis);
  }

  private static Scored join(Future<Scored> f) {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LlmException("pointwise reranking interrupted", false, e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException re) throw re;
      throw new IllegalStateException(e.getCause());
    }
  }


  /** Settings with documented defaults; {@link #build()} checks that a backend was given. */
  public static final class Builder {
    private LlmBackend backend;
    private int topK = 100;
    private int concurrency;
    private PassageTokenizer tokenizer;
    private int maxPassageTokens;
    private boolean forcedJudgment = true;

    private Builder() {}

    /** The model; required. Build an OpenAI backend with {@code extraBodyField("skip_special_tokens", false)}. */
    public Builder backend(LlmBackend backend) {
      this.backend = Objects.requireNonNull(backend, "backend");
      return this;
    }

    /** Candidates judged per query, default 100 (the listwise baseline's {@code retrieval_num}). */
    public Builder topK(int topK) {
      if (topK < 1) throw new IllegalArgumentException("topK must be >= 1, got " + topK);
      this.topK = topK;
      return this;
    }

    /** Calls of one query in flight at once, default the backend's capacity. */
    public Builder concurrency(int concurrency) {
      if (concurrency < 1) throw new IllegalArgumentException("concurrency must be >= 1, got " + concurrency);
      this.concurrency = concurrency;
      return this;
    }

    /** Cut passages to this many model tokens (needs {@link #tokenizer}); default: no cut, as Rank1. */
    public Builder maxPassageTokens(int maxPassageTokens) {
      if (maxPassageTokens < 1) {
        throw new IllegalArgumentException("maxPassageTokens must be >= 1, got " + maxPassageTokens);
      }
      this.maxPassageTokens = maxPassageTokens;
      return this;
    }

    /** The model's tokenizer, used to cut passages when {@link #maxPassageTokens} is set. */
    public Builder tokenizer(PassageTokenizer tokenizer) {
      this.tokenizer = tokenizer;
      return this;
    }

    /** Whether to make Rank1's forced-judgment call for a generation without a judgment, default true. */
    public Builder forcedJudgment(boolean forcedJudgment) {
      this.forcedJudgment = forcedJudgment;
      return this;
    }

    /**
     * @throws IllegalStateException when no backend was given, or only one of tokenizer and maxPassageTokens
     */
    public PointwiseReranker build() {
      if (backend == null) throw new IllegalStateException("backend is required");
      if ((tokenizer == null) != (maxPassageTokens == 0)) {
        throw new IllegalStateException("maxPassageTokens and tokenizer must be set together");
      }
      return new PointwiseReranker(this);
    }
  }
}
