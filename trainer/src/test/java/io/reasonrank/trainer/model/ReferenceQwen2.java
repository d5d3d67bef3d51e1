package io.reasonrank.trainer.model;

import io.reasonrank.trainer.safetensors.Tensor;
import java.util.Map;

/**
 * The Qwen2 forward pass written out in plain double loops from the Hugging Face modelling code, independent of the
 * DJL model: the yardstick for {@code train logits}.
 */
public final class ReferenceQwen2 {
  private final Map<String, Tensor> w;
  private final int v, h, ff, layers, heads, kvHeads, d;
  private final double theta, eps;
  private final boolean tied;

  public ReferenceQwen2(Qwen2Config c, Map<String, Tensor> weights) {
    this.w = weights;
    v = c.vocabSize(); h = c.hiddenSize(); ff = c.intermediateSize(); layers = c.numLayers();
    heads = c.numHeads(); kvHeads = c.numKvHeads(); d = h / heads; theta = c.ropeTheta(); eps = c.rmsNormEps();
    tied = c.tieWordEmbeddings();
  }

  private float[] t(String name) {
    return w.get(name).data();
  }

  /** Logits [T][V] for every position. */
  public double[][] logits(long[] ids) {
    int n = ids.length;
    double[][] x = new double[n][h];
    float[] emb = t("model.embed_tokens.weight");
    for (int i = 0; i < n; i++) for (int j = 0; j < h; j++) x[i][j] = emb[(int) ids[i] * h + j];
    for (int l = 0; l < layers; l++) {
      String p = "model.layers." + l + ".";
      double[][] a = new double[n][];
      for (int i = 0; i < n; i++) a[i] = norm(x[i], t(p + "input_layernorm.weight"));
      double[][] q = new double[n][], k = new double[n][], vv = new double[n][];
      for (int i = 0; i < n; i++) {
        q[i] = lin(a[i], t(p + "self_attn.q_proj.weight"), t(p + "self_attn.q_proj.bias"), heads * d);
        k[i] = lin(a[i], t(p + "self_attn.k_proj.weight"), t(p + "self_attn.k_proj.bias"), kvHeads * d);
        vv[i] = lin(a[i], t(p + "self_attn.v_proj.weight"), t(p + "self_attn.v_proj.bias"), kvHeads * d);
        rope(q[i], heads, i);
        rope(k[i], kvHeads, i);
      }
      double[][] att = new double[n][heads * d];
      int group = heads / kvHeads;
      for (int i = 0; i < n; i++) {
        for (int hh = 0; hh < heads; hh++) {
          int kvh = hh / group;
          double[] s = new double[i + 1];
          double max = Double.NEGATIVE_INFINITY;
          for (int j = 0; j <= i; j++) {
            double dot = 0;
            for (int e = 0; e < d; e++) dot += q[i][hh * d + e] * k[j][kvh * d + e];
            s[j] = dot / Math.sqrt(d);
            max = Math.max(max, s[j]);
          }
          double z = 0;
          for (int j = 0; j <= i; j++) z += s[j] = Math.exp(s[j] - max);
          for (int j = 0; j <= i; j++) for (int e = 0; e < d; e++) att[i][hh * d + e] += s[j] / z * vv[j][kvh * d + e];
        }
      }
      for (int i = 0; i < n; i++) {
        double[] o = lin(att[i], t(p + "self_attn.o_proj.weight"), null, h);
        for (int j = 0; j < h; j++) x[i][j] += o[j];
        double[] m = norm(x[i], t(p + "post_attention_layernorm.weight"));
        double[] g = lin(m, t(p + "mlp.gate_proj.weight"), null, ff);
        double[] u = lin(m, t(p + "mlp.up_proj.weight"), null, ff);
        for (int j = 0; j < ff; j++) g[j] = g[j] / (1 + Math.exp(-g[j])) * u[j];
        double[] dn = lin(g, t(p + "mlp.down_proj.weight"), null, h);
        for (int j = 0; j < h; j++) x[i][j] += dn[j];
      }
    }
    float[] head = t(tied ? "model.embed_tokens.weight" : "lm_head.weight");
    double[][] out = new double[n][];
    for (int i = 0; i < n; i++) out[i] = lin(norm(x[i], t("model.norm.weight")), head, null, v);
    return out;
  }

  private double[] norm(double[] x, float[] weight) {
    double ss = 0;
    for (double e : x) ss += e * e;
    double r = 1 / Math.sqrt(ss / x.length + eps);
    double[] o = new double[x.length];
    for (int i = 0; i < x.length; i++) o[i] = x[i] * r * weight[i];
    return o;
  }

  private static double[] lin(double[] x, float[] weight, float[] bias, int out) {
    double[] y = new double[out];
    for (int o = 0; o < out; o++) {
      double s = bias == null ? 0 : bias[o];
      for (int i = 0; i < x.length; i++) s += weight[o * x.length + i] * x[i];
      y[o] = s;
    }
    return y;
  }

  /** HF rotate_half: (x1, x2) -> (x1 cos - x2 sin, x2 cos + x1 sin), frequency theta^(-2i/d). */
  private void rope(double[] x, int nHeads, int pos) {
    int half = d / 2;
    for (int hh = 0; hh < nHeads; hh++) {
      for (int i = 0; i < half; i++) {
        double ang = pos * Math.pow(theta, -2.0 * i / d);
        double c = Math.cos(ang), s = Math.sin(ang);
        double a = x[hh * d + i], b = x[hh * d + i + half];
        x[hh * d + i] = a * c - b * s;
        x[hh * d + i + half] = b * c + a * s;
      }
    }
  }
}
