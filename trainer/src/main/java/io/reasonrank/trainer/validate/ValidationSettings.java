package io.reasonrank.trainer.validate;

/**
 * What a trainer validates on ({@code validator}'s rows) and when: after every {@code everySteps} updates from update
 * {@code delaySteps} on (the Hugging Face Trainer's {@code eval_delay}: a young model's validation is slow and says
 * little), and after the last.
 */
public record ValidationSettings(Validator validator, int everySteps, int delaySteps) {
  public ValidationSettings {
    if (validator == null) throw new IllegalArgumentException("no validator");
    if (everySteps <= 0) throw new IllegalArgumentException("validation steps must be > 0, got " + everySteps);
    if (delaySteps < 0) throw new IllegalArgumentException("validation delay must be >= 0, got " + delaySteps);
  }

  public ValidationSettings(Validator validator, int everySteps) {
    this(validator, everySteps, 0);
  }
}
