package io.reasonrank.cli;

import io.reasonrank.trainer.model.TorchRuntime;
import picocli.CommandLine.Option;

/**
 * {@code --threads} of the commands that run libtorch ({@code train logits}, {@code generate}, {@code sft},
 * {@code grpo}; a picocli mixin). libtorch's multi-threaded CPU kernels may sum in a different order from run to run,
 * so only one thread makes a run bit-reproducible (docs/trainer.md, "Bit-equality needs one libtorch thread").
 */
final class TorchThreads {
  @Option(names = "--threads", paramLabel = "N",
      description = "libtorch intra-op threads (default: libtorch's own, one per core); 1 makes runs bit-reproducible at a cost in speed")
  Integer threads;

  /** Rejects a bad count before any expensive work. */
  void validate() {
    if (threads != null && threads < 1) throw new UserException("--threads must be >= 1, got " + threads);
  }

  /** Applies {@code --threads} (starting the engine) before any tensor work; without it libtorch keeps its own count. */
  void apply() {
    validate();
    if (threads != null) TorchRuntime.setThreads(threads);
  }
}
