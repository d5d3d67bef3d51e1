package io.reasonrank.rerank.schedule.bench;

import io.reasonrank.llm.Completion;
import io.reasonrank.llm.LlmBackend;
import io.reasonrank.llm.LlmException;
import io.reasonrank.llm.LlmRequest;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Test double of an inference server with {@code slots} sequences decoding at once (vLLM's
 * {@code max_num_seqs}): a call waits for a free slot (FIFO), holds it for
 * {@code outputTokens × nanosPerToken} of real time, and answers with that many completion tokens.
 * The output length of each prompt is scripted ({@code tokensByPrompt}). Prefill time and the
 * slowdown of a fuller batch are left out on purpose: both schedulers would pay them alike.
 *
 * <p>Each slot keeps its own clock: a call starts at max(its arrival, the time its slot's previous
 * call was due to end) and sleeps until start + service. So when a sleeping thread wakes late (timer
 * and carrier-thread latency on a loaded machine), the lateness delays that answer's delivery, as
 * network latency would, but is not charged to the slot's next call: the simulated server itself
 * never idles while a request waits.
 *
 * <p>The answer's text is {@link #answer(String)} of the prompt, so runs through different servers can be compared
 * answer for answer. {@link #kill()} makes it die as a server process does: calls in flight fail at once with a
 * retryable {@link LlmException} (connection reset), later calls fail at once (connection refused).
 */
final class SimulatedSlotServer implements LlmBackend {
  private final int slots;
  private final BlockingQueue<long[]> free; // one element per slot: {time its last call was due to end}
  private final Map<String, Integer> tokensByPrompt;
  private final long nanosPerToken;
  private final AtomicLong busyNanos = new AtomicLong();
  private final CountDownLatch killed = new CountDownLatch(1);

  SimulatedSlotServer(int slots, Map<String, Integer> tokensByPrompt, long nanosPerToken) {
    this.slots = slots;
    this.free = new ArrayBlockingQueue<>(slots, true);
    for (int i = 0; i < slots; i++) free.add(new long[] {Long.MIN_VALUE});
    this.tokensByPrompt = tokensByPrompt;
    this.nanosPerToken = nanosPerToken;
  }

  @Override
  public Completion complete(LlmRequest request) {
    Integer tokens = tokensByPrompt.get(request.prompt());
    if (tokens == null) throw new IllegalArgumentException("no scripted length for prompt " + request.prompt());
    if (isDead()) throw new LlmException("connection refused", true);
    long arrival = System.nanoTime();
    long[] slot;
    try {
      slot = free.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LlmException("interrupted", false, e);
    }
    try {
      long start = Math.max(arrival, slot[0]);
      long due = start + tokens * nanosPerToken;
      slot[0] = due;
      busyNanos.addAndGet(due - start);
      long wait;
      while ((wait = due - System.nanoTime()) > 0) {
        if (killed.await(wait, TimeUnit.NANOSECONDS)) throw new LlmException("connection reset", true);
      }
      if (isDead()) throw new LlmException("connection reset", true);
      return new Completion(answer(request.prompt()), 0, tokens, "stop");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LlmException("interrupted", false, e);
    } finally {
      free.add(slot);
    }
  }

  /** The simulated model's answer to a prompt: a pure function of it, as greedy decoding is. */
  static String answer(String prompt) {
    return Integer.toHexString(prompt.hashCode() * 0x9E3779B1);
  }

  /** The server dies: calls in flight fail now, later calls fail at once. */
  void kill() {
    killed.countDown();
  }

  boolean isDead() {
    return killed.getCount() == 0;
  }

  /** Slot-seconds of service scheduled (Σ tokens × scale). */
  double busySeconds() {
    return busyNanos.get() / 1e9;
  }

  @Override
  public String model() {
    return "simulated";
  }

  @Override
  public int capacity() {
    return slots;
  }
}
