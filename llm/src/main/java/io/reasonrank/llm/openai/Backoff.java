package io.reasonrank.llm.openai;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.Random;

/**
 * How long to wait before retry number {@code k} (1-based): exponential backoff with "equal jitter",
 * {@code d = min(cap, base · 2^(k-1))}, wait uniform in {@code [d/2, d]}. Half of the delay is guaranteed
 * so retries really back off; the random half spreads the many requests that failed together (one
 * overloaded server fails every in-flight request at once) so they do not return together.
 *
 * <p>A {@code Retry-After} header on 429/503 replaces the exponential delay: the server's number plus up to
 * {@code base} of jitter, clamped to {@link #MAX_RETRY_AFTER} so a misconfigured server cannot park a run.
 */
final class Backoff {
  /** The longest {@code Retry-After} that is honoured as given. */
  static final Duration MAX_RETRY_AFTER = Duration.ofMinutes(10);

  private final Duration base;
  private final Duration cap;
  private final Random random;

  Backoff(Duration base, Duration cap, Random random) {
    this.base = base;
    this.cap = cap;
    this.random = random;
  }

  /** The wait before retry {@code retry} (1 = the first retry). */
  Duration delay(int retry, Optional<Duration> retryAfter) {
    long jitterBound = Math.max(1, base.toMillis());
    if (retryAfter.isPresent()) {
      Duration asked = retryAfter.get().compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : retryAfter.get();
      return asked.plusMillis(nextLong(jitterBound));
    }
    int shift = Math.min(retry - 1, 30);
    long d = Math.min(cap.toMillis(), base.toMillis() << shift);
    long half = d / 2;
    return Duration.ofMillis(half + nextLong(d - half + 1));
  }

  private long nextLong(long bound) {
    synchronized (random) { // a seeded Random stays reproducible only when draws are serialised
      return random.nextLong(bound);
    }
  }

  /**
   * Parses a {@code Retry-After} value (RFC 9110 §10.2.3): delay-seconds or an HTTP-date. A date in the past
   * means "now"; anything unreadable is ignored (empty), and ordinary backoff applies.
   */
  static Optional<Duration> parseRetryAfter(String value, Instant now) {
    if (value == null || value.isBlank()) return Optional.empty();
    String v = value.strip();
    if (v.chars().allMatch(c -> c >= '0' && c <= '9')) {
      try {
        return Optional.of(Duration.ofSeconds(Long.parseLong(v)));
      } catch (NumberFormatException e) {
        return Optional.of(MAX_RETRY_AFTER); // more digits than a long: "very long"
      }
    }
    try {
      Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      Duration d = Duration.between(now, at);
      return Optional.of(d.isNegative() ? Duration.ZERO : d);
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
