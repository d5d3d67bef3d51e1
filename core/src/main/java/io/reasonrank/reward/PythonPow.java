package io.reasonrank.reward;

import java.math.BigDecimal;

/**
 * Python's {@code float ** int} for the rbo variants with {@code p < 1}. CPython calls the C library's
 * {@code pow}, which glibc rounds correctly in practice; Java's {@code Math.pow} only promises one ulp. The
 * exact power of a double is a finite decimal, so rounding it once gives the correctly rounded result.
 */
final class PythonPow {
  private PythonPow() {}

  static double pow(double base, int exponent) {
    if (exponent < 0) throw new IllegalArgumentException("exponent must be >= 0: " + exponent);
    if (exponent == 0) return 1.0;
    if (exponent == 1) return base;
    return new BigDecimal(base).pow(exponent).doubleValue();
  }
}
