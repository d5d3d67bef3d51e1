package io.reasonrank.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reasonrank.trainer.generate.PromptCodec;
import io.reasonrank.trainer.rldata.ResponseScorer;
import io.reasonrank.trainer.rldata.RlData;
import io.reasonrank.trainer.validate.ValidationSettings;
import io.reasonrank.trainer.validate.Validations;
import io.reasonrank.trainer.validate.Validator;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * Validation options of {@code train sft} and {@code train grpo} (a picocli mixin): held-out RL rows, greedy replies
 * scored with the multi-view reward, the best model kept in {@code OUTPUT/best} (docs/trainer.md, "Validation").
 */
final class ValidationOptions {
  @Option(names = "--eval-data", paramLabel = "RL.parquet|RL.jsonl",
      description = "held-out RL rows (export-rl or train windows): greedy replies scored with the multi-view reward every --eval-steps; "
          + "the best model goes to OUTPUT/best, each validation to OUTPUT/eval_log.jsonl and eval.png")
  Path data;

  @Option(names = "--eval-steps", paramLabel = "N", description = "validate every N updates and after the last (default: sft every epoch, grpo every --save-steps)")
  Integer steps;

  @Option(names = "--eval-delay", paramLabel = "N", defaultValue = "0",
      description = "no validation before update N (default ${DEFAULT-VALUE}; the last update is always validated)")
  int delay;

  @Option(names = "--eval-max-new-tokens", paramLabel = "N", defaultValue = "3072",
      description = "longest validation reply in tokens (default ${DEFAULT-VALUE})")
  int maxNewTokens;

  /** Rejects bad options before any expensive work. */
  void validate() {
    if (data == null && steps != null) throw new UserException("--eval-steps needs --eval-data");
    if (steps != null && steps < 1) throw new UserException("--eval-steps must be >= 1, got " + steps);
    if (delay < 0) throw new UserException("--eval-delay must be >= 0, got " + delay);
    if (data == null && delay > 0) throw new UserException("--eval-delay needs --eval-data");
    if (maxNewTokens < 1) throw new UserException("--eval-max-new-tokens must be >= 1, got " + maxNewTokens);
  }

  /**
   * The validator of {@code --eval-data} through {@code codec} (the trainer's), or null without it; reads the rows now.
   * The command has called {@link #validate()} before its first expensive step.
   */
  Validator validator(PromptCodec codec) {
    if (data == null) return null;
    return new Validator(RlData.read(data), codec, ResponseScorer.MULTI_VIEW, maxNewTokens);
  }

  /** The settings for {@code validator}, validating every {@code --eval-steps} or else every {@code defaultSteps}. */
  ValidationSettings settings(Validator validator, int defaultSteps) {
    return new ValidationSettings(validator, steps != null ? steps : defaultSteps, delay);
  }

  /** The closing line about the best validation, if there was one. */
  static void printBest(PrintWriter err, String command, ObjectNode best, Path output) {
    if (best == null) return;
    err.printf("%s: best validation after step %d: reward %.4f, well-formed %.1f%% of %d rows (%s)%n", command, best.get("step").asInt(),
        best.get("reward_mean").asDouble(), 100 * best.get("well_formed_rate").asDouble(), best.get("rows").asInt(),
        output.resolve(Validations.BEST));
    err.flush();
  }
}
