package io.reasonrank.llm.cache;

import io.reasonrank.llm.Completion;
import io.reasonrank.llm.ForwardingLlmBackend;
import io.reasonrank.llm.LlmBackend;
import io.reasonrank.llm.LlmException;
import io.reasonrank.llm.LlmRequest;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Puts a {@link CompletionCache} in front of a backend (docs/reference-behaviour.md §13.9: "lose nothing when a long run
 * dies"). A hit returns the stored answer, marked {@linkplain Completion#cached() cached}, without
 * calling the model. A miss calls the model and stores the answer <em>before</em> returning it, so a
 * run killed at any point loses at most the calls still in flight; rerun with the same cache, it
 * replays every answered call and asks the model only for the rest. A call that fails is not stored
 * (a later run asks again); an answer that cannot be stored fails the call with {@link CacheException}.
 *
 * <p><b>Single flight.</b> Concurrent misses of one key share one model call: the first caller (the
 * leader) registers a future under the key's {@link CacheKey#sha256() hash}, checks the cache once
 * more (an earlier leader may have stored the answer between this caller's lookup and its
 * registration), calls the model, stores the answer and only then completes the future; every other
 * caller that misses the same key meanwhile waits for that future and returns the leader's answer
 * marked {@linkplain Completion#cached() cached}, since it did not cost a model call of its own. The
 * entry is removed when the leader is done, success or not, so a failure is never remembered: the
 * leader's exception (the same {@link LlmException}, {@link CacheException} or other
 * {@link RuntimeException} instance, nothing stored) is thrown to each waiter, and the next call
 * after that asks the model again. Different keys never wait on each other (there is no global lock).
 * A waiter that is interrupted stops waiting, keeps its interrupt flag and throws a non-retryable
 * {@link LlmException}, as the HTTP backends do; the leader's call goes on for the others.
 * {@link #stats()} counts waiters as {@link CacheStats#shared() shared}.
 *
 * <p>The key is the model, {@code backendKind} and the whole request ({@link CacheKey}). Name the
 * endpoint in {@code backendKind} (e.g. {@code "openai-completions http://host:8000/v1"}): the same
 * model behind another engine or chat template may answer differently. The cache is not closed with
 * this backend; whoever opened it closes it.
 */
public final class CachingBackend extends ForwardingLlmBackend {
  private final CompletionCache cache;
  private final String backendKind;
  /** The model calls in flight, by key hash; each future yields the answer as stored. */
  private final ConcurrentHashMap<String, CompletableFuture<Completion>> inFlight = new ConcurrentHashMap<>();
  private final LongAdder hits = new LongAdder();
  private final LongAdder misses = new LongAdder();
  private final LongAdder shared = new LongAdder();
  private final LongAdder failures = new LongAdder();
  private final LongAdder promptTokensSaved = new LongAdder();
  private final LongAdder completionTokensSaved = new LongAdder();
  private final AtomicLong millisSaved = new AtomicLong();

  public CachingBackend(LlmBackend delegate, CompletionCache cache, String backendKind) {
    super(delegate);
    this.cache = Objects.requireNonNull(cache, "cache");
    Objects.requireNonNull(backendKind, "backendKind");
    if (backendKind.isBlank()) throw new IllegalArgumentException("backendKind must not be blank");
    this.backendKind = backendKind;
  }

  @Override
  public Completion complete(LlmRequest request) {
    CacheKey key = CacheKey.of(delegate().model(), backendKind, request);
    var hit = cache.get(key);
    if (hit.isPresent()) return replay(hit.get());
    String hash = key.sha256();
    CompletableFuture<Completion> mine = new CompletableFuture<>();
    CompletableFuture<Completion> leader = inFlight.putIfAbsent(hash, mine);
    if (leader != null) return await(leader);
    try {
      Completion answer = lead(key, request);
      mine.complete(answer);
      return answer;
    } catch (Throwable e) {
      mine.completeExceptionally(e);
      throw e;
    } finally {
      inFlight.remove(hash, mine);
    }
  }

  /** The leader's part: the model call and its storage, as before single flight. */
  private Completion lead(CacheKey key, LlmRequest request) {
    // Closes the window between our miss and our registration, in which a previous leader may have stored and left.
    var stored = cache.get(key);
    if (stored.isPresent()) return replay(stored.get());
    long t0 = System.nanoTime();
    Completion fresh;
    try {
      fresh = delegate().complete(request);
    } catch (RuntimeException e) {
      failures.increment();
      throw e;
    }
    long millis = (System.nanoTime() - t0) / 1_000_000;
    cache.put(key, fresh, millis);
    misses.increment();
    return fresh;
  }

  private Completion replay(CompletionCache.Entry entry) {
    Completion c = entry.completion();
    hits.increment();
    promptTokensSaved.add(c.promptTokens());
    completionTokensSaved.add(c.completionTokens());
    millisSaved.addAndGet(entry.millis());
    return c;
  }

  /** A waiter's part: the leader's answer, or the leader's own exception. */
  private Completion await(CompletableFuture<Completion> leader) {
    Completion c;
    try {
      c = leader.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LlmException("interrupted while waiting for the same request in flight", false, e);
    } catch (ExecutionException e) {
      failures.increment();
      // Rethrown as is, so that callers see the type (and retryable flag) the leader saw.
      switch (e.getCause()) {
        case RuntimeException re -> throw re;
        case Error err -> throw err;
        default -> throw new LlmException("the same request in flight failed", false, e.getCause());
      }
    }
    shared.increment();
    promptTokensSaved.add(c.promptTokens());
    completionTokensSaved.add(c.completionTokens());
    return c.asCached();
  }

  /** Counters since this backend was made. */
  public CacheStats stats() {
    return new CacheStats(hits.sum(), misses.sum(), failures.sum(), promptTokensSaved.sum(), completionTokensSaved.sum(),
        millisSaved.get() / 1000.0, shared.sum());
  }

  public CompletionCache cache() {
    return cache;
  }

  public String backendKind() {
    return backendKind;
  }
}
