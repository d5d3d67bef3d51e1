package io.reasonrank.trainer.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import io.reasonrank.trainer.generate.Generator;
import io.reasonrank.trainer.generate.Sampling;
import io.reasonrank.trainer.model.Qwen2Config;
import io.reasonrank.trainer.model.Qwen2Model;
import io.reasonrank.trainer.model.TinyConfigs;
import io.reasonrank.trainer.model.TorchRuntime;
import io.reasonrank.trainer.optim.AdamW;
import io.reasonrank.trainer.optim.Gradients;
import java.util.Arrays;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Warm-JVM throughput of the trainer on a 2-block, 64-wide Qwen2 with the full Qwen vocabulary (151,936, tied):
 * one SFT update (forward + backward + clip + AdamW) on 1×1,024 tokens with the loss on 256 or on all 1,023
 * positions, and greedy KV-cached generation; then, on the demonstration's model (4 blocks, 256 wide, same vocabulary),
 * a GRPO group of 8 sampled continuations of 64 tokens after a 300-token prompt, one continuation at a time and as
 * one batch ({@link Generator#generateGroup}; the two give the same tokens, which the program checks). No stop
 * token, so every continuation is 64 tokens long. {@code bin/bench trainer io.reasonrank.trainer.bench.TrainerBench}.
 * Median of 3 after one warm-up.
 */
public final class TrainerBench {
  public static void main(String[] args) {
    Qwen2Config c = Qwen2Config.fromJson(TinyConfigs.json(151936, 64, 128, 2, 4, 2, 1e6, true));
    try (NDManager m = TorchRuntime.newManager();
         Qwen2Model model = Qwen2Model.fromTensors(c, Qwen2Model.randomTensors(c, 1), m, DataType.FLOAT32)) {
      model.requireGradients();
      AdamW adam = new AdamW(model.trainable(), model.trainableNames(), m, 0.9, 0.999, 1e-8, 0);
      long[] ids = new SplittableRandom(2).longs(1024, 0, 151000).toArray();
      System.out.printf("threads: %d cores visible%n", Runtime.getRuntime().availableProcessors());
      System.out.println("| workload | median s | tokens/s |");
      System.out.println("|---|---:|---:|");
      for (int lossTokens : new int[] {256, 1023}) {
        double[] t = new double[4];
        for (int rep = 0; rep < t.length; rep++) {
          long start = System.nanoTime();
          int from = 1023 - lossTokens;
          int[] pos = new int[lossTokens];
          long[] tg = new long[lossTokens];
          for (int k = 0; k < lossTokens; k++) {
            pos[k] = from + k;
            tg[k] = ids[from + k + 1];
          }
          float inv = -1f / lossTokens;
          try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            model.backwardTokens(Arrays.copyOf(ids, 1023), pos, tg, (lp, f, s) -> lp.sum().mul(s.create(inv)), false, gc);
          }
          Gradients.clip(model.trainable(), 1.0);
          adam.step(1e-4);
          Gradients.zero(model.trainable());
          t[rep] = (System.nanoTime() - start) / 1e9;
        }
        double med = median(Arrays.copyOfRange(t, 1, t.length));
        System.out.printf("| SFT update, 1×1,024 tokens, loss on %d | %.2f | %,.0f |%n", lossTokens, med, 1024 / med);
      }
      Generator g = new Generator(model, Set.of(151645L));
      double[] t = new double[4];
      for (int rep = 0; rep < t.length; rep++) {
        long start = System.nanoTime();
        g.generate(Arrays.copyOf(ids, 256), Sampling.greedy(64));
        t[rep] = (System.nanoTime() - start) / 1e9;
      }
      double med = median(Arrays.copyOfRange(t, 1, t.length));
      System.out.printf("| greedy generation, 256-token prompt + 64 new tokens | %.2f | %,.0f new |%n", med, 64 / med);
    }
    Qwen2Config demo = Qwen2Config.fromJson(TinyConfigs.json(151936, 256, 768, 4, 4, 2, 1e6, true));
    try (NDManager m = TorchRuntime.newManager();
         Qwen2Model model = Qwen2Model.fromTensors(demo, Qwen2Model.randomTensors(demo, 1), m, DataType.FLOAT32)) {
      Generator g = new Generator(model, Set.of());
      long[] prompt = new SplittableRandom(3).longs(300, 0, 151000).toArray();
      Sampling s = new Sampling(64, 1.0, 1.0, 0);
      double[] one = new double[4], batch = new double[4];
      for (int rep = 0; rep < one.length; rep++) {
        long start = System.nanoTime();
        long[][] alone = new long[8][];
        for (int r = 0; r < 8; r++) alone[r] = g.generate(prompt, s, new SplittableRandom(rep * 8L + r)).ids();
        one[rep] = (System.nanoTime() - start) / 1e9;
        start = System.nanoTime();
        SplittableRandom[] streams = new SplittableRandom[8];
        for (int r = 0; r < 8; r++) streams[r] = new SplittableRandom(rep * 8L + r);
        Generator.Output[] group = g.generateGroup(prompt, s, streams);
        batch[rep] = (System.nanoTime() - start) / 1e9;
        for (int r = 0; r < 8; r++) {
          if (!Arrays.equals(alone[r], group[r].ids())) throw new IllegalStateException("row " + r + " differs between the two ways");
        }
      }
      double a = median(Arrays.copyOfRange(one, 1, one.length)), b = median(Arrays.copyOfRange(batch, 1, batch.length));
      System.out.printf("| demo model, group of 8 × 64 sampled tokens, one at a time | %.2f | %,.0f new |%n", a, 512 / a);
      System.out.printf("| demo model, group of 8 × 64 sampled tokens, one batch | %.2f | %,.0f new |%n", b, 512 / b);
    }
  }

  private static double median(double[] a) {
    double[] b = a.clone();
    Arrays.sort(b);
    return b[b.length / 2];
  }
}
