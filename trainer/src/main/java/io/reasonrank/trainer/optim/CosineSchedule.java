package io.reasonrank.trainer.optim;

/**
 * transformers' {@code get_cosine_schedule_with_warmup}: for update {@code s} (0-based) the factor is
 * {@code s / warmup} during warmup, then {@code 0.5·(1 + cos(π·(s − warmup)/(total − warmup)))}. As in the
 * Hugging Face trainer the first update therefore runs at factor 0 when there is a warmup.
 */
public record CosineSchedule(double peak, int warmupSteps, int totalSteps) {
  public CosineSchedule {
    if (!(peak > 0)) throw new IllegalArgumentException("learning rate must be > 0, got " + peak);
    if (totalSteps <= 0) throw new IllegalArgumentException("total steps must be > 0, got " + totalSteps);
    if (warmupSteps < 0 || warmupSteps > totalSteps) throw new IllegalArgumentException("warmup steps must be in [0, " + totalSteps + "], got " + warmupSteps);
  }

  /** {@code warmup = ceil(ratio · total)}, as transformers' {@code get_warmup_steps}. */
  public static CosineSchedule withRatio(double peak, double warmupRatio, int totalSteps) {
    if (!(warmupRatio >= 0 && warmupRatio <= 1)) throw new IllegalArgumentException("warmup ratio must be in [0, 1], got " + warmupRatio);
    return new CosineSchedule(peak, (int) Math.ceil(warmupRatio * totalSteps), totalSteps);
  }

  public double lr(int step) {
    if (step < warmupSteps) return peak * step / Math.max(1, warmupSteps);
    double progress = (double) (step - warmupSteps) / Math.max(1, totalSteps - warmupSteps);
    return peak * Math.max(0, 0.5 * (1 + Math.cos(Math.PI * progress)));
  }
}
