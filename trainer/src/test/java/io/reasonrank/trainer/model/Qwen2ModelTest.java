package io.reasonrank.trainer.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import io.reasonrank.trainer.safetensors.Tensor;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class Qwen2ModelTest {
  static NDManager manager;

  @BeforeAll
  static void start() {
    manager = TorchRuntime.newManager();
  }

  @AfterAll
  static void stop() {
    manager.close();
  }

  @Test
  void logitsEqualTheReferenceOnRandomConfigs() {
    SplittableRandom r = new SplittableRandom(7);
    for (int trial = 0; trial < 12; trial++) {
      Qwen2Config c = TinyConfigs.random(r);
      Map<String, Tensor> w = TinyConfigs.weights(c, r, 0.3);
      long[] ids = new long[1 + r.nextInt(9)];
      for (int i = 0; i < ids.length; i++) ids[i] = r.nextInt(c.vocabSize());
      double[][] ref = new ReferenceQwen2(c, w).logits(ids);
      try (Qwen2Model m = Qwen2Model.fromTensors(c, w, manager, DataType.FLOAT32)) {
        float[] got = m.lastLogits(ids);
        double[] want = ref[ids.length - 1];
        double scale = 0;
        for (double x : want) scale = Math.max(scale, Math.abs(x));
        for (int i = 0; i < want.length; i++) {
          assertThat(Math.abs(got[i] - want[i])).as("trial %d %s logit %d", trial, c, i).isLessThanOrEqualTo(1e-4 * Math.max(1, scale));
        }
      }
    }
  }

  @Test
  void kvCachedStepsEqualTheFullForwardPass() {
    SplittableRandom r = new SplittableRandom(11);
    Qwen2Config c = Qwen2Config.fromJson(TinyConfigs.json(40, 16, 24, 2, 4, 2, 10000, false));
    Map<String, Tensor> w = TinyConfigs.weights(c, r, 0.3);
    long[] ids = {3, 9, 1, 30, 22, 5};
    double[][] ref = new ReferenceQwen2(c, w).logits(ids);
    try (Qwen2Model m = Qwen2Model.fromTensors(c, w, manager, DataType.FLOAT32); KvCache cache = new KvCache(c.numLayers())) {
      try (NDScope ignored = new NDScope()) {
        m.hidden(new long[] {3, 9, 1}, cache);
      }
      for (int i = 3; i < ids.length; i++) {
        try (NDScope ignored = new NDScope()) {
          float[] got = m.logits(m.hidden(new long[] {ids[i]}, cache)).toFloatArray();
          for (int j = 0; j < got.length; j++) assertThat((double) got[j]).isCloseTo(ref[i][j], org.assertj.core.data.Offset.offset(1e-4));
        }
      }
      assertThat(cache.length()).isEqualTo(6);
    }
  }

  @Test
  void batchedDecodeStepsEqualTheReferencePerRow() {
    SplittableRandom r = new SplittableRandom(13);
    Qwen2Config c = Qwen2Config.fromJson(TinyConfigs.json(40, 16, 24, 2, 4, 2, 10000, true));
    Map<String, Tensor> w = TinyConfigs.weights(c, r, 0.3);
    long[] prompt = {3, 9, 1};
    long[][] steps = {{7, 7, 30}, {22, 5, 0}}; // rows 0 and 1 share a first token, then part
    ReferenceQwen2 ref = new ReferenceQwen2(c, w);
    try (Qwen2Model m = Qwen2Model.fromTensors(c, w, manager, DataType.FLOAT32); KvCache cache = new KvCache(c.numLayers())) {
      try (NDScope ignored = new NDScope()) {
        m.hidden(prompt, cache);
      }
      cache.expand(3);
      for (int i = 0; i < steps.length; i++) {
        try (NDScope ignored = new NDScope()) {
          float[] got = m.logits(m.decodeStep(steps[i], cache)).toFloatArray();
          for (int row = 0; row < 3; row++) {
            long[] ids = new long[prompt.length + i + 1];
            System.arraycopy(prompt, 0, ids, 0, prompt.length);
            for (int j = 0; j <= i; j++) ids[prompt.length + j] = steps[j][row];
            double[] want = ref.logits(ids)[ids.length - 1];
            for (int v = 0; v < want.length; v++) {
              assertThat((double) got[row * c.vocabSize() + v]).as("step %d row %d logit %d", i, row, v).isCloseTo(want[v], org.assertj.core.data.Offset.offset(1e-4));
            }
          }
        }
      }
      assertThat(cache.length()).isEqualTo(5);
      assertThat(cache.rows()).isEqualTo(3);
      assertThatThrownBy(() -> m.decodeStep(new long[] {1, 2}, cache)).hasMessage("2 tokens for a cache of 3 rows");
      assertThatThrownBy(() -> m.hidden(new long[] {1}, cache)).hasMessage("an expanded cache is advanced by decodeStep");
      assertThatThrownBy(() -> cache.expand(2)).hasMessage("the cache already holds 3 rows");
    }
    try (KvCache empty = new KvCache(1)) {
      assertThatThrownBy(() -> empty.expand(2)).hasMessage("an empty cache cannot be expanded: prefill the prompt first");
    }
  }

  @Test
  void gradientsMatchCentralDifferences() {
    SplittableRandom r = new SplittableRandom(3);
    Qwen2Config c = Qwen2Config.fromJson(TinyConfigs.json(30, 12, 16, 2, 3, 1, 10000, true));
    Map<String, Tensor> w = TinyConfigs.weights(c, r, 0.4);
    long[] ids = {1, 7, 3, 29, 4, 11, 2};
    int[] pos = {2, 3, 4, 5};
    long[] tg = {ids[3], ids[4], ids[5], ids[6]};
    try (Qwen2Model m = Qwen2Model.fromTensors(c, w, manager, DataType.FLOAT64)) {
      m.requireGradients();
      try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
        m.backwardTokens(ids, pos, tg, (lp, from, s) -> lp.sum().neg(), false, gc);
      }
      int checked = 0;
      for (Map.Entry<String, NDArray> e : m.parameters().entrySet()) {
        NDArray p = e.getValue();
        double[] grad;
        try (NDArray g = p.getGradient()) {
          grad = g.toDoubleArray();
        }
        int n = (int) p.getShape().size();
        for (int k = 0; k < 2; k++) {
          int idx = r.nextInt(n);
          double h = 1e-5;
          double up = perturbedLoss(m, p, idx, h, ids, pos, tg), down = perturbedLoss(m, p, idx, -h, ids, pos, tg);
          double numeric = (up - down) / (2 * h);
          assertThat(grad[idx]).as("%s[%d]", e.getKey(), idx).isCloseTo(numeric, org.assertj.core.data.Offset.offset(1e-6 + 1e-5 * Math.abs(numeric)));
          checked++;
        }
      }
      assertThat(checked).isEqualTo(2 * m.parameters().size());
    }
  }

  private static double perturbedLoss(Qwen2Model m, NDArray p, int idx, double h, long[] ids, int[] pos, long[] tg) {
    double[] v = p.toDoubleArray();
    double old = v[idx];
    v[idx] = old + h;
    p.set(java.nio.DoubleBuffer.wrap(v));
    double loss = 0;
    for (double x : m.scoreTokens(ids, pos, tg, false).logProbs()) loss -= x;
    v[idx] = old;
    p.set(java.nio.DoubleBuffer.wrap(v));
    return loss;
  }

  @Test
  void rejectsTensorsThatDoNotFitTheConfig() {
    Qwen2Config c = Qwen2Config.fromJson(TinyConfigs.json(10, 8, 8, 1, 2, 1, 10000, true));
    Map<String, Tensor> w = new java.util.LinkedHashMap<>(TinyConfigs.weights(c, new SplittableRandom(1), 0.1));
    w.remove("model.norm.weight");
    assertThatThrownBy(() -> Qwen2Model.fromTensors(c, w, manager, DataType.FLOAT32)).hasMessage("missing tensor model.norm.weight");
    w.put("model.norm.weight", new Tensor(new long[] {4}, new float[4]));
    assertThatThrownBy(() -> Qwen2Model.fromTensors(c, w, manager, DataType.FLOAT32))
        .hasMessage("tensor model.norm.weight has shape [4], the config needs [8]");
    assertThatThrownBy(() -> Qwen2Config.fromJson(TinyConfigs.json(10, 8, 8, 1, 3, 1, 10000, true)))
        .hasMessage("hidden_size 8 is not a multiple of num_attention_heads 3");
  }
}
