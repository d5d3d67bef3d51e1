package io.reasonrank.pipeline;

import io.reasonrank.llm.LlmBackend;
import io.reasonrank.llm.LlmException;
import io.reasonrank.llm.cache.CachingBackend;
import io.reasonrank.llm.cache.CompletionCache;
import io.reasonrank.llm.openai.Endpoint;
import io.reasonrank.llm.tokenizer.HfTokenizer;
import io.reasonrank.model.RerankRequest;
import io.reasonrank.prompt.PromptMode;
import io.reasonrank.rerank.RerankResult;
import io.reasonrank.rerank.Reranker;
import io.reasonrank.rerank.ScoreMode;
import io.reasonrank.rerank.WindowSettings;
import io.reasonrank.rerank.schedule.LockstepBackend;
import io.reasonrank.rerank.schedule.LockstepBatches;
import io.reasonrank.rerank.schedule.Progress;
import io.reasonrank.rerank.schedule.QueryOutcome;
import io.reasonrank.rerank.schedule.RerankScheduler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Reranks queries with resume and cache, the way {@code reasonrank rerank} does, for a Java program:
 *
 * <pre>{@code
 * try (RerankPipeline pipeline = RerankPipeline.builder(backend)
 *     .maxPassageTokens(100)
 *     .cache(Path.of("run.cache.sqlite"))
 *     .checkpoint(Path.of("run.partial.jsonl"))
 *     .build()) {
 *   RerankPipeline.Outcome out = pipeline.run(requests);
 * }
 * }</pre>
 *
 * <p>The decorators sit in the CLI's order: the reranker calls a {@link CallRecorder} (counts, and the
 * {@code maxTokens} override, applied before the cache so that its keys carry the budget asked for), which calls the
 * {@link CachingBackend} over the {@link CompletionCache} (every answer stored as it arrives; identical concurrent
 * calls cost one), which calls the backend. Queries run concurrently through a {@link RerankScheduler}; each finished
 * query without a failed window is appended to the {@link Checkpoint}. A run killed at any point and started again
 * with the same settings and requests skips the finished queries and replays the answered windows from the cache, so
 * it ends with the rankings an uninterrupted run returns without asking the model for any window twice. The
 * checkpoint is deleted once every query has succeeded.
 *
 * <p>The pipeline owns the tokenizer it made and the cache it opened, not the backend.
 */
public final class RerankPipeline implements AutoCloseable {
  private final LlmBackend backend;
  private final Strategy strategy;
  private final PromptMode mode;
  private final HfTokenizer tokenizer;
  private final boolean ownsTokenizer;
  private final int passageTokens;
  private final WindowSettings settings;
  private final ScoreMode scoreMode;
  private final Integer maxTokens;
  private final Path checkpointFile;
  private final CompletionCache cache;
  private final CachingBackend caching;
  private final CallRecorder recorder;
  private final Reranker reranker;
  private final int maxQueriesInFlight;
  private final Consumer<String> notices;
  private final boolean ownsCache;
  private final LockstepBackend lockstep;
  private final String fingerprintBackend;
  private final Endpoint fingerprintEndpoint;
  private final Path fingerprintTokenizer;
  private final boolean deleteCheckpoint;

  private RerankPipeline(Builder b, RerankerBuilder.Spec r) {
    this.backend = b.backend;
    this.strategy = r.strategy();
    this.mode = r.mode();
    this.ownsTokenizer = r.tokenizer() == null;
    this.tokenizer = ownsTokenizer ? HfTokenizer.forMode(mode) : r.tokenizer();
    this.passageTokens = r.maxPassageTokens();
    this.settings = r.settings();
    this.scoreMode = r.scoreMode();
    this.maxTokens = r.maxTokens();
    this.checkpointFile = b.checkpoint;
    this.maxQueriesInFlight = b.maxQueriesInFlight;
    this.notices = b.notices;
    this.fingerprintBackend = b.fingerprintBackend;
    this.fingerprintEndpoint = b.fingerprintEndpoint;
    this.fingerprintTokenizer = b.fingerprintTokenizer;
    this.deleteCheckpoint = b.deleteCheckpoint;
    LlmBackend llm = backend;
    this.ownsCache = b.openCache == null && b.cacheFile != null;
    this.cache = b.openCache != null ? b.openCache : b.cacheFile != null ? CompletionCache.open(b.cacheFile) : null;
    if (cache != null) {
      this.caching = new CachingBackend(llm, cache, b.cacheKind);
      llm = caching;
    } else {
      this.caching = null;
    }
    this.recorder = new CallRecorder(llm, maxTokens, b.onCallFailure);
    this.lockstep = b.lockstep ? new LockstepBackend(recorder) : null;
    this.reranker = strategy.reranker(lockstep != null ? lockstep : recorder, mode, tokenizer, passageTokens, settings, scoreMode);
  }

  /**
   * A builder over {@code backend} (see {@link Backends}, or any {@link LlmBackend}) with the reference's defaults:
   * see each setter for its default.
   */
  public static Builder builder(LlmBackend backend) {
    return new Builder(backend);
  }

  /**
   * What a run did.
   *
   * @param results one per request, in request order (a failed query keeps its first-stage order and has no windows)
   * @param resumed queries read from the checkpoint instead of reranked
   * @param failedQueries {@code qid: message} of each query whose reranking threw
   * @param callsMade model calls answered by the backend now
   * @param callsCached model calls answered by the cache
   * @param callsFailed model calls that failed (after the backend's retries); their windows kept their order
   */
  public record Outcome(List<RerankResult> results, int resumed, List<String> failedQueries, long callsMade, long callsCached,
      long callsFailed) {
    public Outcome {
      results = List.copyOf(results);
      failedQueries = List.copyOf(failedQueries);
    }

    /** True when every query was reranked and no call failed. */
    public boolean complete() {
      return failedQueries.isEmpty() && callsFailed == 0 && results.stream().allMatch(r -> r.failedWindows() == 0);
    }
  }

  /** The reranker the pipeline runs (decorated backend included). */
  public Reranker reranker() {
    return reranker;
  }

  /** The call counts of every run of this pipeline so far. */
  public CallRecorder calls() {
    return recorder;
  }

  /** The cache decorator, for its statistics; null without a cache. */
  public CachingBackend caching() {
    return caching;
  }

  /** Told how a run goes: when its queries are known, and as each query ends (from the scheduler's serial listener). */
  public interface RunListener {
    /** Before the first call: how many queries there are and how many were read from the checkpoint. */
    default void started(int queries, int resumed) {}

    /** A query ended (succeeded or failed); {@code progress} counts the queries reranked now. */
    default void queryDone(QueryOutcome outcome, Progress progress) {}
  }

  /** The cost model and context check of these settings (the dry run). */
  public PromptPlan plan() {
    return new PromptPlan(strategy, mode, tokenizer, passageTokens, settings);
  }

  /**
   * Reranks {@code requests} (query ids unique), resuming from the checkpoint when one was made under the same
   * settings and requests.
   *
   * @throws UncheckedIOException when the checkpoint cannot be read or written
   * @throws InterruptedException when interrupted; run again to resume
   */
  public Outcome run(List<RerankRequest> requests) throws InterruptedException {
    return run(requests, new RunListener() {});
  }

  /** As {@link #run(List)}, telling {@code listener} how it goes. */
  public Outcome run(List<RerankRequest> requests, RunListener listener) throws InterruptedException {
    long made0 = recorder.generatedCalls(), cached0 = recorder.cachedCalls(), failed0 = recorder.failedCalls();
    RerankResult[] results = new RerankResult[requests.size()];
    List<RerankRequest> todo = new ArrayList<>();
    List<Integer> todoIndex = new ArrayList<>();
    Checkpoint checkpoint = null;
    try {
      if (checkpointFile != null) {
        String fp = Checkpoint.fingerprint(mode, strategy, scoreMode, settings, passageTokens, backend.model(), fingerprintBackend,
            fingerprintEndpoint, maxTokens, requests, fingerprintTokenizer);
        checkpoint = Checkpoint.open(checkpointFile, fp, requests, notices);
      }
      for (int i = 0; i < requests.size(); i++) {
        RerankResult r = checkpoint == null ? null : checkpoint.done().get(requests.get(i).query().id());
        if (r != null) results[i] = r;
        else {
          todo.add(requests.get(i));
          todoIndex.add(i);
        }
      }
      listener.started(requests.size(), requests.size() - todo.size());
      RerankScheduler scheduler = lockstep != null ? RerankScheduler.lockstep(reranker, lockstep, LockstepBatches.reference(512, settings.topK()))
          : maxQueriesInFlight > 0 ? RerankScheduler.concurrent(reranker, maxQueriesInFlight)
          : RerankScheduler.forBackend(reranker, recorder);
      Checkpoint cp = checkpoint;
      List<QueryOutcome> outcomes = scheduler.run(todo, (o, p) -> {
        // a query with a failed window is not checkpointed: a re-run asks for exactly its failed windows again
        // (the cache answers the others)
        if (cp != null && o.succeeded() && o.result().failedWindows() == 0) cp.append(o.result(), strategy.id());
        listener.queryDone(o, p);
      });
      List<String> failedQueries = new ArrayList<>();
      for (QueryOutcome o : outcomes) {
        int i = todoIndex.get(o.index());
        if (o.succeeded()) results[i] = o.result();
        else {
          failedQueries.add(o.qid() + ": " + Messages.oneLine(o.failure()));
          results[i] = new RerankResult(o.qid(), requests.get(i).candidates(), List.of());
        }
      }
      Outcome out = new Outcome(List.of(results), requests.size() - todo.size(), failedQueries, recorder.generatedCalls() - made0,
          recorder.cachedCalls() - cached0, recorder.failedCalls() - failed0);
      if (checkpoint != null) checkpoint.close();
      checkpoint = null;
      if (checkpointFile != null && deleteCheckpoint && out.complete()) Files.deleteIfExists(checkpointFile);
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      if (checkpoint != null) {
        try {
          checkpoint.close();
        } catch (IOException ignored) {
          // the rows written so far are flushed; closing again changes nothing
        }
      }
    }
  }

  /** Closes the cache it opened (not one it was given) and the tokenizer it loaded; the backend stays open (its owner closes it). */
  @Override
  public void close() {
    try {
      if (ownsCache) cache.close();
    } finally {
      if (ownsTokenizer) tokenizer.close();
    }
  }

  /**
   * Builds a {@link RerankPipeline}; every setting has a default, named on its setter. A tokenizer given to
   * {@link #tokenizer} stays the caller's to close.
   */
  public static final class Builder extends RerankerBuilder<Builder> {
    private final LlmBackend backend;
    private Path cacheFile;
    private String cacheKind = "library";
    private Path checkpoint;
    private int maxQueriesInFlight;
    private Consumer<String> notices = m -> {};
    private CompletionCache openCache;
    private Consumer<LlmException> onCallFailure = e -> {};
    private boolean lockstep;
    private String fingerprintBackend = "library";
    private Endpoint fingerprintEndpoint = Endpoint.COMPLETIONS;
    private Path fingerprintTokenizer;
    private boolean deleteCheckpoint = true;

    private Builder(LlmBackend backend) {
      this.backend = Objects.requireNonNull(backend, "backend");
    }

    /** A SQLite completion cache, created if missing (default: none; a killed run then asks unfinished windows again). */
    public Builder cache(Path file) {
      return cache(file, "library");
    }

    /** As {@link #cache(Path)}, naming the endpoint in the cache keys as the CLI does ({@code openai-completions URL}). */
    public Builder cache(Path file, String backendKind) {
      this.cacheFile = Objects.requireNonNull(file, "file");
      this.cacheKind = Objects.requireNonNull(backendKind, "backendKind");
      return this;
    }

    /** As {@link #cache(Path, String)} over a cache already open; the caller keeps it and closes it. */
    public Builder cache(CompletionCache cache, String backendKind) {
      this.openCache = Objects.requireNonNull(cache, "cache");
      this.cacheKind = Objects.requireNonNull(backendKind, "backendKind");
      return this;
    }

    /** Told about the first failed call with each distinct message (default: ignored; every failure is still counted). */
    public Builder onCallFailure(Consumer<LlmException> onCallFailure) {
      this.onCallFailure = Objects.requireNonNull(onCallFailure, "onCallFailure");
      return this;
    }

    /**
     * The reference's lock-step batches (512 queries, window k of all at once) instead of the scheduler (default
     * false); listwise strategies only, whose calls run on the calling thread.
     */
    public Builder lockstep(boolean lockstep) {
      this.lockstep = lockstep;
      return this;
    }

    /**
     * What the checkpoint's fingerprint names besides the settings and requests (default {@code "library"}, the
     * completions endpoint, no tokenizer file): the CLI's backend name, endpoint and {@code --tokenizer} path, so a
     * checkpoint made through another backend is not resumed.
     */
    public Builder fingerprint(String backendName, Endpoint endpoint, Path tokenizerFile) {
      this.fingerprintBackend = Objects.requireNonNull(backendName, "backendName");
      this.fingerprintEndpoint = Objects.requireNonNull(endpoint, "endpoint");
      this.fingerprintTokenizer = tokenizerFile;
      return this;
    }

    /** Whether a run where everything succeeded deletes its checkpoint (default true; the CLI deletes it after writing its outputs). */
    public Builder deleteCheckpointWhenComplete(boolean delete) {
      this.deleteCheckpoint = delete;
      return this;
    }

    /** The resume checkpoint, JSON lines (default: none; a killed run starts over, the cache still answering). */
    public Builder checkpoint(Path file) {
      this.checkpoint = Objects.requireNonNull(file, "file");
      return this;
    }

    /** Queries reranked at once (default 0: {@link RerankScheduler#defaultQueriesInFlight} of the backend's capacity). */
    public Builder maxQueriesInFlight(int n) {
      if (n < 0) throw new IllegalArgumentException("maxQueriesInFlight must be >= 0, got " + n);
      this.maxQueriesInFlight = n;
      return this;
    }

    /** Told one-line notices, such as a checkpoint set aside because it was made under other settings (default: ignored). */
    public Builder notices(Consumer<String> notices) {
      this.notices = Objects.requireNonNull(notices, "notices");
      return this;
    }

    /** @throws IllegalArgumentException or IllegalStateException when the strategy's reranker refuses the settings */
    public RerankPipeline build() {
      return new RerankPipeline(this, spec());
    }

    @Override
    protected Builder self() {
      return this;
    }
  }
}
