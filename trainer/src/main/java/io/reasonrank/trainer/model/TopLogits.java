package io.reasonrank.trainer.model;

import java.util.Arrays;

/** The K largest logits of one position (descending, lower id first on ties) and the log-sum-exp of all of them. */
public record TopLogits(int[] ids, float[] logits, double logSumExp) {

  public static TopLogits of(float[] logits, int k) {
    if (k <= 0) throw new IllegalArgumentException("top K must be > 0, got " + k);
    int n = Math.min(k, logits.length);
    Integer[] order = new Integer[logits.length];
    for (int i = 0; i < order.length; i++) order[i] = i;
    Arrays.sort(order, (a, b) -> logits[a] != logits[b] ? Float.compare(logits[b], logits[a]) : Integer.compare(a, b));
    int[] ids = new int[n];
    float[] vals = new float[n];
    for (int i = 0; i < n; i++) {
      ids[i] = order[i];
      vals[i] = logits[order[i]];
    }
    double max = Double.NEGATIVE_INFINITY;
    for (float l : logits) max = Math.max(max, l);
    double z = 0;
    for (float l : logits) z += Math.exp(l - max);
    return new TopLogits(ids, vals, max + Math.log(z));
  }
}
