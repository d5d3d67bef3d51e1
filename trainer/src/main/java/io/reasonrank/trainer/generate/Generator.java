package io.reasonrank.trainer.generate;

import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import io.reasonrank.trainer.model.KvCache;
import io.reasonrank.trainer.model.Qwen2Model;
import java.util.Arrays;
import java.util.Set;
import java.util.SplittableRandom;

/** Generates continuations of a prompt with one KV cache per call. Not thread-safe (the model is not). */
public final class Generator {
  private final Qwen2Model model;
  private final Set<Long> stopIds;

  /** @param stopIds tokens that end a continuation (kept out of the returned ids) */
  public Generator(Qwen2Model model, Set<Long> stopIds) {
    this.model = model;
    this.stopIds = Set.copyOf(stopIds);
  }

  /** A continuation: its token ids (without the stop token) and the stop token that ended it, or -1 (the limit did). */
  public record Output(long[] ids, long stopId) {
    public boolean stopped() {
      return stopId >= 0;
    }
  }

  public Output generate(long[] prompt, Sampling s) {
    return generate(prompt, s, new SplittableRandom(s.seed()));
  }

  /** As {@link #generate(long[], Sampling)} drawing from {@code random}. */
  public Output generate(long[] prompt, Sampling s, SplittableRandom random) {
    return generateGroup(prompt, s, new SplittableRandom[] {random})[0];
  }

  /**
   * Continuations of one prompt, one per random stream: continuation r draws from {@code randoms[r]} only, so it is
   * the continuation {@link #generate(long[], Sampling, SplittableRandom)} gives with that stream. The prompt is
   * prefilled once and the rows are decoded together ({@link Qwen2Model#decodeStep}); a row that has stopped keeps
   * its place in the batch (its further tokens are discarded) until every row has stopped.
   */
  public Output[] generateGroup(long[] prompt, Sampling s, SplittableRandom[] randoms) {
    if (prompt.length == 0) throw new IllegalArgumentException("empty prompt");
    if (randoms.length == 0) throw new IllegalArgumentException("no random streams");
    int rows = randoms.length, vocab = model.config().vocabSize();
    long[][] out = new long[rows][s.maxNewTokens()];
    int[] n = new int[rows];
    long[] stopId = new long[rows];
    Arrays.fill(stopId, -1);
    boolean[] done = new boolean[rows];
    int live = rows;
    try (KvCache cache = new KvCache(model.config().numLayers())) {
      float[] logits;
      try (NDScope ignored = new NDScope()) {
        var h = model.hidden(prompt, cache);
        logits = model.logits(h.get((prompt.length - 1) + ":")).toType(DataType.FLOAT32, false).toFloatArray();
      }
      cache.expand(rows);
      long[] next = new long[rows];
      while (true) {
        for (int r = 0; r < rows; r++) {
          if (done[r]) continue;
          // the first step's logits are the prompt's alone ([vocab]), shared by every row; later ones are [rows, vocab]
          float[] row = logits.length == vocab ? logits : Arrays.copyOfRange(logits, r * vocab, (r + 1) * vocab);
          long tok = choose(row, s, randoms[r]);
          if (stopIds.contains(tok)) {
            stopId[r] = tok;
          } else {
            out[r][n[r]++] = tok;
            next[r] = tok;
          }
          if (stopId[r] >= 0 || n[r] == s.maxNewTokens()) {
            done[r] = true;
            live--;
          }
        }
        if (live == 0) break;
        try (NDScope ignored = new NDScope()) {
          logits = model.logits(model.decodeStep(next, cache)).toType(DataType.FLOAT32, false).toFloatArray();
        }
      }
    }
    Output[] result = new Output[rows];
    for (int r = 0; r < rows; r++) result[r] = new Output(Arrays.copyOf(out[r], n[r]), stopId[r]);
    return result;
  }

  /** The token {@link Sampling} picks from these logits. */
  public static long choose(float[] logits, Sampling s, SplittableRandom random) {
    if (s.isGreedy()) {
      int best = 0;
      for (int i = 1; i < logits.length; i++) if (logits[i] > logits[best]) best = i;
      return best;
    }
    double max = Double.NEGATIVE_INFINITY;
    for (float l : logits) max = Math.max(max, l);
    double[] p = new double[logits.length];
    double z = 0;
    for (int i = 0; i < p.length; i++) z += p[i] = Math.exp((logits[i] - max) / s.temperature());
    double u = random.nextDouble();
    if (s.topP() >= 1) {
      double acc = 0, target = u * z;
      for (int i = 0; i < p.length; i++) {
        acc += p[i];
        if (acc > target) return i;
      }
      return p.length - 1;
    }
    Integer[] order = new Integer[p.length];
    for (int i = 0; i < order.length; i++) order[i] = i;
    Arrays.sort(order, (a, b) -> p[b] != p[a] ? Double.compare(p[b], p[a]) : Integer.compare(a, b));
    double acc = 0;
    int keep = 0;
    while (keep < order.length) {
      acc += p[order[keep++]] / z;
      if (acc >= s.topP()) break;
    }
    double kept = 0;
    for (int i = 0; i < keep; i++) kept += p[order[i]];
    double target = u * kept, run = 0;
    for (int i = 0; i < keep; i++) {
      run += p[order[i]];
      if (run > target) return order[i];
    }
    return order[keep - 1];
  }
}
