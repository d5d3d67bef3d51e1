package io.reasonrank.rerank.schedule;

import io.reasonrank.llm.Completion;
import io.reasonrank.llm.ForwardingLlmBackend;
import io.reasonrank.llm.LlmBackend;
import io.reasonrank.llm.LlmException;
import io.reasonrank.llm.LlmRequest;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Replays the reference's batch timing (docs/reference-behaviour.md §3, batched variant: {@code sliding_windows_batched} sends
 * window k of every query of a batch in one {@code llm.generate} call and moves on only when all of
 * them have returned). Every participating query's k-th call belongs to step k:
 *
 * <ul>
 *   <li>step k is dispatched only once every party that is still active has submitted its k-th call
 *       or left; its calls then all go to the delegate, which serves at most {@link #capacity()} of
 *       them at a time in arrival order (every {@link LlmBackend} bounds itself, as vLLM's scheduler
 *       does for one {@code generate} batch);
 *   <li>no call of step k returns before every call of step k has completed, so no k+1-th call can
 *       be submitted while step k runs.
 * </ul>
 *
 * Hence the wall time of step k is the slowest call of step k (given enough slots), exactly the
 * barrier the reference pays for. A query that has fewer windows (a short candidate list) simply
 * {@linkplain Party#close() leaves} after its last call, and the later steps stop waiting for it.
 *
 * <p>Queries take part through a {@link Party}: {@link #join()} it <em>before</em> any party of the
 * batch makes its first call (otherwise step 0 could be dispatched without it), {@link Party#bind()}
 * it on the query's thread, and close it when the query is done, also on failure, or every other
 * party waits for it forever. {@link RerankScheduler#lockstep} does all of this. A party that joins
 * while a step runs takes part from the next step on, so its n-th call lands in a later global step.
 *
 * <p>Stack a completion cache <em>below</em> this decorator ({@code new LockstepBackend(caching)}):
 * a hit answered above it would skip a step for its query and shift that query's later calls into
 * the wrong batches.
 */
public final class LockstepBackend extends ForwardingLlmBackend {
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final ThreadLocal<Party> bound = new ThreadLocal<>();

  // Guarded by lock. A step is either gathering (running == false: calls are being submitted) or
  // running (its calls are out; new submissions wait for the next step).
  private int active;
  private int submitted;
  private int outstanding;
  private long step;
  private boolean running;
  private long stepsCompleted;

  public LockstepBackend(LlmBackend delegate) {
    super(delegate);
    int capacity = delegate.capacity();
    if (capacity < 1) throw new IllegalArgumentException("delegate capacity must be >= 1, got " + capacity);
  }

  /** The decorated backend. */
  @Override
  public LlmBackend delegate() {
    return super.delegate();
  }

  /** Registers one query; the returned party must be bound to the query's thread and closed when it ends. */
  public Party join() {
    lock.lock();
    try {
      active++;
      return new Party();
    } finally {
      lock.unlock();
    }
  }

  /** Number of steps whose calls have all completed (for tests and progress). */
  public long stepsCompleted() {
    lock.lock();
    try {
      return stepsCompleted;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public Completion complete(LlmRequest request) {
    Party party = bound.get();
    if (party == null || party.left) {
      throw new IllegalStateException("lock-step call from a thread without a joined party: join() and bind() first");
    }
    long myStep = submit(party);
    Completion result = null;
    RuntimeException failure = null;
    try {
      result = delegate().complete(request);
    } catch (RuntimeException e) {
      failure = e;
    } finally {
      finish(party, myStep);
    }
    if (failure != null) throw failure;
    return result;
  }

  /** Adds the caller's call to the gathering step and waits until that step is dispatched. */
  private long submit(Party party) {
    lock.lock();
    try {
      // Only a party that joined while a step was running can arrive here during that step.
      while (running) awaitOrWithdraw(party, false);
      long myStep = step;
      submitted++;
      party.inCall = true;
      releaseIfComplete();
      // The step cannot advance without this call, so "running" means "my step is running".
      while (!running) awaitOrWithdraw(party, true);
      return myStep;
    } finally {
      lock.unlock();
    }
  }

  private void awaitOrWithdraw(Party party, boolean hasSubmitted) {
    try {
      changed.await();
    } catch (InterruptedException e) {
      if (hasSubmitted) {
        submitted--;
        party.inCall = false;
      }
      Thread.currentThread().interrupt();
      throw new LlmException("interrupted while waiting for lock-step batch " + step, false, e);
    }
  }

  /** Counts the call as done and holds it until every call of its step is done (the batch barrier). */
  private void finish(Party party, long myStep) {
    lock.lock();
    try {
      if (--outstanding == 0) {
        running = false;
        step++;
        stepsCompleted++;
        changed.signalAll();
        releaseIfComplete(); // parties that joined mid-step may already have submitted
      }
      // Bounded wait: every dispatched call ends (the delegate returns or throws), so no interrupt escape.
      while (step == myStep) changed.awaitUninterruptibly();
      party.inCall = false;
    } finally {
      lock.unlock();
    }
  }

  private void releaseIfComplete() {
    if (!running && submitted > 0 && submitted >= active) {
      running = true;
      outstanding = submitted;
      submitted = 0;
      changed.signalAll();
    }
  }

  /** One query's membership in the lock-step: bind it on the query's thread; close it from any thread. */
  public final class Party implements AutoCloseable {
    private boolean left; // guarded by lock
    private boolean inCall; // guarded by lock

    private Party() {}

    /** Makes this party the one charged for the current thread's calls. */
    public void bind() {
      Party current = bound.get();
      if (current != null && current != this && !current.left) {
        throw new IllegalStateException("this thread is already bound to another lock-step party");
      }
      bound.set(this);
    }

    /** Leaves the lock-step: later steps no longer wait for this query. Idempotent. */
    @Override
    public void close() {
      lock.lock();
      try {
        if (left) return;
        if (inCall) throw new IllegalStateException("a lock-step party cannot leave during its own call");
        left = true;
        active--;
        releaseIfComplete();
      } finally {
        lock.unlock();
      }
      if (bound.get() == this) bound.remove();
    }
  }
}
