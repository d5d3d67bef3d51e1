package io.reasonrank.rerank.schedule;

import io.reasonrank.llm.Completion;
import io.reasonrank.llm.LlmBackend;
import io.reasonrank.llm.LlmException;
import io.reasonrank.llm.LlmRequest;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToLongFunction;

/**
 * Test double of an LLM server with {@code capacity} slots: each call holds a slot for a scripted
 * number of milliseconds (a function of the prompt), records when it started and ended on a global
 * sequence, and fails with a retryable {@link LlmException} when its prompt is in {@code failing}.
 */
public final class ScriptedTimingBackend implements LlmBackend {
  /** One served call; {@code startSeq}/{@code endSeq} are positions on the shared event sequence. */
  public record Call(String prompt, long startSeq, long endSeq) {}

  private final int capacity;
  private final Semaphore slots;
  private final ToLongFunction<String> millis;
  private final List<String> failing;
  private final AtomicLong sequence;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger maxInFlight = new AtomicInteger();
  public final List<Call> calls = new CopyOnWriteArrayList<>();

  public ScriptedTimingBackend(int capacity, ToLongFunction<String> millis, List<String> failing, AtomicLong sequence) {
    this.capacity = capacity;
    this.slots = new Semaphore(capacity, true);
    this.millis = millis;
    this.failing = List.copyOf(failing);
    this.sequence = sequence;
  }

  @Override
  public Completion complete(LlmRequest request) {
    slots.acquireUninterruptibly();
    try {
      int now = inFlight.incrementAndGet();
      maxInFlight.accumulateAndGet(now, Math::max);
      long start = sequence.incrementAndGet();
      long ms = millis.applyAsLong(request.prompt());
      try {
        if (ms > 0) Thread.sleep(ms);
      } finally {
        inFlight.decrementAndGet();
      }
      calls.add(new Call(request.prompt(), start, sequence.incrementAndGet()));
      if (failing.contains(request.prompt())) throw new LlmException("scripted failure for " + request.prompt(), true);
      return new Completion("answer to " + request.prompt(), 1, 1, "stop");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LlmException("interrupted", false, e);
    } finally {
      slots.release();
    }
  }

  public int maxInFlight() {
    return maxInFlight.get();
  }

  @Override
  public String model() {
    return "scripted-timing";
  }

  @Override
  public int capacity() {
    return capacity;
  }
}
