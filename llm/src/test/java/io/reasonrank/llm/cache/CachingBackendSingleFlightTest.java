package io.reasonrank.llm.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.reasonrank.llm.ChatMessage;
import io.reasonrank.llm.Completion;
import io.reasonrank.llm.LlmBackend;
import io.reasonrank.llm.LlmException;
import io.reasonrank.llm.LlmRequest;
import io.reasonrank.llm.SamplingParams;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Single flight: concurrent misses of one key share one model call; other keys are not held up. */
@Timeout(60)
class CachingBackendSingleFlightTest {
  @TempDir Path tmp;

  private static final SamplingParams SAMPLING = new SamplingParams(0.0, null, null, null, 3172, null, List.of(), null);
  private static final int THREADS = 16;

  private static LlmRequest request(String prompt) {
    return new LlmRequest(List.of(ChatMessage.system("sys"), ChatMessage.user(prompt)), prompt, SAMPLING);
  }

  /**
   * Test double of a model that holds each call until every worker has called the cache and holds
   * the first call until the others are parked (waiting for the call in flight), so that all of them
   * miss while it runs (or, with {@code waitForParkedWorkers} off, holds each call until all workers
   * are inside the model); then
   * it answers with {@code answer.apply(callNumber)}, or throws what that returns.
   */
  private static final class GatedFakeBackend implements LlmBackend {
    final AtomicInteger calls = new AtomicInteger();
    final AtomicInteger inFlight = new AtomicInteger();
    final AtomicInteger maxInFlight = new AtomicInteger();
    final CountDownLatch arrived;
    final CountDownLatch entered;
    final Set<Thread> workers = ConcurrentHashMap.newKeySet();
    final IntFunction<Completion> answer;
    volatile boolean waitForParkedWorkers = true;

    GatedFakeBackend(int workers, IntFunction<Completion> answer) {
      this.arrived = new CountDownLatch(workers);
      this.entered = new CountDownLatch(workers);
      this.answer = answer;
    }

    /** Called by each worker just before it calls the cache. */
    void arrive() {
      workers.add(Thread.currentThread());
      arrived.countDown();
    }

    @Override
    public Completion complete(LlmRequest request) {
      int call = calls.incrementAndGet();
      int now = inFlight.incrementAndGet();
      maxInFlight.accumulateAndGet(now, Math::max);
      try {
        if (!arrived.await(10, TimeUnit.SECONDS)) throw new AssertionError("workers did not arrive");
        if (waitForParkedWorkers && call == 1) awaitOthersParked(); // later calls come after the race
        if (!waitForParkedWorkers) {
          // Different keys: hold every call until all are inside the model; a serialising cache never gets there.
          entered.countDown();
          entered.await(5, TimeUnit.SECONDS);
        }
        return answer.apply(call);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new LlmException("interrupted", false, e);
      } finally {
        inFlight.decrementAndGet();
      }
    }

    // Bounded: should the others never park, the assertions on the counts say so instead of a hang.
    private void awaitOthersParked() throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      while (System.nanoTime() < deadline) {
        boolean allParked = workers.stream()
            .filter(t -> t != Thread.currentThread())
            .allMatch(CachingBackendSingleFlightTest::waitsForAFuture);
        if (allParked) return;
        Thread.sleep(2);
      }
    }

    @Override
    public String model() {
      return "gated-model";
    }

    @Override
    public int capacity() {
      return THREADS;
    }
  }

  /** Parked in {@code CompletableFuture.get} (its blocker is a ManagedBlocker), not e.g. waiting for a cache connection. */
  static boolean waitsForAFuture(Thread t) {
    return t.getState() == Thread.State.WAITING && LockSupport.getBlocker(t) instanceof ForkJoinPool.ManagedBlocker;
  }

  private static <T> List<Future<T>> startTogether(ExecutorService pool, int n, java.util.concurrent.Callable<T> task) {
    CountDownLatch go = new CountDownLatch(1);
    List<Future<T>> futures = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      futures.add(pool.submit(() -> {
        go.await();
        return task.call();
      }));
    }
    go.countDown();
    return futures;
  }

  @Test
  void concurrentMissesOfOneKeyShareOneModelCall() throws Exception {
    GatedFakeBackend model = new GatedFakeBackend(THREADS, call -> new Completion("the answer " + call, 10, 20, "stop"));
    try (CompletionCache cache = CompletionCache.open(tmp.resolve("c.db"));
         ExecutorService pool = Executors.newFixedThreadPool(THREADS)) {
      CachingBackend backend = new CachingBackend(model, cache, "gated");
      List<Future<Completion>> futures = startTogether(pool, THREADS, () -> {
        model.arrive();
        return backend.complete(request("same window"));
      });
      List<Completion> answers = new ArrayList<>();
      for (Future<Completion> f : futures) answers.add(f.get());

      assertThat(model.calls).hasValue(1);
      assertThat(answers).extracting(Completion::text).containsOnly("the answer 1");
      assertThat(answers).filteredOn(c -> !c.cached()).hasSize(1); // the leader's fresh answer
      assertThat(answers).filteredOn(Completion::cached).hasSize(THREADS - 1)
          .allSatisfy(c -> assertThat(c).isEqualTo(new Completion("the answer 1", 10, 20, "stop").asCached()));
      CacheStats stats = backend.stats();
      assertThat(stats.misses()).isEqualTo(1);
      assertThat(stats.failures()).isZero();
      assertThat(stats.hits()).isZero();
      assertThat(stats.shared()).isEqualTo(THREADS - 1);
      assertThat(stats.completionTokensSaved()).isEqualTo(20L * (THREADS - 1));
      assertThat(stats.hitRate()).isEqualTo((THREADS - 1) / (double) THREADS);
      assertThat(stats.toString()).contains(" shared, 0 failed");
      assertThat(cache.size()).isEqualTo(1);
      // later calls are plain hits
      assertThat(backend.complete(request("same window")).cached()).isTrue();
      assertThat(model.calls).hasValue(1);
    }
  }

  @Test
  void aFailingLeaderFailsEveryWaiterStoresNothingAndTheNextCallTriesAgain() throws Exception {
    LlmException scripted = new LlmException("scripted failure", true);
    GatedFakeBackend model = new GatedFakeBackend(THREADS, call -> {
      if (call == 1) throw scripted;
      return new Completion("second try", 1, 2, "stop");
    });
    try (CompletionCache cache = CompletionCache.open(tmp.resolve("c.db"));
         ExecutorService pool = Executors.newFixedThreadPool(THREADS)) {
      CachingBackend backend = new CachingBackend(model, cache, "gated");
      List<Future<Throwable>> futures = startTogether(pool, THREADS, () -> {
        model.arrive();
        try {
          backend.complete(request("flaky window"));
          return null;
        } catch (RuntimeException e) {
          return e;
        }
      });
      for (Future<Throwable> f : futures) assertThat(f.get()).isSameAs(scripted);

      assertThat(model.calls).hasValue(1);
      assertThat(cache.size()).isZero();
      assertThat(backend.stats().failures()).isEqualTo(THREADS);
      assertThat(backend.stats().misses() + backend.stats().hits() + backend.stats().shared()).isZero();

      Completion retry = backend.complete(request("flaky window"));
      assertThat(retry).isEqualTo(new Completion("second try", 1, 2, "stop"));
      assertThat(model.calls).hasValue(2);
      assertThat(cache.size()).isEqualTo(1);
    }
  }

  @Test
  void differentKeysRunConcurrently() throws Exception {
    GatedFakeBackend model = new GatedFakeBackend(THREADS, call -> new Completion("a" + call, 1, 1, "stop"));
    model.waitForParkedWorkers = false;
    try (CompletionCache cache = CompletionCache.open(tmp.resolve("c.db"));
         ExecutorService pool = Executors.newFixedThreadPool(THREADS)) {
      CachingBackend backend = new CachingBackend(model, cache, "gated");
      AtomicInteger next = new AtomicInteger();
      List<Future<Completion>> futures = startTogether(pool, THREADS, () -> {
        model.arrive();
        return backend.complete(request("window " + next.getAndIncrement()));
      });
      for (Future<Completion> f : futures) assertThat(f.get().cached()).isFalse();

      assertThat(model.maxInFlight).hasValue(THREADS);
      assertThat(model.calls).hasValue(THREADS);
      assertThat(backend.stats().misses()).isEqualTo(THREADS);
      assertThat(backend.stats().shared()).isZero();
      assertThat(cache.size()).isEqualTo(THREADS);
    }
  }

  @Test
  void anInterruptedWaiterStopsWaitingWhileTheLeaderGoesOn() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch leaderInModel = new CountDownLatch(1);
    CountingFakeBackend answers = new CountingFakeBackend("slow");
    LlmBackend model = new LlmBackend() {
      @Override
      public Completion complete(LlmRequest request) {
        leaderInModel.countDown();
        try {
          release.await();
        } catch (InterruptedException e) {
          throw new AssertionError(e);
        }
        return answers.complete(request);
      }

      @Override
      public String model() {
        return answers.model();
      }

      @Override
      public int capacity() {
        return 2;
      }
    };
    try (CompletionCache cache = CompletionCache.open(tmp.resolve("c.db"));
         ExecutorService pool = Executors.newFixedThreadPool(1)) {
      CachingBackend backend = new CachingBackend(model, cache, "slow");
      try {
        interruptAWaiter(backend, leaderInModel, release, answers, cache, pool);
      } finally {
        release.countDown(); // never leave the leader blocked, whatever failed
      }
    }
  }

  private static void interruptAWaiter(CachingBackend backend, CountDownLatch leaderInModel, CountDownLatch release,
      CountingFakeBackend answers, CompletionCache cache, ExecutorService pool) throws Exception {
    Future<Completion> leader = pool.submit(() -> backend.complete(request("w")));
    assertThat(leaderInModel.await(10, TimeUnit.SECONDS)).isTrue();

    AtomicReference<Throwable> failure = new AtomicReference<>();
    AtomicReference<Boolean> flagKept = new AtomicReference<>();
    Thread waiter = new Thread(() -> {
      try {
        backend.complete(request("w"));
      } catch (RuntimeException e) {
        failure.set(e);
        flagKept.set(Thread.currentThread().isInterrupted());
      }
    });
    waiter.start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (!waitsForAFuture(waiter)) {
      assertThat(System.nanoTime()).as("the second caller waits for the call in flight").isLessThan(deadline);
      Thread.sleep(2);
    }
    waiter.interrupt();
    waiter.join(10_000);

    assertThat(failure.get()).isInstanceOf(LlmException.class)
        .hasMessage("interrupted while waiting for the same request in flight").hasCauseInstanceOf(InterruptedException.class);
    assertThat(((LlmException) failure.get()).retryable()).isFalse();
    assertThat(flagKept.get()).isTrue();
    assertThat(leader.isDone()).isFalse();
    release.countDown();
    assertThat(leader.get().text()).isEqualTo("slow answer to w");
    assertThat(answers.calls).hasValue(1);
    assertThat(cache.size()).isEqualTo(1);
    assertThat(backend.stats().misses()).isEqualTo(1);
  }
}
