package io.reasonrank.trainer.sft;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reasonrank.io.Json;
import io.reasonrank.trainer.model.Checkpoint;
import io.reasonrank.trainer.model.Qwen2Model;
import io.reasonrank.trainer.model.TorchRuntime;
import io.reasonrank.trainer.optim.AdamW;
import io.reasonrank.trainer.optim.CosineSchedule;
import io.reasonrank.trainer.optim.Gradients;
import io.reasonrank.trainer.run.Curves;
import io.reasonrank.trainer.run.ProgressLine;
import io.reasonrank.trainer.run.RunLog;
import io.reasonrank.trainer.run.StepSeeds;
import io.reasonrank.trainer.run.StopSignal;
import io.reasonrank.trainer.run.TrainingCheckpoint;
import io.reasonrank.trainer.validate.Validations;
import io.reasonrank.trainer.validate.ValidationSettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * The SFT loop. One sequence per micro-batch, {@code gradAccum} sequences per update; the update's loss is the NLL
 * summed over the assistant tokens of all its sequences divided by their count (transformers' token-count
 * normalisation across accumulation). Epoch {@code e} visits the examples in the order of
 * {@code Collections.shuffle(0…n-1, new Random(seed + e))}; an epoch has {@code ceil(n / gradAccum)} updates, its last
 * one possibly smaller. LoRA dropout draws from {@code SplittableRandom} keyed by seed, step and sequence. Everything
 * that decides an update is thus a function of the settings and the step, so a run resumed from a checkpoint
 * repeats the uninterrupted run's losses.
 */
public final class SftTrainer {
  private final Path modelDir;
  private final List<TokenizedExample> data;
  private final SftSettings s;
  private final Path output;
  private final Consumer<String> progress;
  private final StopSignal stop;

  /**
   * The outcome: steps done, whether a stop request ended the run early, each step's loss of this process, the last
   * checkpoint written, and the best validation row (null without validation or before the first).
   */
  public record Result(int step, int totalSteps, boolean stopped, List<Double> losses, Path checkpoint, ObjectNode bestValidation) {}

  private ValidationSettings validation;

  /**
   * Validates the model on the settings' rows after every {@code everySteps} updates and after the last, and
   * keeps the best in {@code OUTPUT/best} ({@link Validations}).
   */
  public SftTrainer withValidation(ValidationSettings settings) {
    this.validation = settings;
    return this;
  }

  private Device device = Device.cpu();

  /**
   * Trains on {@code device} (default the CPU), checked here with {@link TorchRuntime#require} (an
   * {@link IllegalArgumentException} when libtorch cannot use it). Losses on a GPU agree with the CPU's to rounding,
   * not bit for bit, so resume a run on the device it started on.
   */
  public SftTrainer withDevice(Device device) {
    TorchRuntime.require(device);
    this.device = device;
    return this;
  }

  public SftTrainer(Path modelDir, List<TokenizedExample> data, SftSettings settings, Path output, Consumer<String> progress, StopSignal stop) {
    if (data.isEmpty()) throw new IllegalArgumentException("no training examples");
    this.modelDir = modelDir;
    this.data = List.copyOf(data);
    this.s = settings;
    this.output = output;
    this.progress = progress;
    this.stop = stop;
  }

  public int stepsPerEpoch() {
    return (data.size() + s.gradAccum() - 1) / s.gradAccum();
  }

  public int totalSteps() {
    return stepsPerEpoch() * s.epochs();
  }

  /**
   * Trains from the start, or from the latest checkpoint under the output when {@code resume}; {@code stopAfter > 0}
   * stops (with a checkpoint) after that many updates of the whole run, as an interruption would.
   */
  public Result run(boolean resume, int stopAfter) {
    int total = totalSteps();
    CosineSchedule schedule = CosineSchedule.withRatio(s.learningRate(), s.warmupRatio(), total);
    ObjectNode settingsJson = s.toJson();
    try (NDManager manager = TorchRuntime.newManager(device); Qwen2Model model = Checkpoint.load(modelDir, manager, DataType.FLOAT32)) {
      for (TokenizedExample e : data) model.config().requireInVocabulary(e.ids(), "");
      if (validation != null) validation.validator().checkPrompts(model.config());
      if (s.lora() != null) model.addLora(s.lora(), s.seed());
      model.requireGradients();
      AdamW adam = new AdamW(model.trainable(), model.trainableNames(), manager, 0.9, 0.999, 1e-8, s.weightDecay());
      int start = 0;
      if (resume) {
        Optional<Path> latest = TrainingCheckpoint.latest(output);
        if (latest.isPresent()) {
          JsonNode state = TrainingCheckpoint.restore(latest.get(), settingsJson, model, adam);
          start = state.path("step").asInt();
          progress.accept("sft: resumed from " + latest.get() + " at step " + start + "/" + total);
        } else {
          progress.accept("sft: no checkpoint under " + output + "; starting at step 0");
        }
      }
      List<Double> losses = new ArrayList<>();
      ProgressLine line = new ProgressLine(start);
      Path last = null;
      boolean stopped = false;
      try (RunLog log = new RunLog(output.resolve("train_log.jsonl"), start);
           Validations val = validation == null ? null : new Validations(validation, false, output, start, modelDir, "sft", progress)) {
        int step = start;
        if (val != null) val.atStart(start, total, model, stop::requested);
        while (step < total) {
          int[] items = itemsOf(step);
          long tokens = 0, seen = 0;
          for (int i : items) {
            tokens += data.get(i).responseLength();
            seen += data.get(i).ids().length;
          }
          double nll = 0;
          final float negInvTokens = (float) (-1.0 / tokens);
          for (int j = 0; j < items.length; j++) {
            TokenizedExample e = data.get(items[j]);
            if (s.lora() != null && s.lora().dropout() > 0) model.setDropoutRandom(new SplittableRandom(StepSeeds.mix(s.seed(), step, j)));
            long[] in = java.util.Arrays.copyOf(e.ids(), e.ids().length - 1);
            int n = e.responseLength();
            int[] pos = new int[n];
            long[] tg = new long[n];
            for (int k = 0; k < n; k++) {
              pos[k] = e.promptLength() - 1 + k;
              tg[k] = e.ids()[e.promptLength() + k];
            }
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
              Qwen2Model.TokenStats st = model.backwardTokens(in, pos, tg,
                  (lp, from, scope) -> lp.sum().mul(scope.create(negInvTokens)), false, gc);
              for (double v : st.logProbs()) nll -= v;
            }
          }
          model.setDropoutRandom(null);
          double gradNorm = Gradients.clip(model.trainable(), s.maxGradNorm());
          double lr = schedule.lr(step);
          adam.step(lr);
          Gradients.zero(model.trainable());
          step++;
          double loss = nll / tokens;
          losses.add(loss);
          line.addTokens(seen);
          ObjectNode row = Json.MAPPER.createObjectNode().put("step", step).put("epoch", (double) step / stepsPerEpoch()).put("loss", loss)
              .put("lr", lr).put("grad_norm", gradNorm).put("tokens", seen).put("loss_tokens", tokens)
              .put("tokens_per_s", line.tokensPerSecond()).put("elapsed_s", line.elapsedSeconds());
          log.append(row);
          progress.accept(line.line("sft", step, total, String.format("epoch %.2f loss %.4f lr %.2e |g| %.3f", (double) step / stepsPerEpoch(), loss, lr, gradNorm)));
          boolean interrupt = stop.requested() || (stopAfter > 0 && step >= stopAfter);
          if (val != null) interrupt = val.afterUpdate(step, total, interrupt, model, stop::requested);
          if (step < total && (interrupt || (s.saveSteps() > 0 && step % s.saveSteps() == 0))) {
            last = TrainingCheckpoint.save(output, step, settingsJson, Json.MAPPER.createObjectNode(), model, adam, modelDir);
            progress.accept("sft: checkpoint " + last);
          }
          if (interrupt && step < total) {
            stopped = true;
            break;
          }
        }
        Curves.plotUnlessShuttingDown(log.rows(), List.of("loss"), "SFT loss", output.resolve("loss.png"));
        if (!stopped) {
          Checkpoint.saveModel(output, model, modelDir);
          progress.accept("sft: done, " + total + " steps; model written to " + output + (s.lora() != null ? " (LoRA merged)" : ""));
        }
        return new Result(step, total, stopped, losses, last, val == null ? null : val.best().orElse(null));
      }
    } finally {
      stop.done();
    }
  }

  /** The example indices of update {@code step}. */
  int[] itemsOf(int step) {
    int epoch = step / stepsPerEpoch(), b = step % stepsPerEpoch();
    List<Integer> order = new ArrayList<>(data.size());
    for (int i = 0; i < data.size(); i++) order.add(i);
    Collections.shuffle(order, new Random(s.seed() + epoch));
    int from = b * s.gradAccum(), to = Math.min(data.size(), from + s.gradAccum());
    int[] out = new int[to - from];
    for (int i = from; i < to; i++) out[i - from] = order.get(i);
    return out;
  }
}
