package io.reasonrank.trainer.run;

/**
 * The seed of item {@code item} of update {@code step}: a function of the run's seed and the position alone, so a
 * run resumed from a checkpoint draws what the uninterrupted run drew (SFT's LoRA dropout, GRPO's samples).
 */
public final class StepSeeds {
  private StepSeeds() {}

  public static long mix(long seed, int step, int item) {
    long h = seed * 0x9E3779B97F4A7C15L + step;
    return h * 0xBF58476D1CE4E5B9L + item;
  }
}
