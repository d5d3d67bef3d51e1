package io.reasonrank.trainer.validate;

/** What a trainer validates on ({@code validator}'s rows) and how often: after every {@code everySteps} updates and after the last. */
public record ValidationSettings(Validator validator, int everySteps) {
  public ValidationSettings {
    if (validator == null) throw new IllegalArgumentException("no validator");
    if (everySteps <= 0) throw new IllegalArgumentException("validation steps must be > 0, got " + everySteps);
  }
}
