package io.reasonrank.rerank.schedule.bench;

import io.reasonrank.llm.Completion;
import io.reasonrank.llm.LlmBackend;
import io.reasonrank.llm.LlmException;
import io.reasonrank.llm.LlmRequest;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Test double of a continuously batching inference server (vLLM, SGLang) with a batch-occupancy cost model: at most
 * {@code slots} sequences decode together (the rest wait, first come first served), every sequence in the batch gains
 * one token per decode step, and a step with {@code n} sequences takes
 *
 * <pre>  t_step(n) = a + b · n</pre>
 *
 * where {@code a} is the part every step pays whatever the batch (reading the weights: decoding is memory-bound) and
 * {@code b} the part each sequence adds (reading its KV cache, its share of the compute). With {@code b = 0} a call
 * holds its slot for {@code tokens × a} whatever the others do, the constant-time assumption of
 * {@link SimulatedSlotServer}; with {@code b > 0} a full batch decodes each sequence more slowly than a nearly empty one,
 * so a schedule that leaves the batch half empty (lock-step's tail) loses less than the constant model says.
 *
 * <p>Time is simulated as a fluid (a sequence advances {@code 1 / t_step(n)} tokens per nanosecond while {@code n} are
 * in the batch) and exactly: arrivals and completions are processed in simulated-time order whenever the state is
 * touched, and one engine thread wakes at each predicted completion and hands the answer over. A late wake-up delays
 * the delivery of an answer, not the server's progress, as in {@link SimulatedSlotServer}. Prefill is left out: both
 * schedules pay it alike.
 */
final class ContinuousBatchServer implements LlmBackend, AutoCloseable {
  private final int slots;
  private final Map<String, Integer> tokensByPrompt;
  private final double a;
  private final double b;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final List<Seq> batch = new ArrayList<>(); // guarded by lock
  private final ArrayDeque<Seq> waiting = new ArrayDeque<>(); // guarded by lock
  private long now; // simulated time of the state, in System.nanoTime's scale; guarded by lock
  private double occupancyIntegral; // Σ n dt over busy time, guarded by lock
  private double busyNanos; // time with n > 0, guarded by lock
  private boolean closed;
  private final Thread engine;

  private static final class Seq {
    double remaining;
    final CountDownLatch done = new CountDownLatch(1);

    Seq(int tokens) {
      this.remaining = tokens;
    }
  }

  /**
   * @param a nanoseconds of a decode step that every step pays
   * @param b nanoseconds each sequence in the batch adds to a step
   */
  ContinuousBatchServer(int slots, Map<String, Integer> tokensByPrompt, double a, double b) {
    if (slots < 1) throw new IllegalArgumentException("slots must be >= 1, got " + slots);
    if (!(a > 0) || !(b >= 0)) throw new IllegalArgumentException("need a > 0 and b >= 0, got " + a + ", " + b);
    this.slots = slots;
    this.tokensByPrompt = tokensByPrompt;
    this.a = a;
    this.b = b;
    this.now = System.nanoTime();
    this.engine = Thread.ofPlatform().daemon().name("batch-engine").start(this::runEngine);
  }

  @Override
  public Completion complete(LlmRequest request) {
    Integer tokens = tokensByPrompt.get(request.prompt());
    if (tokens == null) throw new IllegalArgumentException("no scripted length for prompt " + request.prompt());
    Seq seq = new Seq(tokens);
    lock.lock();
    try {
      advance(System.nanoTime());
      if (batch.size() < slots) batch.add(seq);
      else waiting.addLast(seq);
      changed.signal(); // the next completion moved later
    } finally {
      lock.unlock();
    }
    try {
      seq.done.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LlmException("interrupted", false, e);
    }
    return new Completion(SimulatedSlotServer.answer(request.prompt()), 0, tokens, "stop");
  }

  private void runEngine() {
    lock.lock();
    try {
      while (!closed) {
        long t = System.nanoTime();
        advance(t);
        long next = nextCompletion();
        try {
          if (next == Long.MAX_VALUE) changed.await();
          else if (next > t) changed.awaitNanos(next - t);
        } catch (InterruptedException e) {
          return;
        }
      }
    } finally {
      lock.unlock();
    }
  }

  private double step(int n) {
    return a + b * n;
  }

  /** Simulated time at which the batch's next sequence ends, if nothing arrives before. Holds lock. */
  private long nextCompletion() {
    if (batch.isEmpty()) return Long.MAX_VALUE;
    double min = Double.MAX_VALUE;
    for (Seq s : batch) min = Math.min(min, s.remaining);
    return now + (long) Math.ceil(min * step(batch.size()));
  }

  /** Plays the state forward to {@code t}, completing sequences and admitting waiters in simulated order. Holds lock. */
  private void advance(long t) {
    while (now < t && !batch.isEmpty()) {
      int n = batch.size();
      double perToken = step(n);
      double min = Double.MAX_VALUE;
      for (Seq s : batch) min = Math.min(min, s.remaining);
      double untilFirst = min * perToken;
      double dt = Math.min(untilFirst, t - now);
      double progress = dt / perToken;
      occupancyIntegral += n * dt;
      busyNanos += dt;
      for (Seq s : batch) s.remaining -= progress;
      now += dt >= untilFirst ? (long) Math.ceil(untilFirst) : t - now;
      for (Iterator<Seq> it = batch.iterator(); it.hasNext(); ) {
        Seq s = it.next();
        if (s.remaining <= 1e-9) {
          it.remove();
          s.done.countDown();
        }
      }
      while (batch.size() < slots && !waiting.isEmpty()) batch.add(waiting.pollFirst());
    }
    if (now < t) now = t;
  }

  /** Mean batch occupancy while the server was busy. */
  double meanOccupancy() {
    lock.lock();
    try {
      return busyNanos == 0 ? 0 : occupancyIntegral / busyNanos;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public String model() {
    return "simulated-batch";
  }

  @Override
  public int capacity() {
    return slots;
  }

  @Override
  public void close() {
    lock.lock();
    try {
      closed = true;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    engine.interrupt();
  }
}
