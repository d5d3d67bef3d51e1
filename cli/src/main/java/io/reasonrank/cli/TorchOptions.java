package io.reasonrank.cli;

import ai.djl.Device;
import io.reasonrank.trainer.model.TorchRuntime;
import picocli.CommandLine.Option;

/**
 * {@code --threads} and {@code --device} of the commands that run libtorch ({@code train logits}, {@code generate},
 * {@code sft}, {@code grpo}; a picocli mixin). libtorch's multi-threaded CPU kernels may sum in a different order from
 * run to run, so only one thread makes a run bit-reproducible (docs/trainer.md, "Bit-equality needs one libtorch
 * thread"). A GPU needs a CUDA libtorch named by {@code PYTORCH_LIBRARY_PATH} (docs/trainer.md, "Training on a GPU").
 */
final class TorchOptions {
  @Option(names = "--threads", paramLabel = "N",
      description = "libtorch intra-op CPU threads (default: libtorch's own, one per core); 1 makes CPU runs bit-reproducible at a cost in speed")
  Integer threads;

  @Option(names = "--device", defaultValue = "cpu", paramLabel = "cpu|gpu|gpu:N",
      description = "where tensors live (default ${DEFAULT-VALUE}); a GPU needs a CUDA libtorch in PYTORCH_LIBRARY_PATH, see `train devices`")
  String device;

  /** Rejects a bad count or device name before any expensive work (nothing is started); returns the device. */
  Device validate() {
    if (threads != null && threads < 1) throw new UserException("--threads must be >= 1, got " + threads);
    try {
      return TorchRuntime.device(device);
    } catch (IllegalArgumentException e) {
      throw new UserException("--" + e.getMessage());
    }
  }

  /**
   * Starts the engine, applies {@code --threads} (without it libtorch keeps its own count) and checks that libtorch
   * can use {@code --device}, before any model is loaded; returns the device.
   */
  Device apply() {
    Device d = validate();
    try {
      if (threads != null) TorchRuntime.setThreads(threads);
      TorchRuntime.require(d);
    } catch (IllegalArgumentException e) {
      throw new UserException(e.getMessage());
    }
    return d;
  }
}
