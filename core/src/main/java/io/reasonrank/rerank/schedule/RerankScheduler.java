package io.reasonrank.rerank.schedule;

import io.reasonrank.llm.LlmBackend;
import io.reasonrank.model.RerankRequest;
import io.reasonrank.rerank.RerankResult;
import io.reasonrank.rerank.Reranker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Runs a {@link Reranker} over many queries with one virtual thread per query.
 *
 * <p><b>Concurrent mode</b> ({@link #concurrent}, {@link #forBackend}): up to {@code maxQueriesInFlight}
 * queries run at once, admitted in input order; each query's windows go in order (the reranker makes
 * them one after another) but there is no barrier between queries, so a query whose reasoning chains
 * are short finishes and frees its place while long ones are still generating. The backend bounds the
 * LLM requests in flight itself ({@link LlmBackend#capacity()}); the scheduler only has to keep it fed,
 * which {@link #defaultQueriesInFlight} does with a queue of waiting calls several times as deep as the slots
 * plus a cushion (a query spends part of its time between calls, building the next prompt and parsing the
 * last answer, and a slot must never wait for that; and the run's end must not idle on a few long chains).
 *
 * <p><b>Lock-step mode</b> ({@link #lockstep}): the reference's timing (docs/reference-behaviour.md §3, batched variant). The
 * queries are split into {@link LockstepBatches}; the batches run one after another, every query of a
 * batch is in flight at once, and the {@link LockstepBackend} the reranker calls makes window k of all
 * of them one batch. Use it to reproduce the reference's wall time, not for speed.
 *
 * <p>In both modes the outcomes come back in input order. The listener is called once per query as it
 * completes, one call at a time (never concurrently), so it can write and checkpoint without its own
 * locking; an exception it throws stops the run (no new queries start) and is rethrown by {@link #run}
 * once the queries in flight have ended. A query whose reranker throws an exception is recorded as a
 * failed {@link QueryOutcome} and the run goes on; an {@link Error} stops the run like a listener failure.
 */
public final class RerankScheduler {

  /** Receives each query's outcome as soon as it is known. */
  @FunctionalInterface
  public interface Listener {
    void completed(QueryOutcome outcome, Progress progress);
  }

  private final Reranker reranker;
  private final int maxQueriesInFlight; // concurrent mode
  private final LockstepBackend lockstep; // lock-step mode when non-null
  private final LockstepBatches batches;

  private RerankScheduler(Reranker reranker, int maxQueriesInFlight, LockstepBackend lockstep, LockstepBatches batches) {
    this.reranker = Objects.requireNonNull(reranker, "reranker");
    this.maxQueriesInFlight = maxQueriesInFlight;
    this.lockstep = lockstep;
    this.batches = batches;
  }

  /** Concurrent mode with an explicit bound on the queries in flight. */
  public static RerankScheduler concurrent(Reranker reranker, int maxQueriesInFlight) {
    if (maxQueriesInFlight < 1) {
      throw new IllegalArgumentException("maxQueriesInFlight must be >= 1, got " + maxQueriesInFlight);
    }
    return new RerankScheduler(reranker, maxQueriesInFlight, null, null);
  }

  /** Concurrent mode sized for the backend the reranker calls: {@link #defaultQueriesInFlight}. */
  public static RerankScheduler forBackend(Reranker reranker, LlmBackend backend) {
    return concurrent(reranker, defaultQueriesInFlight(backend.capacity()));
  }

  /**
   * {@code 8 × capacity + 16} queries in flight for a batch run: every slot busy, a deep queue of calls behind
   * them, and 16 more queries so that short calls (a few ms on a small model) do not drain the queue while answered
   * queries prepare their next call. Waiting queries cost only a parked virtual thread each.
   *
   * <p>Why 8 and not 2: a query is a chain of calls that must go one after another (9 for the top 100), so a run's
   * end idles on the chains of the queries admitted last, and the more slots there are per query the longer that
   * tail. With more queries in flight the chains progress together and end closer to each other. SchedulerBenchmark
   * on BRIGHT's shape (1,384 queries, docs/scale-out.md "Measured"): 256 slots reach 1.058 × the lower bound with
   * 8 × capacity against 1.075 × with 2 × capacity (and 1.150 × with 1 ×); 512 slots 1.141 × against 1.265 ×. The cost
   * is latency: a query takes about (queries in flight / slots) times its own chain to finish, so the first
   * completions (and checkpoint lines) come later; every answered call is in the cache meanwhile. (2 × capacity
   * alone, without the 16, lost 5–15 % at 8 slots with 1.6 ms calls.) {@code serve} keeps its own, smaller bound:
   * its requests wait in its queue, where they can be refused, rather than in the backend.
   */
  public static int defaultQueriesInFlight(int capacity) {
    if (capacity < 1) throw new IllegalArgumentException("capacity must be >= 1, got " + capacity);
    return 8 * capacity + 16;
  }

  /** Why {@link #lockstep} refuses a reranker whose calls are not made on the calling thread. */
  public static final String LOCKSTEP_NEEDS_CALLING_THREAD = "lock-step batches window k of every query into one step, charged to"
      + " the query's own thread; this reranker makes its calls from threads of its own (the pointwise baseline): use the scheduler";

  /**
   * Lock-step mode. {@code reranker} must make its LLM calls through {@code backend} from the thread
   * that calls {@link Reranker#rerank} (the scheduler binds each query's party to that thread).
   *
   * @throws IllegalArgumentException when {@link Reranker#callsOnCallingThread()} is false
   */
  public static RerankScheduler lockstep(Reranker reranker, LockstepBackend backend, LockstepBatches batches) {
    if (!reranker.callsOnCallingThread()) throw new IllegalArgumentException(LOCKSTEP_NEEDS_CALLING_THREAD);
    return new RerankScheduler(reranker, Integer.MAX_VALUE,
        Objects.requireNonNull(backend, "backend"), Objects.requireNonNull(batches, "batches"));
  }

  public boolean isLockstep() {
    return lockstep != null;
  }

  /** The bound on queries in flight in concurrent mode ({@link Integer#MAX_VALUE} in lock-step mode). */
  public int maxQueriesInFlight() {
    return maxQueriesInFlight;
  }

  /** Runs every request without a listener. */
  public List<QueryOutcome> run(List<RerankRequest> requests) throws InterruptedException {
    return run(requests, (outcome, progress) -> {});
  }

  /**
   * Runs every request and returns one outcome per request, in input order. If the calling thread is
   * interrupted, the queries in flight are interrupted and {@link InterruptedException} is thrown once
   * they have ended (what the listener saw until then stays valid).
   */
  public List<QueryOutcome> run(List<RerankRequest> requests, Listener listener) throws InterruptedException {
    List<RerankRequest> input = List.copyOf(requests);
    Objects.requireNonNull(listener, "listener");
    Run run = new Run(input, listener);
    if (lockstep == null) runConcurrent(run);
    else runLockstep(run);
    return run.finish();
  }

  private void runConcurrent(Run run) throws InterruptedException {
    Semaphore places = new Semaphore(maxQueriesInFlight);
    try (ExecutorService threads = Executors.newThreadPerTaskExecutor(queryThreads())) {
      for (int i = 0; i < run.requests.size() && run.fatal.get() == null; i++) {
        try {
          places.acquire();
        } catch (InterruptedException e) {
          threads.shutdownNow();
          Thread.currentThread().interrupt(); // close() below waits for the interrupted queries
          break;
        }
        int index = i;
        threads.execute(() -> {
          try {
            run.one(index, () -> {});
          } finally {
            places.release();
          }
        });
      }
    } // close() waits for every query; if interrupted meanwhile it interrupts them and keeps waiting
    if (Thread.interrupted()) throw new InterruptedException("rerank run interrupted");
  }

  private void runLockstep(Run run) throws InterruptedException {
    List<List<Integer>> plan = batches.batches(run.requests);
    checkPartition(plan, run.requests.size());
    for (List<Integer> batch : plan) {
      if (run.fatal.get() != null) break;
      // Every party joins before any query starts, or step 0 could go out without the late ones.
      List<LockstepBackend.Party> parties = new ArrayList<>(batch.size());
      for (int ignored : batch) parties.add(lockstep.join());
      try (ExecutorService threads = Executors.newThreadPerTaskExecutor(queryThreads())) {
        int started = 0;
        try {
          for (; started < batch.size(); started++) {
            int index = batch.get(started);
            LockstepBackend.Party party = parties.get(started);
            threads.execute(() -> {
              try (party) {
                party.bind();
                // leave before reporting, so the batch's next step never waits for our listener
                run.one(index, party::close);
              }
            });
          }
        } finally {
          // A party whose thread never started would hold every step of its batch forever.
          for (int j = started; j < batch.size(); j++) parties.get(j).close();
        }
      } // the batch ends when its slowest query does
      if (Thread.interrupted()) throw new InterruptedException("rerank run interrupted");
    }
  }

  private static void checkPartition(List<List<Integer>> plan, int n) {
    boolean[] seen = new boolean[n];
    int count = 0;
    for (List<Integer> batch : plan) {
      for (int index : batch) {
        if (index < 0 || index >= n) throw new IllegalArgumentException("lock-step batch index out of range: " + index);
        if (seen[index]) throw new IllegalArgumentException("lock-step batches repeat index " + index);
        seen[index] = true;
        count++;
      }
    }
    if (count != n) throw new IllegalArgumentException("lock-step batches cover " + count + " of " + n + " queries");
  }

  private static ThreadFactory queryThreads() {
    return Thread.ofVirtual().name("rerank-query-", 0).factory();
  }

  /** The state of one {@link #run}: outcomes by input index, counters, and the first fatal throwable. */
  private final class Run {
    final List<RerankRequest> requests;
    final Listener listener;
    final QueryOutcome[] outcomes;
    final AtomicReference<Throwable> fatal = new AtomicReference<>();
    final ReentrantLock reporting = new ReentrantLock();
    final long startNanos = System.nanoTime();
    int done; // guarded by reporting
    int failed; // guarded by reporting

    Run(List<RerankRequest> requests, Listener listener) {
      this.requests = requests;
      this.listener = listener;
      this.outcomes = new QueryOutcome[requests.size()];
    }

    /** Reranks one query, runs {@code afterRerank}, then reports the outcome. */
    void one(int index, Runnable afterRerank) {
      if (fatal.get() != null) return; // the run is stopping; do not start new work
      RerankRequest request = requests.get(index);
      String qid = request.query().id();
      long t0 = System.nanoTime();
      QueryOutcome outcome;
      try {
        RerankResult result = reranker.rerank(request);
        Duration elapsed = Duration.ofNanos(System.nanoTime() - t0);
        outcome = result != null
            ? QueryOutcome.success(index, qid, result, elapsed)
            : QueryOutcome.failure(index, qid, new NullPointerException("reranker returned null for query " + qid), elapsed);
      } catch (Exception e) {
        outcome = QueryOutcome.failure(index, qid, e, Duration.ofNanos(System.nanoTime() - t0));
      } catch (Error e) {
        fatal.compareAndSet(null, e);
        return;
      } finally {
        afterRerank.run();
      }
      report(outcome);
    }

    private void report(QueryOutcome outcome) {
      reporting.lock();
      try {
        outcomes[outcome.index()] = outcome;
        done++;
        if (!outcome.succeeded()) failed++;
        Progress progress = new Progress(done, failed, requests.size(), Duration.ofNanos(System.nanoTime() - startNanos));
        listener.completed(outcome, progress);
      } catch (RuntimeException | Error e) {
        fatal.compareAndSet(null, e);
      } finally {
        reporting.unlock();
      }
    }

    List<QueryOutcome> finish() {
      Throwable t = fatal.get();
      if (t instanceof RuntimeException e) throw e;
      if (t instanceof Error e) throw e;
      reporting.lock();
      try {
        if (Arrays.stream(outcomes).anyMatch(Objects::isNull)) {
          throw new IllegalStateException("scheduler ended with queries that never ran");
        }
        return List.of(outcomes);
      } finally {
        reporting.unlock();
      }
    }
  }
}
