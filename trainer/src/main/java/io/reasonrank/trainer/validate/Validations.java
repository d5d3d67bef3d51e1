package io.reasonrank.trainer.validate;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reasonrank.io.Json;
import io.reasonrank.trainer.model.Checkpoint;
import io.reasonrank.trainer.model.Qwen2Model;
import io.reasonrank.trainer.run.Curves;
import io.reasonrank.trainer.run.RunLog;
import io.reasonrank.trainer.run.TrainingCheckpoint;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * The validations of one training run. Each is a row of {@code OUTPUT/eval_log.jsonl}; the model with the highest
 * mean reward so far (the earliest on ties) is {@code OUTPUT/best/}, a checkpoint like the final model, with its row
 * in {@code best/validation.json}. A fresh run first removes an earlier run's {@code best/}. A resumed run keeps the
 * rows up to its checkpoint and goes on from the best among them; it validates the models after that again, and
 * these are the same models, as resume repeats the trajectory.
 */
public final class Validations implements AutoCloseable {
  public static final String LOG = "eval_log.jsonl", BEST = "best", BEST_ROW = "validation.json";

  private final Validator validator;
  private final int everySteps;
  private final int delaySteps;
  private final boolean beforeTraining;
  private final Path output;
  private final Path tokenizerSource;
  private final String name;
  private final Consumer<String> progress;
  private final RunLog log;
  private ObjectNode best;

  /**
   * @param beforeTraining validate the starting model too (verl's {@code val_before_train}), unless a delay is set
   * @param keepThroughStep the step a resumed run starts from (0 for a fresh run)
   * @param name the trainer's name in progress lines ({@code sft}, {@code grpo})
   */
  public Validations(ValidationSettings settings, boolean beforeTraining, Path output, long keepThroughStep, Path tokenizerSource, String name,
      Consumer<String> progress) {
    this.validator = settings.validator();
    this.everySteps = settings.everySteps();
    this.delaySteps = settings.delaySteps();
    this.beforeTraining = beforeTraining;
    this.output = output;
    this.tokenizerSource = tokenizerSource;
    this.name = name;
    this.progress = progress;
    this.log = new RunLog(output.resolve(LOG), keepThroughStep);
    if (keepThroughStep == 0) {
      try {
        TrainingCheckpoint.deleteTree(output.resolve(BEST)); // an earlier run's, which this run's log does not know
      } catch (IOException e) {
        throw new UncheckedIOException("cannot remove " + output.resolve(BEST), e);
      }
    }
    for (ObjectNode row : log.rows()) if (best == null || row.get("reward_mean").asDouble() > best.get("reward_mean").asDouble()) best = row;
  }

  /** Whether the model after update {@code step} of {@code total} is validated (step 0: the starting model). */
  private boolean due(int step, int total) {
    if (step == 0) return beforeTraining && delaySteps == 0;
    return step == total || (step >= delaySteps && step % everySteps == 0);
  }

  /**
   * What a trainer does before its first update: validates the model a run starting (or resumed) at {@code step}
   * still owes, the starting model's ({@code beforeTraining}) or one that a stop came before.
   */
  public void atStart(int step, int total, Qwen2Model model, BooleanSupplier stop) {
    if (due(step, total) && log.rows().stream().noneMatch(r -> r.path("step").asInt() == step)) validate(step, model, stop);
  }

  /**
   * Validates {@code model} as it is after update {@code step} and writes it to {@code best/} when it is the best so
   * far; empty (and nothing logged) when {@code stop} cut it short: a run resumed at that step validates it then.
   */
  private Optional<ValidationScore> validate(int step, Qwen2Model model, BooleanSupplier stop) {
    long t0 = System.nanoTime();
    Optional<ValidationScore> result = validator.score(model, stop);
    if (result.isEmpty()) {
      progress.accept(name + ": validation after step " + step + " stopped by the stop request");
      return result;
    }
    ValidationScore score = result.get();
    double seconds = (System.nanoTime() - t0) / 1e9;
    ObjectNode row = score.toJson(step, seconds);
    log.append(row);
    boolean better = best == null || score.rewardMean() > best.get("reward_mean").asDouble();
    if (better) {
      writeBest(model, row);
      best = row;
    }
    progress.accept(String.format("%s: validation after step %d: reward %.4f, well-formed %d/%d (%.1f%%) in %.0f s; %s", name, step,
        score.rewardMean(), score.scored(), score.rows(), 100 * score.wellFormedRate(), seconds,
        better ? "the best so far, written to " + output.resolve(BEST)
            : String.format("the best is %.4f after step %d", best.get("reward_mean").asDouble(), best.get("step").asInt())));
    return result;
  }

  /**
   * What a trainer does after update {@code step}: validates the model when that is due, except in a run that a stop
   * interrupts before its last update, which checkpoints first and leaves the validation to the run resumed from that
   * checkpoint ({@link #atStart}). Returns whether the run is interrupted, now that a stop may have come during it.
   */
  public boolean afterUpdate(int step, int total, boolean interrupted, Qwen2Model model, BooleanSupplier stop) {
    if (!due(step, total) || (interrupted && step < total)) return interrupted;
    validate(step, model, stop);
    return interrupted || stop.getAsBoolean();
  }

  /** The row of the best validation so far. */
  public Optional<ObjectNode> best() {
    return Optional.ofNullable(best);
  }

  private void writeBest(Qwen2Model model, ObjectNode row) {
    Path dir = output.resolve(BEST), tmp = output.resolve("." + BEST + ".tmp");
    try {
      TrainingCheckpoint.deleteTree(tmp);
      Checkpoint.saveModel(tmp, model, tokenizerSource);
      Json.MAPPER.writerWithDefaultPrettyPrinter().writeValue(tmp.resolve(BEST_ROW).toFile(), row);
      TrainingCheckpoint.deleteTree(dir);
      Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the best model to " + dir, e);
    }
  }

  /** Closes the log and plots {@code eval.png} (mean reward and well-formed share against the step). */
  @Override
  public void close() {
    log.close();
    Curves.plotUnlessShuttingDown(log.rows(), List.of("reward_mean", "well_formed_rate"), name.toUpperCase() + " validation (greedy)",
        output.resolve("eval.png"));
  }
}
