package io.reasonrank.trainer.optim;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.BaseNDManager;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import io.reasonrank.trainer.model.TorchRuntime;
import java.util.List;
import org.junit.jupiter.api.Test;

class GradientsTest {
  /** Fills the gradients of {@code w} with {@code 2·w·scale} (the gradient of {@code scale·Σ w²}). */
  private static void backward(NDArray w, float scale) {
    try (NDScope ignored = new NDScope(); GradientCollector gc = Engine.getInstance().newGradientCollector();
         NDManager tmp = w.getManager().newSubManager()) {
      gc.backward(w.mul(w).sum().mul(tmp.create(scale)));
    }
  }

  @Test
  void clipScalesToTheGlobalNormAndZeroClears() {
    try (NDManager m = TorchRuntime.newManager()) {
      NDArray a = m.create(new float[] {3f, 0f}), b = m.create(new float[] {0f, 4f}, new Shape(2));
      a.setRequiresGradient(true);
      b.setRequiresGradient(true);
      backward(a, 0.5f); // grad a = (3, 0)
      backward(b, 0.5f); // grad b = (0, 4): global norm 5
      assertThat(Gradients.clip(List.of(a, b), 1.0)).isEqualTo(5.0);
      try (NDArray ga = a.getGradient(); NDArray gb = b.getGradient()) {
        assertThat(ga.toFloatArray()[0]).isCloseTo(0.6f, org.assertj.core.data.Offset.offset(1e-6f));
        assertThat(gb.toFloatArray()[1]).isCloseTo(0.8f, org.assertj.core.data.Offset.offset(1e-6f));
      }
      Gradients.zero(List.of(a, b));
      assertThat(Gradients.clip(List.of(a, b), 0)).isZero();
    }
  }

  /**
   * The norm's {@code g·g} temporaries once stayed attached to the weights' manager: one embedding-sized array per
   * update (about 150 MB at the Qwen vocabulary), which is how {@code train sft} grew until the kernel killed it.
   */
  @Test
  void clipZeroAndAdamLeaveNoArraysBehind() {
    try (NDManager root = TorchRuntime.newManager(); NDManager m = root.newSubManager()) {
      NDArray w = m.randomNormal(new Shape(64, 8));
      w.setRequiresGradient(true);
      AdamW adam = new AdamW(List.of(w), List.of("w"), m, 0.9, 0.999, 1e-8, 0.01);
      backward(w, 1f);
      Gradients.clip(List.of(w), 0.5);
      adam.step(1e-3);
      Gradients.zero(List.of(w));
      int before = ((BaseNDManager) m).getManagedArrays().size();
      for (int i = 0; i < 5; i++) {
        backward(w, 1f);
        Gradients.clip(List.of(w), 0.5);
        adam.step(1e-3);
        Gradients.zero(List.of(w));
      }
      assertThat(((BaseNDManager) m).getManagedArrays().size()).isEqualTo(before);
    }
  }
}
