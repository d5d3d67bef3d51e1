package io.reasonrank.compare;

import java.util.SplittableRandom;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.stat.ranking.NaNStrategy;
import org.apache.commons.math3.stat.ranking.NaturalRanking;
import org.apache.commons.math3.stat.ranking.TiesStrategy;

/**
 * Paired two-sided significance tests on per-query values of two systems (docs/reference-behaviour.md §13.2), equal to
 * scipy 1.17's (pinned in {@code SignificanceTestsScipyTest}; {@code tools/scipy_significance_cases.py} makes the cases). Every
 * method takes the per-query values of system {@code b} and of the baseline {@code a} in the same
 * query order; the differences are {@code b[i] - a[i]}.
 */
public final class SignificanceTests {
  private SignificanceTests() {}

  /** Default number of random sign flips of the randomization test. */
  public static final int DEFAULT_PERMUTATIONS = 10_000;
  /** Default seed, so a comparison table is reproducible. */
  public static final long DEFAULT_SEED = 42L;
  /**
   * The exact null distribution is used up to this many query pairs, counted before zero differences are
   * dropped, when there are no zeros and no ties ({@code scipy.stats.wilcoxon}'s {@code method='auto'}).
   */
  public static final int WILCOXON_EXACT_MAX_N = 50;
  /**
   * With zeros or ties, up to this many query pairs (zeros included) every one of the 2^n sign flips is
   * enumerated (scipy's {@code method='auto'} switches to its permutation test, which is exact below 2^13 <
   * 9,999 resamples); above it the normal approximation is used.
   */
  public static final int WILCOXON_ENUMERATE_MAX_N = 13;

  /**
   * Paired Student t-test, two-sided, computed as {@code scipy.stats.ttest_rel(b, a)} does: d = b − a,
   * mean and variance with NumPy's pairwise summation, t = mean(d) / √(var₁(d)/n), p = 2·P(T<sub>n−1</sub> ≥ |t|).
   * As in scipy, p is NaN for fewer than 2 queries and when every difference is 0 (t = 0/0), and 0 when every
   * difference is the same nonzero value (t = ±∞).
   */
  public static double pairedTTest(double[] a, double[] b) {
    requirePaired(a, b);
    int n = a.length;
    if (n < 2) return Double.NaN;
    double[] d = new double[n];
    for (int i = 0; i < n; i++) d[i] = b[i] - a[i];
    double mean = NumpySum.pairwise(d) / n;
    double[] sq = new double[n];
    for (int i = 0; i < n; i++) {
      double c = d[i] - mean;
      sq[i] = c * c;
    }
    double var = NumpySum.pairwise(sq) / n * ((double) n / (n - 1));
    double t = mean / Math.sqrt(var / n);
    if (Double.isNaN(t)) return Double.NaN;
    if (Double.isInfinite(t)) return 0.0;
    return 2 * new TDistribution(null, n - 1).cumulativeProbability(-Math.abs(t));
  }

  /**
   * Wilcoxon signed-rank test, two-sided, equal to {@code scipy.stats.wilcoxon(b, a)} with its defaults
   * ({@code zero_method='wilcox'}, {@code correction=False}, {@code method='auto'}), scipy 1.17. Zero differences are
   * dropped from the statistic; the remaining |d| are ranked with average ranks for ties and W+ is the rank sum of the
   * positive differences. The p-value depends on n, the number of pairs <em>before</em> dropping zeros:
   * <ul>
   *   <li>n ≤ {@value #WILCOXON_EXACT_MAX_N} with no zero and no tie: exact, 2·min(P(W ≥ W+), P(W ≤ W+)) under the
   *       null distribution of W for ranks 1..n;
   *   <li>else n ≤ {@value #WILCOXON_ENUMERATE_MAX_N}: exact over all 2^n sign flips of d (zeros included, so they
   *       stay 0), 2·min(#{W+' ≤ W+}, #{W+' ≥ W+}) / 2^n with scipy's relative tolerance of 100 ulp;
   *   <li>else the normal approximation without continuity correction: z = (W+ − m(m+1)/4) / σ, σ² =
   *       (m(m+1)(2m+1) − Σ(t³−t)/2) / 24 over the m nonzero differences and their tie groups, p = 2Φ(−|z|).
   * </ul>
   * p is capped at 1, and NaN for no pairs, or where the normal approximation meets only zero differences (σ = 0),
   * as in scipy. commons-math3's {@code WilcoxonSignedRankTest} is not used because it ranks zero differences and has
   * no tie correction.
   */
  public static double wilcoxonSignedRank(double[] a, double[] b) {
    requirePaired(a, b);
    int n = a.length;
    if (n == 0) return Double.NaN;
    double[] d = new double[n];
    int zeros = 0;
    for (int i = 0; i < n; i++) {
      d[i] = b[i] - a[i];
      if (d[i] == 0) zeros++;
    }
    int m = n - zeros;
    double[] abs = new double[m];
    for (int i = 0, j = 0; i < n; i++) if (d[i] != 0) abs[j++] = Math.abs(d[i]);
    double[] nonzeroRanks = m == 0 ? new double[0] : new NaturalRanking(NaNStrategy.FAILED, TiesStrategy.AVERAGE).rank(abs);
    double[] ranks = new double[n];
    double wPlus = 0;
    for (int i = 0, j = 0; i < n; i++) {
      if (d[i] == 0) continue;
      ranks[i] = nonzeroRanks[j++];
      if (d[i] > 0) wPlus += ranks[i];
    }
    double tieTerm = tieTerm(abs);
    if (n <= WILCOXON_EXACT_MAX_N && zeros == 0 && tieTerm == 0) {
      double total = n * (n + 1) / 2.0;
      double t = Math.min(wPlus, total - wPlus);
      return Math.min(1.0, 2 * exactCdf(n, (int) Math.round(t)));
    }
    if (n <= WILCOXON_ENUMERATE_MAX_N) return Math.min(1.0, signFlipPValue(d, ranks, wPlus));
    double mean = m * (m + 1) * 0.25;
    double se = Math.sqrt((m * (m + 1.0) * (2.0 * m + 1.0) - tieTerm / 2) / 24);
    double z = (wPlus - mean) / se;
    if (Double.isNaN(z)) return Double.NaN;
    return 2 * new NormalDistribution(null, 0, 1).cumulativeProbability(-Math.abs(z));
  }

  /** Two-sided p over every sign flip of {@code d}: the exact permutation test scipy runs for small n with ties. */
  private static double signFlipPValue(double[] d, double[] ranks, double observed) {
    int n = d.length;
    double gamma = Math.abs(100 * Math.ulp(1.0) * observed);
    long below = 0, above = 0;
    for (int mask = 0; mask < (1 << n); mask++) {
      double w = 0;
      for (int i = 0; i < n; i++) {
        boolean positive = ((mask >>> i) & 1) == 0 ? d[i] > 0 : d[i] < 0;
        if (positive) w += ranks[i];
      }
      if (w <= observed + gamma) below++;
      if (w >= observed - gamma) above++;
    }
    return 2.0 * Math.min(below, above) / (1 << n);
  }

  /**
   * Paired randomization (permutation) test, two-sided (Smucker, Allan and Carterette, CIKM 2007):
   * under the null each query's pair of values is exchangeable, so each difference's sign is flipped
   * at random; p = (c + 1) / (B + 1) with c the number of the B trials whose |mean difference| reaches
   * the observed one (Phipson and Smyth 2010: never 0). Seeded ({@link SplittableRandom}) for
   * reproducibility.
   */
  public static double pairedRandomization(double[] a, double[] b, int permutations, long seed) {
    requirePaired(a, b);
    if (permutations < 1) throw new IllegalArgumentException("permutations must be >= 1, got " + permutations);
    int n = a.length;
    if (n == 0) return Double.NaN;
    double[] d = new double[n];
    double sum = 0;
    for (int i = 0; i < n; i++) {
      d[i] = b[i] - a[i];
      sum += d[i];
    }
    double observed = Math.abs(sum);
    // sums of the same terms in other orders differ in the last bits; count those as reaching it
    double slack = 1e-12 * Math.max(1.0, observed);
    SplittableRandom rnd = new SplittableRandom(seed);
    int c = 0;
    for (int p = 0; p < permutations; p++) {
      double s = 0;
      for (int i = 0; i < n; i++) s += rnd.nextBoolean() ? d[i] : -d[i];
      if (Math.abs(s) >= observed - slack) c++;
    }
    return (c + 1.0) / (permutations + 1.0);
  }

  /** Per-query outcomes of {@code b} against baseline {@code a}. */
  public record WinsTiesLosses(int wins, int ties, int losses) {
    public WinsTiesLosses {
      if (wins < 0 || ties < 0 || losses < 0) throw new IllegalArgumentException("counts must be >= 0");
    }

    @Override
    public String toString() {
      return wins + "/" + ties + "/" + losses;
    }
  }

  public static WinsTiesLosses winsTiesLosses(double[] a, double[] b) {
    requirePaired(a, b);
    int w = 0, t = 0, l = 0;
    for (int i = 0; i < a.length; i++) {
      if (b[i] > a[i]) w++;
      else if (b[i] < a[i]) l++;
      else t++;
    }
    return new WinsTiesLosses(w, t, l);
  }

  private static double tieTerm(double[] abs) {
    double[] s = abs.clone();
    java.util.Arrays.sort(s);
    double term = 0;
    for (int i = 0; i < s.length; ) {
      int j = i;
      while (j < s.length && s[j] == s[i]) j++;
      double tSize = j - i;
      term += tSize * tSize * tSize - tSize;
      i = j;
    }
    return term;
  }

  /** P(W+ ≤ w) for n untied ranks 1..n: counts of subsets of {1..n} by sum, over 2^n. */
  static double exactCdf(int n, int w) {
    int max = n * (n + 1) / 2;
    double[] count = new double[max + 1];
    count[0] = 1;
    for (int r = 1; r <= n; r++) {
      for (int s = max; s >= r; s--) count[s] += count[s - r];
    }
    double c = 0;
    for (int s = 0; s <= Math.min(w, max); s++) c += count[s];
    return c / Math.pow(2, n);
  }

  private static void requirePaired(double[] a, double[] b) {
    if (a.length != b.length) throw new IllegalArgumentException("paired samples differ in length: " + a.length + " vs " + b.length);
  }
}
