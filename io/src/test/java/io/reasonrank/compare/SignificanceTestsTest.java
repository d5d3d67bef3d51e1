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
    // scipy: identical runs give t = 0/0 = nan, a constant nonzero shift t = inf and p = 0
    assertThat(SignificanceTests.pairedTTest(new double[] {1, 2}, new double[] {1, 2})).isNaN();
    assertThat(SignificanceTests.pairedTTest(new double[] {1, 2}, new double[] {2, 3})).isEqualTo(0.0);
  }

  @Test
  void wilcoxonExactWithoutTies() {
    double[] zero = new double[6];
    // d = 1..5: W- = 0, P(W+ <= 0) = 1/32, two-sided 2/32
    assertThat(SignificanceTests.wilcoxonSignedRank(new double[5], new double[] {1, 2, 3, 4, 5})).isEqualTo(0.0625);
    // d = 1,-2,3,4,5,6: T = 2; subsets of {1..6} summing to <= 2: {}, {1}, {2} -> 2 * 3/64
    assertThat(SignificanceTests.wilcoxonSignedRank(zero, new double[] {1, -2, 3, 4, 5, 6})).isEqualTo(0.09375);
    // zeros and n <= 13: scipy enumerates the 2^6 sign flips, every one gives W+ = 0
    assertThat(SignificanceTests.wilcoxonSignedRank(zero, zero)).isEqualTo(1.0);
    // zeros and n > 13: the normal approximation has sigma = 0 and scipy returns nan
    assertThat(SignificanceTests.wilcoxonSignedRank(new double[14], new double[14])).isNaN();
  }

  @Test
  void wilcoxonWithZerosOrTiesEnumeratesSignFlipsUpToThirteenPairs() {
    // scipy.stats.wilcoxon(d) = 0.01171875 = 2 * 6/1024 (all 2^10 sign flips; the normal approximation would give 0.0124)
    double[] d = {2, 4, 3, 3, 1, 2, -1, 5, 3, 0};
    assertThat(SignificanceTests.wilcoxonSignedRank(new double[10], d)).isEqualTo(0.01171875);
  }

  @Test
  void wilcoxonWithZerosAboveThirteenPairsUsesTheNormalApproximation() {
    // n = 14 with one zero: m = 13, W+ = 13*14/2 - 1 = 90, sigma^2 = 13*14*27/24, no ties
    double[] d = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, -13, 0};
    d[12] = 13;
    d[0] = -1;
    double z = (90 - 13 * 14 / 4.0) / Math.sqrt(13 * 14 * 27 / 24.0);
    double expected = 2 * new org.apache.commons.math3.distribution.NormalDistribution(null, 0, 1).cumulativeProbability(-z);
    assertThat(SignificanceTests.wilcoxonSignedRank(new double[14], d)).isCloseTo(expected, within(1e-15));
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
