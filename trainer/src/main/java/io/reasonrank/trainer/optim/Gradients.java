package io.reasonrank.trainer.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import java.util.List;

/** Gradient bookkeeping DJL leaves to the caller: each {@code getGradient()} is a new wrapper, closed here with every temporary. */
public final class Gradients {
  private Gradients() {}

  /** Sets every gradient to zero (before the first backward there is none to clear). */
  public static void zero(List<NDArray> params) {
    try (NDScope ignored = new NDScope()) {
      for (NDArray p : params) {
        try (NDArray g = p.getGradient()) {
          g.muli(0);
        } catch (IllegalStateException noGradientYet) {
          // nothing accumulated yet
        }
      }
    }
  }

  /**
   * {@code torch.nn.utils.clip_grad_norm_}: the global L2 norm of all gradients; when it exceeds {@code maxNorm}
   * every gradient is scaled by {@code maxNorm / (norm + 1e-6)}. Returns the norm before clipping.
   */
  public static double clip(List<NDArray> params, double maxNorm) {
    // every temporary (g·g is as large as the weight: 150 MB for the Qwen embedding) belongs to the scope, not to
    // the weights' manager, which would keep it until the model closes
    try (NDScope ignored = new NDScope()) {
      double sq = 0;
      for (NDArray p : params) {
        NDArray g = p.getGradient();
        sq += g.mul(g).sum().toType(DataType.FLOAT64, false).getDouble();
      }
      double norm = Math.sqrt(sq);
      if (maxNorm > 0 && norm > maxNorm) {
        double coef = maxNorm / (norm + 1e-6);
        for (NDArray p : params) p.getGradient().muli(coef);
      }
      return norm;
    }
  }
}
