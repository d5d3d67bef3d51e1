package io.reasonrank.trainer.model;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reasonrank.io.Json;
import io.reasonrank.trainer.safetensors.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/** Random tiny Qwen2 configs and weights for tests. */
public final class TinyConfigs {
  private TinyConfigs() {}

  public static ObjectNode json(int vocab, int hidden, int ff, int layers, int heads, int kvHeads, double theta, boolean tied) {
    return Json.MAPPER.createObjectNode().put("model_type", "qwen2").put("vocab_size", vocab).put("hidden_size", hidden)
        .put("intermediate_size", ff).put("num_hidden_layers", layers).put("num_attention_heads", heads)
        .put("num_key_value_heads", kvHeads).put("rope_theta", theta).put("rms_norm_eps", 1e-6)
        .put("tie_word_embeddings", tied).put("max_position_embeddings", 4096);
  }

  public static Qwen2Config random(SplittableRandom r) {
    int kv = 1 + r.nextInt(2);
    int heads = kv * (1 + r.nextInt(3));
    int d = 2 * (2 + r.nextInt(4));
    return Qwen2Config.fromJson(json(20 + r.nextInt(60), heads * d, 8 + r.nextInt(24), 1 + r.nextInt(3), heads, kv,
        r.nextBoolean() ? 10000.0 : 1_000_000.0, r.nextBoolean()));
  }

  /** Weights with every tensor random (norm weights around 1, biases non-zero), so every term of the model matters. */
  public static Map<String, Tensor> weights(Qwen2Config c, SplittableRandom r, double std) {
    Map<String, Tensor> out = new LinkedHashMap<>();
    for (Map.Entry<String, long[]> e : Qwen2Model.shapes(c).entrySet()) {
      long n = 1;
      for (long x : e.getValue()) n *= x;
      float[] a = new float[(int) n];
      boolean norm = e.getKey().endsWith("norm.weight");
      for (int i = 0; i < a.length; i++) a[i] = (float) ((norm ? 1 : 0) + r.nextGaussian() * (norm ? 0.2 : std));
      out.put(e.getKey(), new Tensor(e.getValue(), a));
    }
    return out;
  }
}
