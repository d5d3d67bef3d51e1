package io.reasonrank.compare;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.stat.inference.TTest;
import org.apache.commons.math3.stat.ranking.NaNStrategy;
import org.apache.commons.math3.stat.ranking.NaturalRanking;
import org.apache.commons.math3.stat.ranking.TiesStrategy;

/**
 * Paired two-sided significance tests on per-query values of two systems (docs/reference-behaviour.md §13.2). Every
 * method takes the per-query values of system {@code b} and of the baseline {@code a} in the same
 * query order; the differences are {@code b[i] - a[i]}.
 */
public final class SignificanceTests {
  private SignificanceTests() {}

  /** Default number of random sign flips of the randomization test. */
  public static final int DEFAULT_PERMUTATIONS = 10_000;
  /** Default seed, so a comparison table is reproducible. */
  public static final long DEFAULT_SEED = 42L;
  /** Exact Wilcoxon p-values up to this many nonzero differences without ties (scipy's {@code method='auto'} bound). */
  public static final int WILCOXON_EXACT_MAX_N = 50;

  /**
   * Paired Student t-test, two-sided: t = mean(d) / (sd(d)/√n), n−1 degrees of freedom (commons-math3
   * {@link TTest#pairedTTest(double[], double[])}). When every difference is equal the statistic is
   * undefined: p is 1 when they are all 0 and 0 otherwise. NaN for fewer than 2 queries.
   */
  public static double pairedTTest(double[] a, double[] b) {
    requirePaired(a, b);
    if (a.length < 2) return Double.NaN;
    double first = b[0] - a[0];
    boolean constant = true;
    for (int i = 1; i < a.length && constant; i++) constant = (b[i] - a[i]) == first;
    if (constant) return first == 0 ? 1.0 : 0.0;
    return new TTest().pairedTTest(b, a);
  }

  /**
   * Wilcoxon signed-rank test, two-sided, as {@code scipy.stats.wilcoxon} with its defaults
   * ({@code zero_method='wilcox'}, {@code correction=False}, {@code method='auto'}): zero differences
   * are dropped (IR per-query values tie at 0 often); |d| ranked with average ranks for ties (commons-math3
   * {@link NaturalRanking}); T = min(W+, W−). With n ≤ 50 nonzero differences and no tied |d| the
   * p-value is exact, 2·P(W ≤ T) from the null distribution of W+; otherwise the normal approximation
   * z = (T − n(n+1)/4) / σ with σ² = n(n+1)(2n+1)/24 − Σ(t³−t)/48 over tie groups, p = 2Φ(z). 1 when
   * every difference is 0. commons-math3's own {@code WilcoxonSignedRankTest} is not used because it
   * ranks zero differences and has no tie correction.
   */
  public static double wilcoxonSignedRank(double[] a, double[] b) {
    requirePaired(a, b);
    List<Double> d = new ArrayList<>();
    for (int i = 0; i < a.length; i++) {
      double x = b[i] - a[i];
      if (x != 0) d.add(x);
    }
    int n = d.size();
    if (n == 0) return 1.0;
    double[] abs = new double[n];
    for (int i = 0; i < n; i++) abs[i] = Math.abs(d.get(i));
    double[] ranks = new NaturalRanking(NaNStrategy.FAILED, TiesStrategy.AVERAGE).rank(abs);
    double wPlus = 0;
    for (int i = 0; i < n; i++) if (d.get(i) > 0) wPlus += ranks[i];
    double total = n * (n + 1) / 2.0;
    double t = Math.min(wPlus, total - wPlus);
    double tieTerm = tieTerm(abs);
    if (n <= WILCOXON_EXACT_MAX_N && tieTerm == 0) return Math.min(1.0, 2 * exactCdf(n, (int) Math.round(t)));
    double mean = n * (n + 1) / 4.0;
    double var = n * (n + 1) * (2.0 * n + 1) / 24.0 - tieTerm / 48.0;
    if (var <= 0) return 1.0;
    double z = (t - mean) / Math.sqrt(var);
    return Math.min(1.0, 2 * new NormalDistribution(null, 0, 1).cumulativeProbability(z));
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
