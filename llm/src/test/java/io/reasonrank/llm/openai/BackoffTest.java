package io.reasonrank.llm.openai;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BackoffTest {
  private static final Duration BASE = Duration.ofMillis(500);
  private static final Duration CAP = Duration.ofSeconds(30);

  @Test
  void delaysDoubleWithinEqualJitterBoundsUpToTheCap() {
    Backoff b = new Backoff(BASE, CAP, new Random(1));
    for (int trial = 0; trial < 200; trial++) {
      for (int retry = 1; retry <= 12; retry++) {
        long d = Math.min(CAP.toMillis(), BASE.toMillis() << (retry - 1));
        assertThat(b.delay(retry, Optional.empty()).toMillis()).isBetween(d / 2, d);
      }
    }
    assertThat(b.delay(1000, Optional.empty()).toMillis()).isBetween(15_000L, 30_000L);
  }

  @Test
  void seededRandomGivesReproducibleDelays() {
    assertThat(delays(new Backoff(BASE, CAP, new Random(42)))).isEqualTo(delays(new Backoff(BASE, CAP, new Random(42))));
    assertThat(delays(new Backoff(BASE, CAP, new Random(42)))).isNotEqualTo(delays(new Backoff(BASE, CAP, new Random(43))));
  }

  private static List<Duration> delays(Backoff b) {
    List<Duration> out = new ArrayList<>();
    for (int retry = 1; retry <= 8; retry++) out.add(b.delay(retry, Optional.empty()));
    return out;
  }

  @Test
  void retryAfterReplacesTheExponentialDelayPlusSmallJitter() {
    Backoff b = new Backoff(BASE, CAP, new Random(3));
    assertThat(b.delay(5, Optional.of(Duration.ofSeconds(2))).toMillis()).isBetween(2000L, 2499L);
    assertThat(b.delay(1, Optional.of(Duration.ofDays(1)))).isBetween(Backoff.MAX_RETRY_AFTER, Backoff.MAX_RETRY_AFTER.plus(BASE));
  }

  @Test
  void parsesRetryAfterSecondsAndHttpDates() {
    Instant now = Instant.parse("2026-11-28T20:00:00Z");
    assertThat(Backoff.parseRetryAfter("1", now)).hasValue(Duration.ofSeconds(1));
    assertThat(Backoff.parseRetryAfter(" 120 ", now)).hasValue(Duration.ofSeconds(120));
    assertThat(Backoff.parseRetryAfter("Sat, 28 Nov 2026 20:00:07 GMT", now)).hasValue(Duration.ofSeconds(7));
    assertThat(Backoff.parseRetryAfter("Sat, 28 Nov 2026 19:59:00 GMT", now)).hasValue(Duration.ZERO);
    assertThat(Backoff.parseRetryAfter("99999999999999999999999", now)).hasValue(Backoff.MAX_RETRY_AFTER);
    assertThat(Backoff.parseRetryAfter("-1", now)).isEmpty();
    assertThat(Backoff.parseRetryAfter("soon", now)).isEmpty();
    assertThat(Backoff.parseRetryAfter("", now)).isEmpty();
    assertThat(Backoff.parseRetryAfter(null, now)).isEmpty();
  }
}
