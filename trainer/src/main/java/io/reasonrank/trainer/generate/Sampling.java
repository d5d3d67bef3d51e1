package io.reasonrank.trainer.generate;

/**
 * How tokens are chosen. {@code temperature == 0} is greedy (the highest logit, lowest id on ties); otherwise logits
 * are divided by the temperature and the token is drawn from the smallest set of most probable tokens whose
 * probability reaches {@code topP} (all tokens at {@code topP = 1}), from {@code SplittableRandom(seed)}.
 */
public record Sampling(int maxNewTokens, double temperature, double topP, long seed) {
  public Sampling {
    if (maxNewTokens <= 0) throw new IllegalArgumentException("max new tokens must be > 0, got " + maxNewTokens);
    if (!(temperature >= 0)) throw new IllegalArgumentException("temperature must be >= 0, got " + temperature);
    if (!(topP > 0 && topP <= 1)) throw new IllegalArgumentException("top-p must be in (0, 1], got " + topP);
  }

  public static Sampling greedy(int maxNewTokens) {
    return new Sampling(maxNewTokens, 0, 1, 0);
  }

  public boolean isGreedy() {
    return temperature == 0;
  }
}
