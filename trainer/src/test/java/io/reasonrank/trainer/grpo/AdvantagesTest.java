package io.reasonrank.trainer.grpo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import org.junit.jupiter.api.Test;

class AdvantagesTest {
  @Test
  void groupNormalisationUsesTheUnbiasedStd() {
    double[] a = Advantages.groupNormalized(new double[] {1, 2, 3, 4});
    double std = Math.sqrt((2.25 + 0.25 + 0.25 + 2.25) / 3);
    assertThat(a[0]).isCloseTo(-1.5 / (std + 1e-6), offset(1e-12));
    assertThat(a[3]).isCloseTo(1.5 / (std + 1e-6), offset(1e-12));
    assertThat(Advantages.groupNormalized(new double[] {-1, -1, -1})).containsExactly(0, 0, 0);
    assertThat(Advantages.groupNormalized(new double[] {0.7})).containsExactly(0.7 / (1 + 1e-6));
  }

  /** verl's compute_policy_loss, term by term. */
  private static double verl(double a, double r, double lo, double hi, double c) {
    double pg1 = -a * r, pg2 = -a * Math.max(1 - lo, Math.min(1 + hi, r));
    double clip1 = Math.max(pg1, pg2);
    double pg3 = -a * c;
    double clip2 = Math.min(pg3, clip1);
    return a < 0 ? clip2 : clip1;
  }

  @Test
  void policyLossIsVerlsDualClipAndTheClosedFormTheTrainerUses() {
    for (double a : new double[] {-2, -0.5, 0, 0.3, 1.7}) {
      for (double r = 0.1; r < 5; r += 0.05) {
        double want = verl(a, r, 0.2, 0.2, 3);
        assertThat(Advantages.policyLoss(a, r, 0.2, 0.2, 3)).isCloseTo(want, offset(1e-12));
        double closed = a >= 0 ? -a * Math.min(r, 1.2) : -a * Math.min(Math.max(r, 0.8), 3);
        assertThat(closed).as("a=%s r=%s", a, r).isCloseTo(want, offset(1e-12));
      }
    }
  }

  @Test
  void lowVarKlIsK3() {
    assertThat(Advantages.lowVarKl(-1, -1)).isZero();
    assertThat(Advantages.lowVarKl(-2, -1)).isCloseTo(Math.exp(1) - 1 - 1, offset(1e-12));
    assertThat(Advantages.lowVarKl(-30, 0)).isEqualTo(10);
  }
}
