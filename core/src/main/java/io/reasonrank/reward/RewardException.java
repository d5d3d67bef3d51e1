package io.reasonrank.reward;

/**
 * An input on which the reference {@code compute_score} raises instead of returning a reward: a
 * {@code ground_truth} that repeats an id lets an equally repeating answer pass the count check, and then
 * rbo's duplicate assertion fails (docs/reference-behaviour.md §6.1). {@link #field()} names the offending input.
 */
public final class RewardException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;
  private final String field;

  public RewardException(String field, String message) {
    super(message);
    this.field = field;
  }

  /** The input field at fault, in verl's spelling ({@code ground_truth}). */
  public String field() {
    return field;
  }
}
