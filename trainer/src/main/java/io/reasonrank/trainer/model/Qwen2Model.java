package io.reasonrank.trainer.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.training.GradientCollector;
import io.reasonrank.trainer.lora.LoraConfig;
import io.reasonrank.trainer.safetensors.Tensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A Qwen2 decoder ({@code Qwen2ForCausalLM}): token embedding; per block RMSNorm → attention with q/k/v biases,
 * rotary position embeddings ({@code rope_theta}, the rotate-half layout of Hugging Face) and grouped-query heads →
 * residual → RMSNorm → SwiGLU MLP {@code down(silu(gate(x)) · up(x))} → residual; a final RMSNorm and the LM head
 * (the embedding matrix when {@code tie_word_embeddings}).
 *
 * <p>Sequences are one at a time ({@code [T]} ids), which keeps masks trivial: training accumulates gradients over
 * sequences. Every scalar that meets a tensor needing gradients is a tensor owned by the model, never a Java number
 * (DJL's number overloads free their temporary scalar while autograd may still hold it). Callers run forward passes
 * inside an {@link NDScope}: intermediate arrays belong to the scope, the weights to the model.
 */
public final class Qwen2Model implements AutoCloseable {
  /** Rows of the LM head computed at once when scoring tokens: bounds the {@code [rows, vocab]} logits held. */
  public static final int HEAD_CHUNK = 256;

  private final Qwen2Config config;
  private final NDManager manager;
  private final DataType dtype;
  private final Map<String, NDArray> params;
  private final Map<String, LoraAdapter> lora = new LinkedHashMap<>();
  private LoraConfig loraConfig;
  private boolean loraEnabled = true;
  private SplittableRandom dropoutRandom;
  private final NDArray eps;
  private final NDArray attnScale;
  private NDArray loraScale;
  private NDArray cos;
  private NDArray sin;

  /** The two factors of one adapted linear layer: {@code a [r, in]}, {@code b [out, r]}. */
  public record LoraAdapter(NDArray a, NDArray b) {}

  private Qwen2Model(Qwen2Config config, NDManager manager, DataType dtype, Map<String, NDArray> params) {
    this.config = config;
    this.manager = manager;
    this.dtype = dtype;
    this.params = params;
    this.eps = scalar(config.rmsNormEps());
    this.attnScale = scalar(1.0 / Math.sqrt(config.headDim()));
  }

  /** The tensor names and shapes of a config, in Hugging Face order. */
  public static Map<String, long[]> shapes(Qwen2Config c) {
    Map<String, long[]> s = new LinkedHashMap<>();
    long h = c.hiddenSize(), q = (long) c.numHeads() * c.headDim(), kv = (long) c.numKvHeads() * c.headDim();
    long ff = c.intermediateSize();
    s.put("model.embed_tokens.weight", new long[] {c.vocabSize(), h});
    for (int i = 0; i < c.numLayers(); i++) {
      String p = "model.layers." + i + ".";
      s.put(p + "input_layernorm.weight", new long[] {h});
      s.put(p + "self_attn.q_proj.weight", new long[] {q, h});
      s.put(p + "self_attn.q_proj.bias", new long[] {q});
      s.put(p + "self_attn.k_proj.weight", new long[] {kv, h});
      s.put(p + "self_attn.k_proj.bias", new long[] {kv});
      s.put(p + "self_attn.v_proj.weight", new long[] {kv, h});
      s.put(p + "self_attn.v_proj.bias", new long[] {kv});
      s.put(p + "self_attn.o_proj.weight", new long[] {h, q});
      s.put(p + "post_attention_layernorm.weight", new long[] {h});
      s.put(p + "mlp.gate_proj.weight", new long[] {ff, h});
      s.put(p + "mlp.up_proj.weight", new long[] {ff, h});
      s.put(p + "mlp.down_proj.weight", new long[] {h, ff});
    }
    s.put("model.norm.weight", new long[] {h});
    if (!c.tieWordEmbeddings()) s.put("lm_head.weight", new long[] {c.vocabSize(), h});
    return s;
  }

  /**
   * A model from named F32 tensors. Every tensor of {@link #shapes} must be there with its shape; a tied model's
   * {@code lm_head.weight} and rotary {@code inv_freq} buffers are ignored; any other name is an error.
   *
   * @throws IllegalArgumentException naming the first missing, misshaped or unexpected tensor
   */
  public static Qwen2Model fromTensors(Qwen2Config config, Map<String, Tensor> tensors, NDManager manager, DataType dtype) {
    Map<String, long[]> want = shapes(config);
    for (String name : tensors.keySet()) {
      if (!want.containsKey(name) && !name.endsWith("rotary_emb.inv_freq") && !(name.equals("lm_head.weight") && config.tieWordEmbeddings())) {
        throw new IllegalArgumentException("unexpected tensor " + name + " for a Qwen2 model with this config");
      }
    }
    NDManager m = manager.newSubManager();
    Map<String, NDArray> params = new LinkedHashMap<>();
    for (Map.Entry<String, long[]> e : want.entrySet()) {
      Tensor t = tensors.get(e.getKey());
      if (t == null) {
        m.close();
        throw new IllegalArgumentException("missing tensor " + e.getKey());
      }
      if (!java.util.Arrays.equals(t.shape(), e.getValue())) {
        m.close();
        throw new IllegalArgumentException("tensor " + e.getKey() + " has shape " + java.util.Arrays.toString(t.shape())
            + ", the config needs " + java.util.Arrays.toString(e.getValue()));
      }
      NDArray a = m.create(t.data(), new Shape(t.shape()));
      if (dtype != DataType.FLOAT32) {
        NDArray c = a.toType(dtype, false);
        a.close();
        a = c;
      }
      a.setName(e.getKey());
      params.put(e.getKey(), a);
    }
    return new Qwen2Model(config, m, dtype, params);
  }

  /**
   * Random weights as Hugging Face initialises Qwen2: matrices and the embedding normal(0, initializer_range), biases
   * zero, norm weights one; drawn from {@code SplittableRandom(seed)} so a seed gives the same weights everywhere.
   */
  public static Map<String, Tensor> randomTensors(Qwen2Config config, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    Map<String, Tensor> out = new LinkedHashMap<>();
    for (Map.Entry<String, long[]> e : shapes(config).entrySet()) {
      long n = 1;
      for (long d : e.getValue()) n *= d;
      float[] data = new float[Math.toIntExact(n)];
      String name = e.getKey();
      if (name.endsWith("norm.weight")) java.util.Arrays.fill(data, 1f);
      else if (!name.endsWith(".bias")) for (int i = 0; i < data.length; i++) data[i] = (float) (rnd.nextGaussian() * config.initializerRange());
      out.put(name, new Tensor(e.getValue(), data));
    }
    return out;
  }

  public Qwen2Config config() {
    return config;
  }

  public DataType dtype() {
    return dtype;
  }

  public NDManager manager() {
    return manager;
  }

  /** The weights by Hugging Face name (live arrays; do not close them). */
  public Map<String, NDArray> parameters() {
    return Collections.unmodifiableMap(params);
  }

  /** The weights as F32 tensors (LoRA not merged). */
  public Map<String, Tensor> toTensors() {
    Map<String, Tensor> out = new LinkedHashMap<>();
    try (NDScope ignored = new NDScope()) {
      params.forEach((k, v) -> out.put(k, new Tensor(v.getShape().getShape(), v.toType(DataType.FLOAT32, false).toFloatArray())));
    }
    return out;
  }

  // ---------------------------------------------------------------- LoRA

  /** Adds LoRA adapters to the targeted projections and freezes the base weights; {@code seed} draws A. */
  public void addLora(LoraConfig cfg, long seed) {
    if (loraConfig != null) throw new IllegalStateException("LoRA adapters are already attached");
    loraConfig = cfg;
    loraScale = scalar(cfg.scale());
    SplittableRandom rnd = new SplittableRandom(seed);
    for (String name : params.keySet()) {
      if (!name.endsWith(".weight")) continue;
      String prefix = name.substring(0, name.length() - ".weight".length());
      String proj = prefix.substring(prefix.lastIndexOf('.') + 1);
      if (!prefix.startsWith("model.layers.") || !cfg.targets().contains(proj)) continue;
      long[] s = params.get(name).getShape().getShape();
      int out = (int) s[0], in = (int) s[1];
      float bound = (float) (1.0 / Math.sqrt(in));
      float[] a = new float[cfg.rank() * in];
      for (int i = 0; i < a.length; i++) a[i] = (float) ((rnd.nextDouble() * 2 - 1) * bound);
      NDArray aa = manager.create(a, new Shape(cfg.rank(), in)).toType(dtype, false);
      NDArray bb = manager.zeros(new Shape(out, cfg.rank()), dtype);
      lora.put(prefix, new LoraAdapter(aa, bb));
    }
    for (NDArray p : params.values()) p.setRequiresGradient(false);
  }

  /** Sets adapter factors from PEFT-named tensors ({@link #loraTensors()} of a checkpoint). */
  public void setLoraTensors(Map<String, Tensor> tensors) {
    for (Map.Entry<String, LoraAdapter> e : lora.entrySet()) {
      setFrom(e.getValue().a(), tensors.get("base_model.model." + e.getKey() + ".lora_A.weight"), e.getKey() + ".lora_A");
      setFrom(e.getValue().b(), tensors.get("base_model.model." + e.getKey() + ".lora_B.weight"), e.getKey() + ".lora_B");
    }
  }

  /** The adapter factors under PEFT's names ({@code base_model.model.PREFIX.lora_A.weight}). */
  public Map<String, Tensor> loraTensors() {
    Map<String, Tensor> out = new LinkedHashMap<>();
    List<String> names = trainableNames();
    List<NDArray> arrays = trainable();
    try (NDScope ignored = new NDScope()) {
      for (int i = 0; i < names.size(); i++) {
        out.put(names.get(i), new Tensor(arrays.get(i).getShape().getShape(), arrays.get(i).toType(DataType.FLOAT32, false).toFloatArray()));
      }
    }
    return out;
  }

  private static void setFrom(NDArray target, Tensor t, String name) {
    if (t == null) throw new IllegalArgumentException("missing adapter tensor " + name);
    if (!java.util.Arrays.equals(t.shape(), target.getShape().getShape())) throw new IllegalArgumentException("adapter tensor " + name + " has the wrong shape");
    TorchRuntime.set(target, t.data());
  }

  public LoraConfig loraConfig() {
    return loraConfig;
  }

  /** The adapters by projection prefix (e.g. {@code model.layers.0.self_attn.q_proj}), PEFT-named on save. */
  public Map<String, LoraAdapter> loraAdapters() {
    return Collections.unmodifiableMap(lora);
  }

  /** With adapters disabled the model is its frozen base (GRPO's reference policy under LoRA). */
  public void setLoraEnabled(boolean enabled) {
    this.loraEnabled = enabled;
  }

  /** The random source of LoRA dropout for the following forward passes; {@code null} disables dropout. */
  public void setDropoutRandom(SplittableRandom random) {
    this.dropoutRandom = random;
  }

  /** The weights with {@code W + (alpha/r)·B·A} folded in: what is exported after LoRA training. */
  public Map<String, Tensor> mergedTensors() {
    Map<String, Tensor> out = toTensors();
    try (NDScope ignored = new NDScope()) {
      for (Map.Entry<String, LoraAdapter> e : lora.entrySet()) {
        String name = e.getKey() + ".weight";
        NDArray w = params.get(name).add(e.getValue().b().matMul(e.getValue().a()).mul(loraScale));
        out.put(name, new Tensor(w.getShape().getShape(), w.toType(DataType.FLOAT32, false).toFloatArray()));
      }
    }
    return out;
  }

  /** What training updates: the adapters' factors under LoRA, else every weight. */
  public List<NDArray> trainable() {
    List<NDArray> out = new ArrayList<>();
    if (loraConfig != null) {
      for (LoraAdapter a : lora.values()) {
        out.add(a.a());
        out.add(a.b());
      }
    } else {
      out.addAll(params.values());
    }
    return out;
  }

  /** Names of {@link #trainable()} in the same order (PEFT names for adapters). */
  public List<String> trainableNames() {
    List<String> out = new ArrayList<>();
    if (loraConfig != null) {
      for (String p : lora.keySet()) {
        out.add("base_model.model." + p + ".lora_A.weight");
        out.add("base_model.model." + p + ".lora_B.weight");
      }
    } else {
      out.addAll(params.keySet());
    }
    return out;
  }

  /** Marks {@link #trainable()} as needing gradients. */
  public void requireGradients() {
    for (NDArray p : trainable()) p.setRequiresGradient(true);
  }

  // ---------------------------------------------------------------- forward

  /**
   * The final-norm hidden states {@code [T, hidden]} of {@code ids} following the cached positions (none when
   * {@code cache} is null); the cache is extended by the T positions.
   */
  public NDArray hidden(long[] ids, KvCache cache) {
    if (ids.length == 0) throw new IllegalArgumentException("no tokens");
    if (cache != null && cache.rows() > 1) throw new IllegalArgumentException("an expanded cache is advanced by decodeStep");
    return forward(ids, 1, cache);
  }

  /**
   * One decoding step of the {@link KvCache#rows()} sequences of an {@link KvCache#expand expanded} cache: row r
   * reads {@code tokens[r]} at position {@link KvCache#length()} and the final-norm hidden states {@code [rows,
   * hidden]} come back. All rows share a position, which is what continuing one prompt G times needs (GRPO's group):
   * the LM head and every projection then run as one matrix product per step instead of G matrix-vector products.
   */
  public NDArray decodeStep(long[] tokens, KvCache cache) {
    if (cache.rows() != tokens.length) {
      throw new IllegalArgumentException(tokens.length + " tokens for a cache of " + cache.rows() + " rows");
    }
    return forward(tokens, tokens.length, cache);
  }

  /**
   * The decoder blocks (pre-norm attention and SwiGLU MLP, each residual) and the final norm over {@code rows}
   * sequences of {@code ids.length / rows} new tokens each ({@code ids} row-major), all at the same positions.
   */
  private NDArray forward(long[] ids, int rows, KvCache cache) {
    for (long id : ids) {
      if (id < 0 || id >= config.vocabSize()) throw new IllegalArgumentException("token id " + id + " outside the vocabulary of " + config.vocabSize());
    }
    int t = ids.length / rows, start = cache == null ? 0 : cache.length();
    ensureRope(start + t);
    NDArray x = params.get("model.embed_tokens.weight").get(new NDIndex("{}", manager.create(ids)));
    NDArray cosT = cos.get(start + ":" + (start + t)), sinT = sin.get(start + ":" + (start + t));
    NDArray mask = t > 1 ? causalMask(t, start) : null;
    for (int l = 0; l < config.numLayers(); l++) {
      String p = "model.layers." + l + ".";
      NDArray h = rmsNorm(x, params.get(p + "input_layernorm.weight"));
      x = x.add(attention(h, rows, l, p, cosT, sinT, mask, cache));
      h = rmsNorm(x, params.get(p + "post_attention_layernorm.weight"));
      NDArray gate = linear(h, p + "mlp.gate_proj");
      NDArray up = linear(h, p + "mlp.up_proj");
      x = x.add(linear(gate.mul(Activation.sigmoid(gate)).mul(up), p + "mlp.down_proj"));
    }
    if (cache != null) cache.advance(t);
    return rmsNorm(x, params.get("model.norm.weight"));
  }

  /** The LM head's weight ({@code [vocab, hidden]}). */
  public NDArray headWeight() {
    return params.get(config.tieWordEmbeddings() ? "model.embed_tokens.weight" : "lm_head.weight");
  }

  /** Logits {@code [rows, vocab]} of hidden states {@code [rows, hidden]}. */
  public NDArray logits(NDArray hidden) {
    return hidden.matMul(headWeight().transpose());
  }

  /** The last position's logits of {@code ids} (a fresh forward pass), as F32. */
  public float[] lastLogits(long[] ids) {
    try (NDScope ignored = new NDScope()) {
      NDArray h = hidden(ids, null);
      return logits(h.get((ids.length - 1) + ":")).toType(DataType.FLOAT32, false).toFloatArray();
    }
  }

  /**
   * Causal self-attention of block {@code layer} for {@code rows} sequences of T new positions each ({@code x:
   * [rows·T, hidden]}, row-major), over each row's cached positions and the new ones: heads are laid out
   * {@code [rows, heads, T, head_dim]}, so one sequence (rows = 1) and a decoding batch (T = 1) take the same path.
   */
  private NDArray attention(NDArray x, int rows, int layer, String p, NDArray cosT, NDArray sinT, NDArray mask, KvCache cache) {
    int t = (int) (x.getShape().get(0) / rows), d = config.headDim();
    NDArray q = rope(heads(linear(x, p + "self_attn.q_proj"), rows, t, config.numHeads()), cosT, sinT);
    NDArray k = rope(heads(linear(x, p + "self_attn.k_proj"), rows, t, config.numKvHeads()), cosT, sinT);
    NDArray v = heads(linear(x, p + "self_attn.v_proj"), rows, t, config.numKvHeads());
    if (cache != null) {
      if (cache.keys(layer) != null) {
        k = cache.keys(layer).concat(k, 2);
        v = cache.values(layer).concat(v, 2);
      }
      cache.put(layer, k, v);
    }
    int g = config.groups();
    // repeat_kv: query head h reads KV head h / g, which is what an element-wise repeat along the head axis gives
    NDArray kr = g > 1 ? k.repeat(1, g) : k;
    NDArray vr = g > 1 ? v.repeat(1, g) : v;
    NDArray scores = q.matMul(kr.transpose(0, 1, 3, 2)).mul(attnScale);
    if (mask != null) scores = scores.add(mask);
    NDArray out = scores.softmax(3).matMul(vr).transpose(0, 2, 1, 3).reshape((long) rows * t, (long) config.numHeads() * d);
    return linear(out, p + "self_attn.o_proj");
  }

  /** {@code [rows·T, heads·head_dim]} as {@code [rows, heads, T, head_dim]}. */
  private NDArray heads(NDArray y, int rows, int t, int heads) {
    return y.reshape(rows, t, heads, config.headDim()).transpose(0, 2, 1, 3);
  }

  /** Rotates the last axis (head_dim) of {@code x}; {@code cosT, sinT: [positions, head_dim]} broadcast over the rest. */
  private NDArray rope(NDArray x, NDArray cosT, NDArray sinT) {
    int half = config.headDim() / 2, last = x.getShape().dimension() - 1;
    NDList parts = x.split(new long[] {half}, last);
    NDArray rotated = parts.get(1).neg().concat(parts.get(0), last);
    return x.mul(cosT).add(rotated.mul(sinT));
  }

  private NDArray rmsNorm(NDArray x, NDArray weight) {
    NDArray var = x.mul(x).mean(new int[] {1}, true);
    return x.div(var.add(eps).sqrt()).mul(weight);
  }

  private NDArray linear(NDArray x, String prefix) {
    NDArray y = x.matMul(params.get(prefix + ".weight").transpose());
    NDArray b = params.get(prefix + ".bias");
    if (b != null) y = y.add(b);
    LoraAdapter a = loraEnabled ? lora.get(prefix) : null;
    if (a != null) {
      NDArray in = x;
      if (dropoutRandom != null && loraConfig.dropout() > 0) in = x.mul(dropoutMask(x.getShape()));
      y = y.add(in.matMul(a.a().transpose()).matMul(a.b().transpose()).mul(loraScale));
    }
    return y;
  }

  private NDArray dropoutMask(Shape shape) {
    double p = loraConfig.dropout();
    float keep = (float) (1 / (1 - p));
    float[] m = new float[Math.toIntExact(shape.size())];
    for (int i = 0; i < m.length; i++) m[i] = dropoutRandom.nextDouble() < p ? 0f : keep;
    return manager.create(m, shape).toType(dtype, false);
  }

  private NDArray causalMask(int t, int start) {
    int s = start + t;
    float[] m = new float[t * s];
    for (int i = 0; i < t; i++) for (int j = start + i + 1; j < s; j++) m[i * s + j] = Float.NEGATIVE_INFINITY;
    return manager.create(m, new Shape(t, s)).toType(dtype, false);
  }

  /** cos/sin tables {@code [positions, head_dim]} (the frequency pattern repeated for both halves), grown on demand. */
  private void ensureRope(int positions) {
    if (cos != null && cos.getShape().get(0) >= positions) return;
    int n = Math.max(positions, Math.min(4096, Math.max(64, Integer.highestOneBit(positions) * 2)));
    int d = config.headDim(), half = d / 2;
    double[] c = new double[n * d], s = new double[n * d];
    for (int pos = 0; pos < n; pos++) {
      for (int i = 0; i < half; i++) {
        double invFreq = 1.0 / Math.pow(config.ropeTheta(), (2.0 * i) / d);
        double angle = pos * invFreq;
        c[pos * d + i] = c[pos * d + i + half] = Math.cos(angle);
        s[pos * d + i] = s[pos * d + i + half] = Math.sin(angle);
      }
    }
    if (cos != null) {
      cos.close();
      sin.close();
    }
    try (NDScope scope = new NDScope()) {
      cos = manager.create(c, new Shape(n, d)).toType(dtype, false);
      sin = manager.create(s, new Shape(n, d)).toType(dtype, false);
      NDScope.unregister(cos, sin);
    }
  }

  private NDArray scalar(double v) {
    return dtype == DataType.FLOAT64 ? manager.create(v) : manager.create((float) v).toType(dtype, false);
  }

  // ---------------------------------------------------------------- token scores

  /** Per-token values of {@link #scoreTokens}: log-probabilities, and entropies when asked for (else null). */
  public record TokenStats(double[] logProbs, double[] entropies) {}

  /**
   * The loss contributed by one chunk of scored tokens, a scalar array. {@code logProbs} {@code [n]} are
   * log p(target) of tokens {@code from … from+n-1}; constants it needs are created in {@code scope}.
   */
  @FunctionalInterface
  public interface TokenLoss {
    NDArray loss(NDArray logProbs, int from, NDManager scope);
  }

  /**
   * Log-probabilities of {@code targets[j]} given {@code ids[0..positions[j]]}, without gradients.
   */
  public TokenStats scoreTokens(long[] ids, int[] positions, long[] targets, boolean entropy) {
    return run(ids, positions, targets, null, entropy, null);
  }

  /**
   * Scores the tokens and back-propagates {@code loss} into the weights' gradients (accumulating). The LM head runs in
   * chunks of {@link #HEAD_CHUNK} rows on a detached copy of the hidden states, each chunk's graph freed by its own
   * backward; the trunk then receives the accumulated hidden-state gradient in one backward of
   * {@code sum(hidden · grad)}. Only the positions asked for ever meet the LM head.
   */
  public TokenStats backwardTokens(long[] ids, int[] positions, long[] targets, TokenLoss loss, boolean entropy, GradientCollector gc) {
    return run(ids, positions, targets, loss, entropy, gc);
  }

  private TokenStats run(long[] ids, int[] positions, long[] targets, TokenLoss loss, boolean entropy, GradientCollector gc) {
    if (positions.length != targets.length) throw new IllegalArgumentException("positions and targets differ in length");
    int n = positions.length;
    double[] lp = new double[n];
    double[] ent = entropy ? new double[n] : null;
    if (n == 0) return new TokenStats(lp, ent);
    try (NDScope ignored = new NDScope()) {
      NDManager scope = manager.newSubManager();
      try {
        long[] pos = new long[n];
        for (int i = 0; i < n; i++) pos[i] = positions[i];
        NDArray selected = hidden(ids, null).get(new NDIndex("{}", manager.create(pos)));
        NDArray head = selected;
        if (gc != null) {
          head = selected.stopGradient();
          head.setRequiresGradient(true);
        }
        NDArray w = headWeight().transpose();
        for (int from = 0; from < n; from += HEAD_CHUNK) {
          int to = Math.min(n, from + HEAD_CHUNK);
          NDArray lsm = head.get(from + ":" + to).matMul(w).logSoftmax(1);
          long[] tg = java.util.Arrays.copyOfRange(targets, from, to);
          NDArray chunkLp = lsm.gather(manager.create(tg, new Shape(to - from, 1)), 1).reshape(to - from);
          double[] vals = toDoubles(chunkLp);
          System.arraycopy(vals, 0, lp, from, to - from);
          if (entropy) {
            NDArray l = lsm.stopGradient();
            double[] e = toDoubles(l.exp().mul(l).sum(new int[] {1}).neg());
            System.arraycopy(e, 0, ent, from, to - from);
          }
          if (gc != null) gc.backward(loss.loss(chunkLp, from, scope));
        }
        if (gc != null) {
          try (NDArray g = head.getGradient()) {
            gc.backward(selected.mul(g.stopGradient()).sum());
          }
        }
      } finally {
        scope.close();
      }
    }
    return new TokenStats(lp, ent);
  }

  private static double[] toDoubles(NDArray a) {
    return a.toType(DataType.FLOAT64, false).toDoubleArray();
  }

  @Override
  public void close() {
    manager.close();
  }
}
