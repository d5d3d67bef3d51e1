package io.reasonrank.trainer.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import io.reasonrank.trainer.model.TorchRuntime;
import io.reasonrank.trainer.safetensors.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code torch.optim.AdamW}: {@code p ← p·(1 − lr·wd)}; {@code m ← β1·m + (1−β1)·g}; {@code v ← β2·v + (1−β2)·g²};
 * {@code p ← p − lr/(1−β1^t) · m / (√v/√(1−β2^t) + ε)}. The moments are created up front, outside any
 * {@link NDScope} (a lazily created state inside a scope would be freed with it). Updates run outside gradient
 * recording, in place.
 */
public final class AdamW {
  private final List<NDArray> params;
  private final List<String> names;
  private final List<NDArray> m = new ArrayList<>();
  private final List<NDArray> v = new ArrayList<>();
  private final double beta1, beta2, eps, weightDecay;
  private long step;

  public AdamW(List<NDArray> params, List<String> names, NDManager manager, double beta1, double beta2, double eps, double weightDecay) {
    if (params.size() != names.size()) throw new IllegalArgumentException("params and names differ in length");
    this.params = List.copyOf(params);
    this.names = List.copyOf(names);
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.eps = eps;
    this.weightDecay = weightDecay;
    for (NDArray p : params) {
      m.add(manager.zeros(p.getShape(), p.getDataType()));
      v.add(manager.zeros(p.getShape(), p.getDataType()));
    }
  }

  /** Updates completed. */
  public long steps() {
    return step;
  }

  /** One update with the current gradients at learning rate {@code lr}. */
  public void step(double lr) {
    step++;
    double bc1 = 1 - Math.pow(beta1, step), bc2 = 1 - Math.pow(beta2, step);
    for (int i = 0; i < params.size(); i++) {
      try (NDScope ignored = new NDScope()) {
        NDArray p = params.get(i);
        NDArray g = p.getGradient();
        if (weightDecay != 0) p.muli(1 - lr * weightDecay);
        m.get(i).muli(beta1).addi(g.mul(1 - beta1));
        v.get(i).muli(beta2).addi(g.mul(g).muli(1 - beta2));
        NDArray denom = v.get(i).sqrt().divi(Math.sqrt(bc2)).addi(eps);
        p.subi(m.get(i).div(denom).muli(lr / bc1));
      }
    }
  }

  /** The moments under {@code m.NAME} and {@code v.NAME}, as F32, for a checkpoint. */
  public Map<String, Tensor> state() {
    Map<String, Tensor> out = new LinkedHashMap<>();
    try (NDScope ignored = new NDScope()) {
      for (int i = 0; i < params.size(); i++) {
        out.put("m." + names.get(i), tensor(m.get(i)));
        out.put("v." + names.get(i), tensor(v.get(i)));
      }
    }
    return out;
  }

  /** Restores {@link #state()} and the step count. */
  public void load(Map<String, Tensor> state, long steps) {
    for (int i = 0; i < params.size(); i++) {
      set(m.get(i), state.get("m." + names.get(i)), "m." + names.get(i));
      set(v.get(i), state.get("v." + names.get(i)), "v." + names.get(i));
    }
    this.step = steps;
  }

  private static void set(NDArray target, Tensor t, String name) {
    if (t == null) throw new IllegalArgumentException("optimizer state has no " + name);
    if (target.getShape().size() != t.data().length) throw new IllegalArgumentException("optimizer state " + name + " has the wrong size");
    TorchRuntime.set(target, t.data());
  }

  private static Tensor tensor(NDArray a) {
    return new Tensor(a.getShape().getShape(), a.toType(DataType.FLOAT32, false).toFloatArray());
  }
}
