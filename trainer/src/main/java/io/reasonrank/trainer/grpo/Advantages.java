package io.reasonrank.trainer.grpo;

/**
 * GRPO's outcome advantage as verl's {@code compute_grpo_outcome_advantage} ({@code norm_adv_by_std_in_grpo=True}):
 * within a group, {@code (r − mean) / (std + 1e-6)} with the unbiased standard deviation; a group of one has mean 0
 * and std 1.
 */
public final class Advantages {
  private Advantages() {}

  public static final double EPS = 1e-6;

  public static double[] groupNormalized(double[] rewards) {
    int n = rewards.length;
    double mean = 0, std = 1;
    if (n > 1) {
      for (double r : rewards) mean += r;
      mean /= n;
      double ss = 0;
      for (double r : rewards) ss += (r - mean) * (r - mean);
      std = Math.sqrt(ss / (n - 1));
    }
    double[] a = new double[n];
    for (int i = 0; i < n; i++) a[i] = (rewards[i] - mean) / (std + EPS);
    return a;
  }

  /**
   * The per-token policy loss for advantage {@code a} and ratio {@code r}, verl's dual-clip PPO:
   * {@code max(−a·r, −a·clip(r, 1−εl, 1+εh))}, and for {@code a < 0} at most {@code −a·c}. In closed form:
   * {@code −a·min(r, 1+εh)} for {@code a ≥ 0}, {@code |a|·min(max(r, 1−εl), c)} for {@code a < 0}.
   */
  public static double policyLoss(double a, double r, double clipLow, double clipHigh, double c) {
    double clipped = Math.max(1 - clipLow, Math.min(1 + clipHigh, r));
    double loss = Math.max(-a * r, -a * clipped);
    return a < 0 ? Math.min(loss, -a * c) : loss;
  }

  /** verl's {@code low_var_kl} (Schulman's k3) of log-probs: {@code exp(ref − lp) − (ref − lp) − 1}, clamped to ±10. */
  public static double lowVarKl(double logProb, double refLogProb) {
    double d = refLogProb - logProb;
    return Math.max(-10, Math.min(10, Math.exp(d) - d - 1));
  }
}
