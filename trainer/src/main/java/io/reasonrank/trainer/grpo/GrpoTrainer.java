package io.reasonrank.trainer.grpo;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reasonrank.io.Json;
import io.reasonrank.reward.RewardResult;
import io.reasonrank.trainer.generate.Generator;
import io.reasonrank.trainer.generate.PromptCodec;
import io.reasonrank.trainer.generate.Sampling;
import io.reasonrank.trainer.model.Checkpoint;
import io.reasonrank.trainer.model.Qwen2Model;
import io.reasonrank.trainer.model.TorchRuntime;
import io.reasonrank.trainer.optim.AdamW;
import io.reasonrank.trainer.optim.Gradients;
import io.reasonrank.trainer.rldata.ResponseScorer;
import io.reasonrank.trainer.rldata.RewardMeans;
import io.reasonrank.trainer.rldata.RlRow;
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
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * The GRPO loop. Step {@code s} takes the next {@code promptsPerStep} rows of epoch {@code e}'s order
 * ({@code Collections.shuffle(0…n-1, new Random(seed + e))}; a short last batch is dropped, as verl does); samples
 * {@code groupSize} responses per prompt from the current policy, response {@code k} of the step drawing from
 * {@code SplittableRandom} keyed by seed, step and k (a group is decoded as one batch,
 * {@link Generator#generateGroup}); scores them; computes the old-policy and reference log-probs
 * of every response token; then makes one update per mini-batch of prompts with the loss
 * {@code Σ_tokens [pg(a, exp(lp − old)) + β·k3(lp, ref)] / tokens in the mini-batch}. A stop token that ended a
 * response is one of its tokens (it is trained on, as in verl).
 */
public final class GrpoTrainer {
  private final Path modelDir;
  private final List<RlRow> rows;
  private final GrpoSettings s;
  private final Path output;
  private final Consumer<String> progress;
  private final StopSignal stop;
  private final ResponseScorer scorer;

  /** The outcome; {@code bestValidation} is null without validation. */
  public record Result(int step, int totalSteps, boolean stopped, List<ObjectNode> stepRows, ObjectNode bestValidation) {}

  private ValidationSettings validation;

  /**
   * Validates the starting model, then the model after every {@code everySteps} steps and after the last (verl's
   * {@code val_before_train} and {@code test_freq}); the best is kept in {@code OUTPUT/best} ({@link Validations}).
   */
  public GrpoTrainer withValidation(ValidationSettings settings) {
    this.validation = settings;
    return this;
  }

  private PromptCodec codec;

  /**
   * Uses {@code codec} instead of loading the checkpoint's tokenizer: one a caller already holds (the CLI shares it
   * with validation), or one for a small test vocabulary.
   */
  public GrpoTrainer withCodec(PromptCodec codec) {
    this.codec = codec;
    return this;
  }

  private Device device = Device.cpu();

  /**
   * Trains on {@code device} (default the CPU), checked here with {@link TorchRuntime#require} (an
   * {@link IllegalArgumentException} when libtorch cannot use it). The policy, the frozen reference and the rollouts
   * all live there.
   */
  public GrpoTrainer withDevice(Device device) {
    TorchRuntime.require(device);
    this.device = device;
    return this;
  }

  public GrpoTrainer(Path modelDir, List<RlRow> rows, GrpoSettings settings, Path output, ResponseScorer scorer, Consumer<String> progress,
      StopSignal stop) {
    if (rows.size() < settings.promptsPerStep()) {
      throw new IllegalArgumentException("need at least " + settings.promptsPerStep() + " rows (prompts per step), got " + rows.size());
    }
    this.modelDir = modelDir;
    this.rows = List.copyOf(rows);
    this.s = settings;
    this.output = output;
    this.scorer = scorer;
    this.progress = progress;
    this.stop = stop;
  }

  public int stepsPerEpoch() {
    return rows.size() / s.promptsPerStep();
  }

  public int totalSteps() {
    int all = stepsPerEpoch() * s.epochs();
    return s.maxSteps() > 0 ? Math.min(all, s.maxSteps()) : all;
  }

  private record Rollout(int prompt, long[] seq, int promptLength, RewardResult reward, double[] old, double[] ref, double[] entropy) {
    int length() {
      return seq.length - promptLength;
    }
  }

  public Result run(boolean resume, int stopAfter) {
    int total = totalSteps();
    ObjectNode settingsJson = s.toJson();
    PromptCodec c = codec != null ? codec : PromptCodec.chatMl(Checkpoint.tokenizer(modelDir));
    try (NDManager manager = TorchRuntime.newManager(device); Qwen2Model model = Checkpoint.load(modelDir, manager, DataType.FLOAT32);
         Qwen2Model frozen = s.lora() == null ? Checkpoint.load(modelDir, manager, DataType.FLOAT32) : null) {
      if (validation != null) validation.validator().checkPrompts(model.config());
      if (s.lora() != null) model.addLora(s.lora(), s.seed());
      model.requireGradients();
      AdamW adam = new AdamW(model.trainable(), model.trainableNames(), manager, 0.9, 0.999, 1e-8, s.weightDecay());
      Generator gen = new Generator(model, Set.of(Checkpoint.IM_END, Checkpoint.END_OF_TEXT));
      int start = 0;
      if (resume) {
        Optional<Path> latest = TrainingCheckpoint.latest(output);
        if (latest.isPresent()) {
          JsonNode state = TrainingCheckpoint.restore(latest.get(), settingsJson, model, adam);
          start = state.path("step").asInt();
          progress.accept("grpo: resumed from " + latest.get() + " at step " + start + "/" + total);
        }
      }
      long[][] prompts = new long[rows.size()][];
      List<ObjectNode> stepRows = new ArrayList<>();
      ProgressLine line = new ProgressLine(start);
      boolean stopped = false;
      int step = start;
      try (RunLog log = new RunLog(output.resolve("grpo_log.jsonl"), start);
           Validations val = validation == null ? null : new Validations(validation, true, output, start, modelDir, "grpo", progress)) {
        if (val != null) val.atStart(start, total, model, stop::requested);
        Sampling sampling = new Sampling(s.maxResponseTokens(), s.temperature(), s.topP(), 0);
        while (step < total) {
          int[] batch = rowsOf(step);
          List<Rollout> rollouts = new ArrayList<>();
          for (int p = 0; p < batch.length; p++) {
            RlRow row = rows.get(batch[p]);
            if (prompts[batch[p]] == null) prompts[batch[p]] = c.prompt(row.system(), row.user());
            long[] prompt = prompts[batch[p]];
            SplittableRandom[] streams = new SplittableRandom[s.groupSize()];
            for (int g = 0; g < s.groupSize(); g++) streams[g] = new SplittableRandom(StepSeeds.mix(s.seed(), step, p * s.groupSize() + g));
            Generator.Output[] group = gen.generateGroup(prompt, sampling, streams);
            for (int g = 0; g < s.groupSize(); g++) {
              Generator.Output out = group[g];
              RewardResult r = scorer.score(c.decode(out.ids()), row);
              long[] resp = out.stopped() ? append(out.ids(), out.stopId()) : out.ids();
              if (resp.length == 0) resp = new long[] {Checkpoint.END_OF_TEXT}; // cannot happen with max tokens >= 1
              long[] seq = new long[prompt.length + resp.length];
              System.arraycopy(prompt, 0, seq, 0, prompt.length);
              System.arraycopy(resp, 0, seq, prompt.length, resp.length);
              int[] pos = positions(prompt.length, resp.length);
              long[] in = Arrays.copyOf(seq, seq.length - 1), tg = Arrays.copyOfRange(seq, prompt.length, seq.length);
              Qwen2Model.TokenStats old = model.scoreTokens(in, pos, tg, true);
              double[] ref;
              if (frozen != null) {
                ref = frozen.scoreTokens(in, pos, tg, false).logProbs();
              } else {
                model.setLoraEnabled(false);
                ref = model.scoreTokens(in, pos, tg, false).logProbs();
                model.setLoraEnabled(true);
              }
              rollouts.add(new Rollout(p, seq, prompt.length, r, old.logProbs(), ref, old.entropies()));
              line.addTokens(seq.length);
            }
          }
          double[] adv = new double[rollouts.size()];
          for (int p = 0; p < batch.length; p++) {
            double[] rs = new double[s.groupSize()];
            for (int g = 0; g < s.groupSize(); g++) rs[g] = rollouts.get(p * s.groupSize() + g).reward().reward();
            double[] a = Advantages.groupNormalized(rs);
            System.arraycopy(a, 0, adv, p * s.groupSize(), s.groupSize());
          }
          double lossSum = 0, gradNorm = 0;
          int perMini = s.miniBatchPrompts() * s.groupSize();
          for (int mb = 0; mb < rollouts.size() / perMini; mb++) {
            long tokens = 0;
            for (int k = mb * perMini; k < (mb + 1) * perMini; k++) tokens += rollouts.get(k).length();
            final float invTokens = (float) (1.0 / tokens);
            for (int k = mb * perMini; k < (mb + 1) * perMini; k++) {
              Rollout ro = rollouts.get(k);
              double a = adv[k];
              int n = ro.length();
              long[] in = Arrays.copyOf(ro.seq(), ro.seq().length - 1), tg = Arrays.copyOfRange(ro.seq(), ro.promptLength(), ro.seq().length);
              try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                Qwen2Model.TokenStats st = model.backwardTokens(in, positions(ro.promptLength(), n), tg,
                    (lp, from, scope) -> chunkLoss(lp, from, scope, a, ro, invTokens), false, gc);
                for (int t = 0; t < n; t++) {
                  double ratio = Math.exp(st.logProbs()[t] - ro.old()[t]);
                  lossSum += (Advantages.policyLoss(a, ratio, s.clipLow(), s.clipHigh(), s.clipC())
                      + s.klCoef() * Advantages.lowVarKl(st.logProbs()[t], ro.ref()[t])) / tokens;
                }
              }
            }
            gradNorm = Gradients.clip(model.trainable(), s.maxGradNorm());
            adam.step(s.learningRate());
            Gradients.zero(model.trainable());
          }
          step++;
          ObjectNode row = stats(step, rollouts, lossSum / (rollouts.size() / perMini), gradNorm, line);
          log.append(row);
          stepRows.add(row);
          progress.accept(line.line("grpo", step, total, String.format("reward %.4f (ndcg %.4f recall %.4f rbo %.4f) format-fail %.0f%% kl %.5f entropy %.3f length %.1f",
              row.get("reward_mean").asDouble(), row.get("ndcg_mean").asDouble(), row.get("recall_mean").asDouble(), row.get("rbo_mean").asDouble(),
              100 * row.get("format_failure_rate").asDouble(), row.get("kl").asDouble(), row.get("entropy").asDouble(), row.get("response_length").asDouble())));
          boolean interrupt = stop.requested() || (stopAfter > 0 && step >= stopAfter);
          if (val != null) interrupt = val.afterUpdate(step, total, interrupt, model, stop::requested);
          if (step < total && (interrupt || (s.saveSteps() > 0 && step % s.saveSteps() == 0))) {
            Path cp = TrainingCheckpoint.save(output, step, settingsJson, Json.MAPPER.createObjectNode(), model, adam, modelDir);
            progress.accept("grpo: checkpoint " + cp);
          }
          if (interrupt && step < total) {
            stopped = true;
            break;
          }
        }
        Curves.plotUnlessShuttingDown(log.rows(), List.of("reward_mean", "ndcg_mean", "recall_mean", "rbo_mean"), "GRPO reward", output.resolve("reward.png"));
        Curves.plotUnlessShuttingDown(log.rows(), List.of("format_failure_rate", "kl", "entropy"), "GRPO format failures, KL, entropy", output.resolve("stats.png"));
        Curves.plotUnlessShuttingDown(log.rows(), List.of("response_length"), "GRPO response length (tokens)", output.resolve("length.png"));
        if (!stopped) {
          Checkpoint.saveModel(output, model, modelDir);
          progress.accept("grpo: done, " + total + " steps; model written to " + output);
        }
        return new Result(step, total, stopped, stepRows, val == null ? null : val.best().orElse(null));
      }
    } finally {
      stop.done();
    }
  }

  private NDArray chunkLoss(NDArray lp, int from, NDManager scope, double a, Rollout ro, float invTokens) {
    int c = (int) lp.getShape().get(0);
    NDArray old = scope.create(toFloats(ro.old(), from, c));
    NDArray ref = scope.create(toFloats(ro.ref(), from, c));
    NDArray ratio = lp.sub(old).exp();
    NDArray pg = a >= 0
        ? ratio.minimum(scope.create((float) (1 + s.clipHigh()))).mul(scope.create((float) -a))
        : ratio.maximum(scope.create((float) (1 - s.clipLow()))).minimum(scope.create((float) s.clipC())).mul(scope.create((float) -a));
    NDArray d = ref.sub(lp);
    NDArray kl = d.exp().sub(d).sub(scope.create(1f)).maximum(scope.create(-10f)).minimum(scope.create(10f));
    return pg.add(kl.mul(scope.create((float) s.klCoef()))).sum().mul(scope.create(invTokens));
  }

  private ObjectNode stats(int step, List<Rollout> rollouts, double loss, double gradNorm, ProgressLine line) {
    double kl = 0, ent = 0, len = 0;
    int stoppedCount = 0;
    long tokens = 0;
    List<RewardResult> rewards = new ArrayList<>(rollouts.size());
    for (Rollout r : rollouts) {
      rewards.add(r.reward());
      long last = r.seq()[r.seq().length - 1];
      if (last == Checkpoint.IM_END || last == Checkpoint.END_OF_TEXT) stoppedCount++;
      for (int t = 0; t < r.length(); t++) {
        kl += Advantages.lowVarKl(r.old()[t], r.ref()[t]);
        ent += r.entropy()[t];
      }
      tokens += r.length();
      len += r.length();
    }
    int n = rollouts.size();
    RewardMeans m = RewardMeans.of(rewards);
    return Json.MAPPER.createObjectNode().put("step", step).put("reward_mean", m.reward()).put("ndcg_mean", m.ndcg())
        .put("recall_mean", m.recall()).put("rbo_mean", m.rbo()).put("format_failure_rate", m.formatFailureRate())
        .put("count_mismatch_rate", m.countMismatchRate()).put("kl", kl / tokens).put("entropy", ent / tokens)
        .put("response_length", len / n).put("stopped_rate", (double) stoppedCount / n).put("loss", loss).put("grad_norm", gradNorm)
        .put("tokens_per_s", line.tokensPerSecond()).put("elapsed_s", line.elapsedSeconds());
  }

  int[] rowsOf(int step) {
    int epoch = step / stepsPerEpoch(), b = step % stepsPerEpoch();
    List<Integer> order = new ArrayList<>(rows.size());
    for (int i = 0; i < rows.size(); i++) order.add(i);
    Collections.shuffle(order, new Random(s.seed() + epoch));
    int[] out = new int[s.promptsPerStep()];
    for (int i = 0; i < out.length; i++) out[i] = order.get(b * s.promptsPerStep() + i);
    return out;
  }

  private static int[] positions(int promptLength, int n) {
    int[] pos = new int[n];
    for (int k = 0; k < n; k++) pos[k] = promptLength - 1 + k;
    return pos;
  }

  private static float[] toFloats(double[] a, int from, int n) {
    float[] f = new float[n];
    for (int i = 0; i < n; i++) f[i] = (float) a[from + i];
    return f;
  }

  private static long[] append(long[] a, long x) {
    long[] b = Arrays.copyOf(a, a.length + 1);
    b[a.length] = x;
    return b;
  }
}
