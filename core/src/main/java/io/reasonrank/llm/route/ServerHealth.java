package io.reasonrank.llm.route;

import java.time.Duration;
import java.util.Objects;

/**
 * The rotation state of one server, a circuit breaker in three states:
 *
 * <ul>
 *   <li>{@link State#UP}: in rotation, up to its slot limit;
 *   <li>{@link State#DOWN}: out of rotation after a server failure; the next probe is due after
 *       {@code min(cap, base × 2^(failures - 1))}, where {@code failures} counts the consecutive failures (calls and
 *       probes) since the server last answered a call;
 *   <li>{@link State#PROBATION}: a probe passed; the server takes one trial call at a time, and its first answer puts it
 *       back {@code UP} (and resets the failure count), its first failure takes it {@code DOWN} with a doubled delay.
 * </ul>
 *
 * <p>Each transition to {@code DOWN} starts a new <em>epoch</em>. A call remembers the epoch it started in, and only a
 * call of the current epoch moves the state: when a server dies with eight calls in flight, the first failure takes
 * it out and the other seven (already doomed when the state changed) neither double the delay nor, arriving after a
 * probe, take the recovered server out again.
 *
 * <p>Not thread-safe: {@link ServerPool} guards each instance with its lock.
 */
public final class ServerHealth {
  /** Where a server stands. */
  public enum State {
    UP, PROBATION, DOWN
  }

  private final long baseNanos;
  private final long capNanos;
  private State state = State.UP;
  private long epoch;
  private int consecutiveFailures;
  private long timesDown;
  private String lastError = "";

  /**
   * @throws IllegalArgumentException when {@code base} is not positive or {@code cap < base}
   */
  public ServerHealth(Duration base, Duration cap) {
    Objects.requireNonNull(base, "base");
    Objects.requireNonNull(cap, "cap");
    if (base.isNegative() || base.isZero()) throw new IllegalArgumentException("probe backoff base must be positive, got " + base);
    if (cap.compareTo(base) < 0) throw new IllegalArgumentException("probe backoff cap must be >= base, got " + cap + " < " + base);
    this.baseNanos = base.toNanos();
    this.capNanos = cap.toNanos();
  }

  public State state() {
    return state;
  }

  /** The current epoch; a call records it when it starts. */
  public long epoch() {
    return epoch;
  }

  /** How many calls this server may have in flight now: all its slots when up, one on probation, none when down. */
  public int admits(int slots) {
    return switch (state) {
      case UP -> slots;
      case PROBATION -> 1;
      case DOWN -> 0;
    };
  }

  /**
   * A call of {@code callEpoch} failed with a server failure. Returns the delay until the first probe when this took
   * the server out of rotation, or {@link Duration#ZERO} when it changed nothing (the server was already out, or the
   * call belonged to an earlier epoch).
   */
  public Duration callFailed(long callEpoch, String reason) {
    if (state == State.DOWN || callEpoch != epoch) return Duration.ZERO;
    lastError = Objects.requireNonNullElse(reason, "");
    state = State.DOWN;
    epoch++;
    timesDown++;
    consecutiveFailures++;
    return delay();
  }

  /** A call of {@code callEpoch} was answered. Returns true when this put a server on probation back {@code UP}. */
  public boolean callSucceeded(long callEpoch) {
    if (state == State.DOWN || callEpoch != epoch) return false;
    consecutiveFailures = 0;
    if (state == State.PROBATION) {
      state = State.UP;
      return true;
    }
    return false;
  }

  /** The probe of a {@code DOWN} server passed: it goes on probation. */
  public void probePassed() {
    if (state == State.DOWN) state = State.PROBATION;
  }

  /** The probe of a {@code DOWN} server failed: it stays down; returns the delay until the next probe. */
  public Duration probeFailed(String reason) {
    lastError = Objects.requireNonNullElse(reason, "");
    consecutiveFailures++;
    return delay();
  }

  /** How often the server was taken out of rotation. */
  public long timesDown() {
    return timesDown;
  }

  /** The last server failure's reason, or empty. */
  public String lastError() {
    return lastError;
  }

  private Duration delay() {
    long d = baseNanos;
    for (int i = 1; i < consecutiveFailures && d < capNanos; i++) d = d > capNanos / 2 ? capNanos : 2 * d;
    return Duration.ofNanos(Math.min(d, capNanos));
  }
}
