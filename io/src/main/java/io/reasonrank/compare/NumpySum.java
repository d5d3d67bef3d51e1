package io.reasonrank.compare;

/**
 * NumPy's pairwise summation of a float64 array ({@code np.sum}, and so {@code np.mean}), reproduced operation for
 * operation so that statistics computed from sums round exactly as scipy's do: below 8 terms a plain loop, up to 128
 * terms eight interleaved accumulators combined as ((r0+r1)+(r2+r3))+((r4+r5)+(r6+r7)) plus the remainder, above that
 * the two halves (the first a multiple of 8 long) summed recursively. This matters where scipy's result hinges on the
 * last bit, such as a t statistic over differences that are all equal.
 */
final class NumpySum {
  private static final int BLOCK = 128;

  private NumpySum() {}

  static double pairwise(double[] a) {
    return pairwise(a, 0, a.length);
  }

  private static double pairwise(double[] a, int from, int n) {
    if (n < 8) {
      double res = 0.0;
      for (int i = 0; i < n; i++) res += a[from + i];
      return res;
    }
    if (n <= BLOCK) {
      double[] r = new double[8];
      System.arraycopy(a, from, r, 0, 8);
      int i = 8;
      for (; i < n - (n % 8); i += 8) {
        for (int j = 0; j < 8; j++) r[j] += a[from + i + j];
      }
      double res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
      for (; i < n; i++) res += a[from + i];
      return res;
    }
    int n2 = n / 2;
    n2 -= n2 % 8;
    return pairwise(a, from, n2) + pairwise(a, from + n2, n - n2);
  }
}
