package io.reasonrank.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class SignificanceTestsTest {
  @Test
  void pairedTTestMatchesStudentsSleepData() {
    // R: t.test(extra ~ group, data = sleep, paired = TRUE) -> t = -4.0621, df = 9, p-value = 0.002833
    double[] g1 = {0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0};
    double[] g2 = {1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4};
    assertThat(SignificanceTests.pairedTTest(g1, g2)).isCloseTo(0.002833, within(5e-7));
    assertThat(SignificanceTests.pairedTTest(new double[] {1, 2}, new double[] {1, 2})).isEqualTo(1.0);
    assertThat(SignificanceTests.pairedTTest(new double[] {1, 2}, new double[] {2, 3})).isEqualTo(0.0);
  }

  @Test
  void wilcoxonExactWithoutTies() {
    double[] zero = new double[6];
    // d = 1..5: W- = 0, P(W+ <= 0) = 1/32, two-sided 2/32
    assertThat(SignificanceTests.wilcoxonSignedRank(new double[5], new double[] {1, 2, 3, 4, 5})).isEqualTo(0.0625);
    // d = 1,-2,3,4,5,6: T = 2; subsets of {1..6} summing to <= 2: {}, {1}, {2} -> 2 * 3/64
    assertThat(SignificanceTests.wilcoxonSignedRank(zero, new double[] {1, -2, 3, 4, 5, 6})).isEqualTo(0.09375);
    assertThat(SignificanceTests.wilcoxonSignedRank(zero, zero)).isEqualTo(1.0);
  }

  @Test
  void wilcoxonNormalApproximationDropsZerosAndCorrectsForTies() {
    // python3 stdlib: n = 9 after dropping the 0, W+ = 43.5, T = 1.5, sum(t^3 - t) = 36,
    // 2 * NormalDist().cdf((1.5 - 22.5) / sqrt(71.25 - 36/48)) = 0.012382093862197463
    double[] d = {2, 4, 3, 3, 1, 2, -1, 5, 3, 0};
    assertThat(SignificanceTests.wilcoxonSignedRank(new double[10], d)).isCloseTo(0.012382093862197463, within(1e-12));
  }

  @Test
  void randomizationApproachesTheExhaustivePermutationPValue() {
    // all 32 sign flips of d = 1..5: only +-(1+2+3+4+5) reach |15|, exact p = 2/32
    double p = SignificanceTests.pairedRandomization(new double[5], new double[] {1, 2, 3, 4, 5}, 20_000, 7);
    assertThat(p).isCloseTo(0.0625, within(0.006));
    assertThat(SignificanceTests.pairedRandomization(new double[5], new double[] {1, 2, 3, 4, 5}, 20_000, 7)).isEqualTo(p);
    assertThat(SignificanceTests.pairedRandomization(new double[3], new double[3], 100, 1)).isEqualTo(1.0);
  }

  @Test
  void winsTiesLosses() {
    assertThat(SignificanceTests.winsTiesLosses(new double[] {1, 2, 3, 0}, new double[] {2, 2, 1, 0.5}))
        .isEqualTo(new SignificanceTests.WinsTiesLosses(2, 1, 1));
  }
}
