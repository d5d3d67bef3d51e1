package io.reasonrank.reward;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Rank-biased overlap exactly as the Python package {@code rbo} 0.1.3 ({@code changyaochen/rbo@f062b4c},
 * {@code RankingSimilarity}) computes it, which the GRPO reward uses (docs/reference-behaviour.md §6 step 6, §6.1).
 *
 * <p>The reference calls {@code RankingSimilarity(S, T).rbo()} with its defaults {@code k=None, p=1.0,
 * ext=False}. At {@code p = 1} the package does not evaluate the paper's Eq. 4 (which would be 0) but the
 * <em>average overlap</em> {@code AO = (1/k)·Σ_{d=1..k} |S[1:d] ∩ T[1:d]| / d} with
 * {@code k = min(|S|, |T|)}. Bit-exactness needs the package's incremental recurrences, not the closed form:
 * {@code A[d] = (A[d-1]·d + tmp)/(d+1)} and {@code AO[d] = (AO[d-1]·d + A[d])/(d+1)} (0-based {@code d}),
 * where {@code tmp} counts the overlap the two new items add.
 *
 * <p>Also ported: {@code rbo(k, p<1, ext)} (Eq. 7, optionally extrapolated with Eq. 23) and {@code rbo_ext(p)}
 * (Eq. 32), with the package's {@code _bound_range} clamp to [0, 1] (values {@code numpy.isclose} to 1 pass
 * unclamped). Both lists must be duplicate-free, as the package asserts.
 */
public final class Rbo {
  private Rbo() {}

  /** {@code RankingSimilarity(s, t).rbo()}: the average overlap over the common depth (p = 1). */
  public static double rbo(List<?> s, List<?> t) {
    return rbo(s, t, null, 1.0, false);
  }

  /**
   * {@code RankingSimilarity(s, t).rbo(k, p, ext)}.
   *
   * @param k evaluation depth, {@code null} for Python's {@code None} (the shorter list's length)
   * @param p persistence: 1.0 (average overlap) or in (0, 1)
   * @param ext add the extrapolation term {@code A[k]·p^k} (only when {@code p < 1})
   */
  public static double rbo(List<?> s, List<?> t, Integer k, double p, boolean ext) {
    requireDistinct(s, "S");
    requireDistinct(t, "T");
    int ns = s.size();
    int nt = t.size();
    if (ns == 0 && nt == 0) return 1; // both lists are empty
    if (ns == 0 || nt == 0) return 0; // one list empty, one non-empty
    int depth = Math.min(ns, nt);
    if (k != null) depth = Math.min(depth, k);
    if (depth <= 0) throw new IllegalArgumentException("k must be positive: " + k);
    boolean uniform = p == 1.0;
    if (!uniform) requireP(p);

    boolean firstSame = s.get(0).equals(t.get(0));
    double a = firstSame ? 1 : 0;
    double ao = firstSame ? (uniform ? 1.0 : weight(p, 0)) : 0;
    // "is the new item already in the other list's prefix": a scan of a 20-id window beats hashing
    Prefix sRunning = new Prefix(s, depth);
    Prefix tRunning = new Prefix(t, depth);
    for (int d = 1; d < depth; d++) {
      Object sd = s.get(d);
      Object td = t.get(d);
      int tmp = 0;
      if (tRunning.containsBefore(sd, d)) tmp++;
      if (sRunning.containsBefore(td, d)) tmp++;
      if (sd.equals(td)) tmp++;
      a = ((a * d) + tmp) / (d + 1);
      ao = uniform ? ((ao * d) + a) / (d + 1) : ao + weight(p, d) * a;
    }
    if (ext && p < 1) return boundRange(ao + a * PythonPow.pow(p, depth));
    return boundRange(ao);
  }

  /**
   * {@link #rbo(List, List)} for lists already known to be duplicate-free, as primitive keys (the reward's hot
   * path): the same recurrence and the same floating-point operations, so the same bits.
   */
  static double averageOverlapOfDistinct(long[] s, long[] t) {
    if (s.length == 0 && t.length == 0) return 1;
    if (s.length == 0 || t.length == 0) return 0;
    int depth = Math.min(s.length, t.length);
    boolean firstSame = s[0] == t[0];
    double a = firstSame ? 1 : 0;
    double ao = firstSame ? 1.0 : 0;
    for (int d = 1; d < depth; d++) {
      long sd = s[d];
      long td = t[d];
      int tmp = 0;
      for (int i = 0; i < d; i++) {
        if (t[i] == sd) tmp++;
        if (s[i] == td) tmp++;
      }
      if (sd == td) tmp++;
      a = ((a * d) + tmp) / (d + 1);
      ao = ((ao * d) + a) / (d + 1);
    }
    return boundRange(ao);
  }

  /** {@code RankingSimilarity(s, t).rbo_ext(p)}: Eq. 32 of Webber et al., lists of uneven length. */
  public static double rboExt(List<?> s, List<?> t, double p) {
    requireDistinct(s, "S");
    requireDistinct(t, "T");
    requireP(p);
    if (s.isEmpty() && t.isEmpty()) return 1;
    if (s.isEmpty() || t.isEmpty()) return 0;
    List<?> shortList;
    List<?> longList;
    if (s.size() > t.size()) {
      longList = s;
      shortList = t;
    } else {
      shortList = s;
      longList = t;
    }
    int sl = shortList.size();
    int ll = longList.size();
    long[] x = new long[ll];
    Set<Object> sRunning = new HashSet<>();
    Set<Object> lRunning = new HashSet<>();
    sRunning.add(shortList.get(0));
    lRunning.add(longList.get(0));
    x[0] = shortList.get(0).equals(longList.get(0)) ? 1 : 0;
    double a = x[0];
    double rbo = (1.0 * (1 - p)) * a;
    double disjoint = 0;
    double extTerm = a * p;
    for (int d = 1; d < ll; d++) {
      if (d < sl) {
        Object sd = shortList.get(d);
        Object ld = longList.get(d);
        sRunning.add(sd);
        lRunning.add(ld);
        int incr = 0;
        if (sd.equals(ld)) {
          incr++;
        } else {
          if (lRunning.contains(sd)) incr++;
          if (sRunning.contains(ld)) incr++;
        }
        x[d] = x[d - 1] + incr;
        a = 2.0 * x[d] / (sRunning.size() + lRunning.size());
        rbo = rbo + ((1.0 * (1 - p)) * PythonPow.pow(p, d)) * a;
        extTerm = (1.0 * a) * PythonPow.pow(p, d + 1);
      } else {
        Object ld = longList.get(d);
        lRunning.add(ld);
        int incr = sRunning.contains(ld) ? 1 : 0;
        x[d] = x[d - 1] + incr;
        a = 1.0 * x[d] / (d + 1);
        rbo = rbo + ((1.0 * (1 - p)) * PythonPow.pow(p, d)) * a;
        long xs = x[sl - 1];
        // Python: X_s * (d + 1 - s) / (d + 1) / s, an exact int product, then two true divisions
        disjoint += ((1.0 * (1 - p)) * PythonPow.pow(p, d)) * ((double) (xs * (d + 1 - sl)) / (d + 1) / sl);
        extTerm = (1.0 * ((double) (x[d] - xs) / (d + 1) + (double) x[sl - 1] / sl)) * PythonPow.pow(p, d + 1);
      }
    }
    return boundRange(rbo + disjoint + extTerm);
  }

  /** The package's weight {@code 1.0 * (1 - p) * p**d}. */
  private static double weight(double p, int d) {
    return (1.0 * (1 - p)) * PythonPow.pow(p, d);
  }

  /** {@code _bound_range}: values in [0, 1] or {@code numpy.isclose(1, v)} pass; others are clamped. */
  static double boundRange(double v) {
    if ((0 <= v && v <= 1) || Math.abs(1 - v) <= 1e-8 + 1e-5 * Math.abs(v)) return v;
    return Math.min(1.0, Math.max(0.0, v));
  }

  private static boolean isDistinct(List<?> list) {
    int n = list.size();
    if (n > SMALL) return new HashSet<>(list).size() == n;
    for (int i = 1; i < n; i++) {
      Object x = list.get(i);
      for (int j = 0; j < i; j++) if (x.equals(list.get(j))) return false;
    }
    return true;
  }

  private static void requireP(double p) {
    if (!(0.0 < p && p < 1.0)) throw new IllegalArgumentException("p must be between (0, 1): " + p);
  }

  /** Membership in the first {@code d} items of a list: a linear scan for short lists, else a position map. */
  private static final class Prefix {
    private final List<?> list;
    private final java.util.Map<Object, Integer> firstIndex;

    Prefix(List<?> list, int depth) {
      this.list = list;
      if (depth <= SMALL) {
        firstIndex = null;
      } else {
        firstIndex = new java.util.HashMap<>(2 * depth);
        for (int i = depth - 1; i >= 0; i--) firstIndex.put(list.get(i), i);
      }
    }

    boolean containsBefore(Object item, int d) {
      if (firstIndex != null) {
        Integer i = firstIndex.get(item);
        return i != null && i < d;
      }
      for (int i = 0; i < d; i++) if (list.get(i).equals(item)) return true;
      return false;
    }
  }

  private static final int SMALL = 32;

  private static void requireDistinct(List<?> list, String name) {
    if (list == null) throw new IllegalArgumentException(name + " must not be null");
    if (!isDistinct(list)) {
      throw new IllegalArgumentException(name + " has duplicate elements; rbo requires duplicate-free rankings: " + list);
    }
  }
}
