package io.reasonrank.llm.route;

import io.reasonrank.llm.Completion;
import io.reasonrank.llm.LlmBackend;
import io.reasonrank.llm.LlmException;
import io.reasonrank.llm.LlmRequest;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;

/**
 * One {@link LlmBackend} over several servers that serve the same model (vLLM or SGLang replicas, one per GPU).
 *
 * <p><b>Routing.</b> Each call goes to the server with the fewest calls in flight among those that have a free slot
 * (ties: the server added first). A server's slots are its own {@link LlmBackend#capacity()}; {@link #capacity()} is
 * their sum, so a scheduler sized by it ({@code RerankScheduler.forBackend}) keeps every server full. When every
 * server is full, callers wait in one first-come-first-served queue and each freed slot goes to the longest waiter.
 *
 * <p><b>Failover.</b> A call that fails with a server failure ({@link ServerFailures}: connection refused, timeouts,
 * 5xx after the server backend's own retries) takes that server out of rotation ({@link ServerHealth}) and is sent
 * again to another server; so are the other calls that were in flight there, as each of them fails. A request error
 * (context exceeded, 401, 404, any non-retryable {@link LlmException}) is thrown to the caller at once and leaves
 * the server in rotation. A call is tried on at most {@code 2 × servers} servers. When no server is left in rotation
 * a call fails at once with one {@link LlmException} naming every server and its last error; nothing waits for a
 * probe, since each server has already exhausted its own retries.
 *
 * <p><b>Probing back.</b> A server taken out is probed after its backoff ({@link Builder#probeBackoff}) on a
 * virtual thread, with the {@link ServerProbe}; a probe that passes puts it on probation (one trial call at a time),
 * and the trial's answer puts it back in full rotation.
 *
 * <p>Since answers do not depend on which replica gives them (greedy decoding of the same weights), a run through a
 * pool writes the same output as through one server, whichever servers fail on the way, as long as one lives.
 * Stack a completion cache or the lock-step batcher <em>above</em> the pool: they then see one backend with the
 * summed capacity, and a cache hit never occupies a server's slot.
 */
public final class ServerPool implements LlmBackend {

  /** Told when a server leaves or rejoins the rotation, e.g. to print it; called without the pool's lock. */
  public interface Listener {
    /** {@code server} was taken out of rotation because of {@code reason}; it is probed again after {@code probeIn}. */
    default void outOfRotation(String server, String reason, Duration probeIn) {}

    /** A trial call on {@code server} succeeded: it is back in full rotation. */
    default void backInRotation(String server) {}
  }

  private final List<Member> members;
  private final ServerProbe probe;
  private final Predicate<RuntimeException> serverFailure;
  private final Listener listener;
  private final int capacity;
  private final ReentrantLock lock = new ReentrantLock();
  private final ArrayDeque<Waiter> waiters = new ArrayDeque<>(); // guarded by lock
  private final ExecutorService probes = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("server-probe-", 0).factory());
  private final LongAdder failovers = new LongAdder();
  private volatile boolean closed;
  private volatile String model;

  private ServerPool(Builder b) {
    List<Member> ms = new ArrayList<>();
    for (Map.Entry<String, LlmBackend> e : b.servers.entrySet()) {
      ms.add(new Member(e.getKey(), e.getValue(), new ServerHealth(b.probeBase, b.probeCap)));
    }
    this.members = List.copyOf(ms);
    this.probe = b.probe;
    this.serverFailure = b.serverFailure;
    this.listener = b.listener;
    this.capacity = ms.stream().mapToInt(m -> m.slots).reduce(0, Math::addExact);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The servers' names, in the order they were added. */
  public List<String> servers() {
    return members.stream().map(m -> m.name).toList();
  }

  @Override
  public Completion complete(LlmRequest request) {
    Objects.requireNonNull(request, "request");
    int maxTries = 2 * members.size();
    for (int attempt = 1; ; attempt++) {
      Lease lease = acquire();
      long t0 = System.nanoTime();
      Completion answer = null;
      RuntimeException failure = null;
      try {
        answer = lease.member.backend.complete(request);
      } catch (RuntimeException e) {
        failure = e;
      } finally {
        // an Error leaves answer and failure null: the slot is freed and the server's state is left alone
        release(lease, System.nanoTime() - t0, answer, failure);
      }
      if (failure == null) return answer;
      if (!serverFailure.test(failure)) throw failure;
      if (attempt >= maxTries) {
        throw new LlmException("call failed on " + attempt + " servers in turn; last, " + lease.member.name + ": "
            + failure.getMessage(), true, failure);
      }
      failovers.increment();
    }
  }

  /**
   * The model every server serves, asked of all of them at once. A server that cannot be reached (a server failure)
   * is taken out of rotation and the others decide; servers that name different models are an error.
   *
   * @throws LlmException when no server answers, or the servers serve different models
   */
  @Override
  public String model() {
    String m = model;
    if (m != null) return m;
    Map<Member, String> names = askAll(LlmBackend::model);
    Set<String> distinct = new HashSet<>(names.values());
    if (distinct.isEmpty()) throw allDown();
    if (distinct.size() > 1) {
      StringBuilder sb = new StringBuilder("the servers serve different models:");
      names.forEach((member, name) -> sb.append(' ').append(name).append(" at ").append(member.name).append(';'));
      throw new LlmException(sb.substring(0, sb.length() - 1) + "; a pool needs replicas of one model", false);
    }
    m = distinct.iterator().next();
    model = m;
    return m;
  }

  /** The sum of the servers' capacities. */
  @Override
  public int capacity() {
    return capacity;
  }

  /** The smallest context length the servers in rotation report (a call may go to any of them); empty if none does. */
  @Override
  public OptionalInt contextLength() {
    Map<Member, OptionalInt> lengths = askAll(LlmBackend::contextLength);
    if (lengths.isEmpty()) throw allDown();
    return lengths.values().stream().filter(OptionalInt::isPresent).mapToInt(OptionalInt::getAsInt).min();
  }

  /** Each server's share so far, in the order the servers were added. */
  public List<ServerStats> stats() {
    List<ServerStats> out = new ArrayList<>(members.size());
    lock.lock();
    try {
      for (Member m : members) {
        out.add(new ServerStats(m.name, m.health.state().name().toLowerCase(java.util.Locale.ROOT), m.slots, m.calls.sum(),
            m.succeeded.sum(), m.serverFailures.sum(), m.requestErrors.sum(), m.promptTokens.sum(), m.completionTokens.sum(),
            m.busyNanos.sum() / 1e9, m.health.timesDown(), m.health.lastError()));
      }
    } finally {
      lock.unlock();
    }
    return out;
  }

  /** Calls that failed on one server and were sent to another. */
  public long failovers() {
    return failovers.sum();
  }

  /** Stops probing and closes every server's backend. */
  @Override
  public void close() {
    closed = true;
    probes.shutdownNow();
    lock.lock();
    try {
      for (Waiter w : waiters) w.ready.signal();
    } finally {
      lock.unlock();
    }
    RuntimeException first = null;
    for (Member m : members) {
      try {
        m.backend.close();
      } catch (Exception e) {
        if (first == null) first = e instanceof RuntimeException r ? r : new IllegalStateException(e);
      }
    }
    if (first != null) throw first;
  }

  // ------------------------------------------------------------------ routing

  /** A call's hold on one slot of one server, with the server's epoch when it started. */
  private record Lease(Member member, long epoch) {}

  private static final class Waiter {
    final Condition ready;
    Lease lease;

    Waiter(Condition ready) {
      this.ready = ready;
    }
  }

  private Lease acquire() {
    lock.lock();
    try {
      if (closed) throw new LlmException("the server pool is closed", false);
      if (waiters.isEmpty()) {
        Member m = pick();
        if (m != null) return take(m);
      }
      if (allDownLocked()) throw allDown();
      Waiter w = new Waiter(lock.newCondition());
      waiters.addLast(w);
      try {
        while (w.lease == null) {
          if (closed) throw new LlmException("the server pool is closed", false);
          if (allDownLocked()) throw allDown();
          w.ready.await();
        }
        return w.lease;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        if (w.lease != null) { // a slot was handed over as the interrupt came: give it to the next waiter
          w.lease.member.inFlight--;
          w.lease.member.calls.decrement();
          w.lease = null;
        }
        throw new LlmException("interrupted while waiting for a free server slot", false, e);
      } finally {
        if (w.lease == null) {
          waiters.remove(w);
          dispatch();
        }
      }
    } finally {
      lock.unlock();
    }
  }

  /** The server a call should go to now: fewest in flight among those with a free admitted slot; null if none. */
  private Member pick() {
    Member best = null;
    for (Member m : members) {
      if (m.inFlight < m.health.admits(m.slots) && (best == null || m.inFlight < best.inFlight)) best = m;
    }
    return best;
  }

  private Lease take(Member m) {
    m.inFlight++;
    m.calls.increment();
    return new Lease(m, m.health.epoch());
  }

  /** Hands free slots to waiters, longest waiting first; wakes them all when no server is left. Holds lock. */
  private void dispatch() {
    while (!waiters.isEmpty()) {
      Member m = pick();
      if (m == null) break;
      Waiter w = waiters.pollFirst();
      w.lease = take(m);
      w.ready.signal();
    }
    if (allDownLocked()) for (Waiter w : waiters) w.ready.signal();
  }

  private void release(Lease lease, long nanos, Completion answer, RuntimeException failure) {
    Member m = lease.member;
    m.busyNanos.add(nanos);
    String wentDown = null;
    Duration probeIn = Duration.ZERO;
    boolean cameBack = false;
    lock.lock();
    try {
      m.inFlight--;
      if (answer != null) {
        m.succeeded.increment();
        m.promptTokens.add(answer.promptTokens());
        m.completionTokens.add(answer.completionTokens());
        cameBack = m.health.callSucceeded(lease.epoch);
      } else if (failure != null && serverFailure.test(failure)) {
        m.serverFailures.increment();
        probeIn = m.health.callFailed(lease.epoch, oneLine(failure));
        if (!probeIn.isZero()) {
          wentDown = m.health.lastError();
          scheduleProbe(m, probeIn);
        }
      } else if (failure != null) {
        m.requestErrors.increment();
      }
      dispatch();
    } finally {
      lock.unlock();
    }
    if (wentDown != null) listener.outOfRotation(m.name, wentDown, probeIn);
    if (cameBack) listener.backInRotation(m.name);
  }

  private boolean allDownLocked() {
    for (Member m : members) if (m.health.state() != ServerHealth.State.DOWN) return false;
    return true;
  }

  private LlmException allDown() {
    StringBuilder sb = new StringBuilder();
    lock.lock();
    try {
      sb.append(members.size() == 1 ? "the only server is" : "all " + members.size() + " servers are").append(" out of rotation:");
      for (Member m : members) sb.append(' ').append(m.name).append(" (").append(m.health.lastError()).append(");");
    } finally {
      lock.unlock();
    }
    return new LlmException(sb.substring(0, sb.length() - 1), true);
  }

  // ------------------------------------------------------------------ probing

  private void scheduleProbe(Member m, Duration delay) {
    if (closed) return;
    try {
      probes.execute(() -> probeUntilBack(m, delay));
    } catch (java.util.concurrent.RejectedExecutionException e) {
      // closing
    }
  }

  private void probeUntilBack(Member m, Duration firstDelay) {
    Duration delay = firstDelay;
    while (!closed) {
      try {
        Thread.sleep(delay);
      } catch (InterruptedException e) {
        return; // the pool is closing
      }
      String failure = null;
      try {
        probe.probe(m.name, m.backend);
      } catch (InterruptedException e) {
        return;
      } catch (Exception e) {
        failure = "probe failed: " + oneLine(e);
      }
      lock.lock();
      try {
        if (failure == null) {
          m.health.probePassed();
          dispatch();
          return;
        }
        delay = m.health.probeFailed(failure);
      } finally {
        lock.unlock();
      }
    }
  }

  /** Asks every server in rotation at once; a server failure takes that server out, a request error is thrown. */
  private <T> Map<Member, T> askAll(java.util.function.Function<LlmBackend, T> question) {
    List<Member> asked = new ArrayList<>();
    List<Future<T>> answers = new ArrayList<>();
    try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      lock.lock();
      try {
        for (Member m : members) if (m.health.state() != ServerHealth.State.DOWN) asked.add(m);
      } finally {
        lock.unlock();
      }
      for (Member m : asked) answers.add(threads.submit(() -> question.apply(m.backend)));
    }
    Map<Member, T> out = new LinkedHashMap<>();
    RuntimeException requestError = null;
    for (int i = 0; i < asked.size(); i++) {
      Member m = asked.get(i);
      try {
        out.put(m, answers.get(i).get());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new LlmException("interrupted while asking the servers", false, e);
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof RuntimeException failure)) throw new IllegalStateException(e.getCause());
        if (!serverFailure.test(failure)) {
          if (requestError == null) requestError = failure;
          continue;
        }
        Duration probeIn;
        String reason = oneLine(failure);
        lock.lock();
        try {
          m.serverFailures.increment();
          probeIn = m.health.callFailed(m.health.epoch(), reason);
          if (!probeIn.isZero()) scheduleProbe(m, probeIn);
          dispatch();
        } finally {
          lock.unlock();
        }
        if (!probeIn.isZero()) listener.outOfRotation(m.name, reason, probeIn);
      }
    }
    if (requestError != null) throw requestError;
    return out;
  }

  private static String oneLine(Throwable t) {
    String s = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    return s.replaceAll("\\s+", " ").strip();
  }

  private static final class Member {
    final String name;
    final LlmBackend backend;
    final int slots;
    final ServerHealth health; // guarded by the pool's lock
    int inFlight; // guarded by the pool's lock
    final LongAdder calls = new LongAdder();
    final LongAdder succeeded = new LongAdder();
    final LongAdder serverFailures = new LongAdder();
    final LongAdder requestErrors = new LongAdder();
    final LongAdder promptTokens = new LongAdder();
    final LongAdder completionTokens = new LongAdder();
    final LongAdder busyNanos = new LongAdder();

    Member(String name, LlmBackend backend, ServerHealth health) {
      this.name = name;
      this.backend = backend;
      this.slots = backend.capacity();
      this.health = health;
    }
  }

  /** Servers and settings; {@link #build()} validates them. */
  public static final class Builder {
    private final Map<String, LlmBackend> servers = new LinkedHashMap<>();
    private ServerProbe probe = ServerProbe.TRIAL_CALL;
    private Predicate<RuntimeException> serverFailure = ServerFailures::isServerFailure;
    private Listener listener = new Listener() {};
    private Duration probeBase = Duration.ofSeconds(1);
    private Duration probeCap = Duration.ofSeconds(60);

    private Builder() {}

    /**
     * Adds a server under a unique name (its base URL); its {@link LlmBackend#capacity()} is its slot limit. The
     * pool owns the backend from now on and closes it.
     */
    public Builder server(String name, LlmBackend backend) {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(backend, "backend");
      if (name.isBlank()) throw new IllegalArgumentException("server name must not be blank");
      if (servers.containsKey(name)) throw new IllegalArgumentException("server " + name + " is given twice");
      if (backend.capacity() < 1) {
        throw new IllegalArgumentException("server " + name + " capacity must be >= 1, got " + backend.capacity());
      }
      servers.put(name, backend);
      return this;
    }

    /** How a server out of rotation is asked whether it is back; default {@link ServerProbe#TRIAL_CALL}. */
    public Builder probe(ServerProbe probe) {
      this.probe = Objects.requireNonNull(probe, "probe");
      return this;
    }

    /** Which failures are the server's; default {@link ServerFailures#isServerFailure}. */
    public Builder serverFailures(Predicate<RuntimeException> serverFailure) {
      this.serverFailure = Objects.requireNonNull(serverFailure, "serverFailure");
      return this;
    }

    public Builder listener(Listener listener) {
      this.listener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /** First probe delay after a server fails, doubling per consecutive failure up to {@code cap}; default 1 s, 60 s. */
    public Builder probeBackoff(Duration base, Duration cap) {
      new ServerHealth(base, cap); // validates
      this.probeBase = base;
      this.probeCap = cap;
      return this;
    }

    public ServerPool build() {
      if (servers.isEmpty()) throw new IllegalArgumentException("a server pool needs at least one server");
      return new ServerPool(this);
    }
  }
}
