package io.reasonrank.reward;

import java.util.Locale;

/** Where the reference {@code compute_score} returned (docs/reference-behaviour.md §6 steps 1–3). */
public enum RewardOutcome {
  /** The answer pattern did not match: reward −1. */
  NO_MATCH,
  /** The answer and the ground truth differ in id count or distinct-id count: reward 0. */
  COUNT_MISMATCH,
  /** Python {@code int()} refused an answer id (a non-decimal digit, or more than 4,300 digits): reward 0. */
  INT_ERROR,
  /** All three views were computed. */
  SCORED;

  /** The lower-case name the golden file and the JSON outputs use ({@code no_match}, …). */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
