package io.reasonrank.service.engine;

import io.reasonrank.llm.LlmBackend;
import io.reasonrank.llm.LlmException;
import io.reasonrank.llm.cache.CachingBackend;
import io.reasonrank.llm.cache.CompletionCache;
import io.reasonrank.llm.tokenizer.HfTokenizer;
import io.reasonrank.model.Candidate;
import io.reasonrank.model.Document;
import io.reasonrank.model.Query;
import io.reasonrank.model.RerankRequest;
import io.reasonrank.pipeline.MaxTokensBackend;
import io.reasonrank.pipeline.Messages;
import io.reasonrank.pipeline.PromptPlan;
import io.reasonrank.pipeline.RerankerBuilder;
import io.reasonrank.pipeline.Strategy;
import io.reasonrank.prompt.PromptMode;
import io.reasonrank.rerank.RerankResult;
import io.reasonrank.rerank.Reranker;
import io.reasonrank.rerank.ScoreMode;
import io.reasonrank.rerank.WindowSettings;
import io.reasonrank.rerank.WindowTrace;
import io.reasonrank.rerank.schedule.RerankScheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@link RerankEngine} over core's rerankers and one shared {@link LlmBackend}: every request of the process
 * goes through the same reranker, backend and (optional) completion cache.
 *
 * <p><b>Sharing the machine.</b> Each request is reranked on its caller's (virtual) thread, so concurrent
 * requests' windows meet in the backend, which bounds the calls in flight to its slots
 * ({@link LlmBackend#capacity()}); no request waits for another's window, exactly as {@link RerankScheduler}'s
 * concurrent mode runs the queries of a batch. At most {@code maxRunning} requests are reranked at once (by
 * default {@link #defaultMaxRunning}: every slot busy and as many calls queued), further
 * ones wait in a queue of {@code maxWaiting}, and a request that finds the queue full is refused with
 * {@link EngineOverloadedException} before any work. With a cache, the backend is wrapped in
 * {@link CachingBackend}, whose single flight makes identical concurrent windows cost one model call.
 *
 * <p><b>Deadlines and failures.</b> A request's model calls are bounded by its deadline ({@link DeadlineBackend});
 * a call that fails (after the backend's own retries) or runs into the deadline leaves its window in its order,
 * which the reranker records as a failed {@link WindowTrace}, and each such window is named in
 * {@link EngineResult#warnings()} with its cause. An unexpected exception of the reranker answers the whole input
 * order, also with a warning. Nothing the model does makes {@link #rerank} throw.
 *
 * <p><b>Same ranking as the batch command.</b> The documents become the candidates of one query in request order
 * (document i has id {@code i} unless the caller set one, and first-stage score {@code n - i}); the reranker is
 * the one {@code reasonrank rerank} builds for the same strategy, mode, tokenizer, passage length, window
 * settings and score mode, so the order equals the one that command writes for the same query and documents.
 */
public final class ReasonRankEngine implements RerankEngine {
  private final LlmBackend base;
  private final CompletionCache cache;
  private final HfTokenizer tokenizer;
  private final Reranker reranker;
  private final Strategy strategy;
  private final PromptMode mode;
  private final int passageTokens;
  private final WindowSettings settings;
  private final int maxTokens;
  private final PromptPlan plan;
  private final int maxRunning;
  private final int maxWaiting;
  private final Semaphore running;
  private final AtomicInteger admitted = new AtomicInteger();
  private final AtomicInteger runningNow = new AtomicInteger();

  private ReasonRankEngine(Builder b, RerankerBuilder.Spec r) {
    this.base = b.backend;
    this.cache = b.cache;
    this.tokenizer = r.tokenizer() != null ? r.tokenizer() : HfTokenizer.forMode(r.mode());
    this.strategy = r.strategy();
    this.mode = r.mode();
    this.passageTokens = r.maxPassageTokens();
    this.settings = r.settings();
    LlmBackend llm = base;
    if (cache != null) llm = new CachingBackend(llm, cache, b.cacheKind);
    if (r.maxTokens() != null) llm = new MaxTokensBackend(llm, r.maxTokens());
    llm = new DeadlineBackend(llm);
    // the one factory and cost model of the CLI: same reranker, same max_tokens, same context bound
    this.reranker = strategy.reranker(llm, mode, tokenizer, passageTokens, settings, r.scoreMode());
    this.plan = new PromptPlan(strategy, mode, tokenizer, passageTokens, settings);
    this.maxTokens = r.maxTokens() != null ? r.maxTokens() : plan.maxTokens();
    this.maxRunning = b.maxRunning > 0 ? b.maxRunning : defaultMaxRunning(Math.max(1, base.capacity()));
    this.maxWaiting = b.maxWaiting >= 0 ? b.maxWaiting : 4 * maxRunning;
    this.running = new Semaphore(maxRunning, true);
  }

  /** A builder with the reference's defaults: sliding window 20/10 over the top 100, {@code rank_GPT_reasoning}, 100-token passages. */
  /**
   * {@code 2 × capacity + 16} requests reranked at once: every slot busy, as many calls queued behind them, and a
   * cushion for the time a request spends between calls. A batch run keeps more queries in flight
   * ({@link RerankScheduler#defaultQueriesInFlight}) to shorten its tail; a service gains nothing from that, and a
   * request beyond this bound waits in the engine's own queue, where it can be refused (429), instead of in the backend.
   */
  public static int defaultMaxRunning(int capacity) {
    if (capacity < 1) throw new IllegalArgumentException("capacity must be >= 1, got " + capacity);
    return 2 * capacity + 16;
  }

  public static Builder builder(LlmBackend backend) {
    return new Builder(backend);
  }

  public Strategy strategy() {
    return strategy;
  }

  public PromptMode mode() {
    return mode;
  }

  public WindowSettings settings() {
    return settings;
  }

  public int maxPassageTokens() {
    return passageTokens;
  }

  @Override
  public String model() {
    return base.model();
  }

  @Override
  public QueueState queueState() {
    int r = runningNow.get();
    return new QueueState(Math.max(0, admitted.get() - r), r, maxRunning, maxWaiting);
  }

  @Override
  public EngineResult rerank(EngineRequest request) {
    long t0 = System.nanoTime();
    int n = request.documents().size();
    if (admitted.incrementAndGet() > maxRunning + maxWaiting) {
      admitted.decrementAndGet();
      throw new EngineOverloadedException("the rerank queue is full (" + maxRunning + " running, " + maxWaiting + " waiting)",
          Duration.ofSeconds(1));
    }
    try {
      Duration wait = Duration.between(Instant.now(), request.deadline());
      boolean placed;
      try {
        placed = !wait.isNegative() && running.tryAcquire(wait.toNanos(), TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        placed = false;
      }
      if (!placed) {
        return inputOrder(n, List.of("deadline exceeded while queued: all " + n + " documents keep their input order"), true, t0);
      }
      runningNow.incrementAndGet();
      try {
        return rerankNow(request, t0);
      } finally {
        runningNow.decrementAndGet();
        running.release();
      }
    } finally {
      admitted.decrementAndGet();
    }
  }

  private EngineResult rerankNow(EngineRequest request, long t0) {
    List<Document> docs = request.documents();
    int n = docs.size();
    List<Candidate> candidates = new ArrayList<>(n);
    Map<String, Integer> indexById = new HashMap<>();
    for (int i = 0; i < n; i++) {
      Document d = docs.get(i);
      if (indexById.putIfAbsent(d.id(), i) != null) throw new IllegalArgumentException("document id '" + d.id() + "' repeats");
      candidates.add(new Candidate(d, n - i));
    }
    DeadlineBackend.Deadline deadline = new DeadlineBackend.Deadline(request.deadline());
    RerankResult result;
    try {
      result = DeadlineBackend.withDeadline(deadline,
          () -> reranker.rerank(new RerankRequest(new Query(request.requestId(), request.query()), candidates)));
    } catch (RuntimeException e) {
      return inputOrder(n, List.of("reranking failed, all " + n + " documents keep their input order: " + oneLine(e)), deadline.hit.get(), t0);
    }
    List<Integer> order = new ArrayList<>(n);
    for (Candidate c : result.ranked()) order.add(indexById.get(c.docid()));
    List<String> warnings = new ArrayList<>();
    long in = 0, out = 0;
    int failed = 0;
    for (WindowTrace w : result.windows()) {
      in += w.promptTokens();
      out += w.completionTokens();
      if (w.failed()) {
        failed++;
        warnings.add("window [" + w.start() + ", " + w.end() + ") kept its order: " + (w.error() == null ? "call failed" : w.error()));
      }
    }
    return new EngineResult(order, Math.min(settings.topK(), n), result.windows(), warnings, deadline.hit.get(), failed, in, out,
        (System.nanoTime() - t0) / 1_000_000);
  }

  private static EngineResult inputOrder(int n, List<String> warnings, boolean deadline, long t0) {
    List<Integer> order = new ArrayList<>(n);
    for (int i = 0; i < n; i++) order.add(i);
    return new EngineResult(order, 0, List.of(), warnings, deadline, 0, 0, 0, (System.nanoTime() - t0) / 1_000_000);
  }

  /**
   * Asks the backend for its model and context, and checks that the largest prompt these settings can build
   * ({@link PromptPlan#promptUpperBound(String, int)} with an empty query, the bound {@code rerank} checks) plus
   * {@code max_tokens} fits.
   */
  @Override
  public Readiness readiness() {
    try {
      String m = base.model();
      OptionalInt ctx = base.contextLength();
      long needed = (long) plan.promptUpperBound("", settings.topK()) + maxTokens;
      if (ctx.isEmpty()) return new Readiness(true, "model " + m + " answers; context length unknown (needs " + needed + " tokens)");
      if (needed > ctx.getAsInt()) {
        return new Readiness(false, "model " + m + ": the largest prompt (" + (needed - maxTokens) + " tokens) plus max_tokens "
            + maxTokens + " exceeds the context of " + ctx.getAsInt() + " tokens");
      }
      return new Readiness(true, "model " + m + " answers; largest prompt + max_tokens = " + needed + " of " + ctx.getAsInt() + " tokens");
    } catch (LlmException e) {
      return new Readiness(false, "backend unreachable: " + oneLine(e));
    } catch (RuntimeException e) {
      return new Readiness(false, "readiness check failed: " + oneLine(e));
    }
  }

  /** Closes the backend, the cache and the tokenizer. */
  @Override
  public void close() {
    try {
      base.close();
    } finally {
      try {
        if (cache != null) cache.close();
      } finally {
        tokenizer.close();
      }
    }
  }

  static String oneLine(Throwable t) {
    return Messages.oneLine(t);
  }

  /**
   * Builds a {@link ReasonRankEngine}; every setting has the reference's default. The engine owns what it is given,
   * the tokenizer and the cache included, and closes them.
   */
  public static final class Builder extends RerankerBuilder<Builder> {
    private final LlmBackend backend;
    private CompletionCache cache;
    private String cacheKind;
    private int maxRunning;
    private int maxWaiting = -1;

    private Builder(LlmBackend backend) {
      this.backend = Objects.requireNonNull(backend, "backend");
    }

    /** A completion cache shared by all requests; {@code backendKind} names the endpoint in its keys (see {@link CachingBackend}). */
    public Builder cache(CompletionCache cache, String backendKind) {
      this.cache = Objects.requireNonNull(cache, "cache");
      this.cacheKind = Objects.requireNonNull(backendKind, "backendKind");
      return this;
    }

    /** Requests reranked at once (default: {@link ReasonRankEngine#defaultMaxRunning} of the backend's capacity). */
    public Builder maxRunning(int maxRunning) {
      if (maxRunning < 1) throw new IllegalArgumentException("maxRunning must be >= 1, got " + maxRunning);
      this.maxRunning = maxRunning;
      return this;
    }

    /** Requests that may wait for a place (default: 4 × maxRunning); one more is refused. */
    public Builder maxWaiting(int maxWaiting) {
      if (maxWaiting < 0) throw new IllegalArgumentException("maxWaiting must be >= 0, got " + maxWaiting);
      this.maxWaiting = maxWaiting;
      return this;
    }

    public ReasonRankEngine build() {
      return new ReasonRankEngine(this, spec());
    }

    @Override
    protected Builder self() {
      return this;
    }
  }
}
