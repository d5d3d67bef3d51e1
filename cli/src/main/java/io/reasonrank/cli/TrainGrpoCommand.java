package io.reasonrank.cli;

import io.reasonrank.format.InputException;
import io.reasonrank.trainer.grpo.GrpoSettings;
import io.reasonrank.trainer.grpo.GrpoTrainer;
import io.reasonrank.trainer.grpo.ResponseScorer;
import io.reasonrank.trainer.grpo.RlData;
import io.reasonrank.trainer.grpo.RlRow;
import io.reasonrank.trainer.lora.LoraConfig;
import io.reasonrank.trainer.run.StopSignal;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code reasonrank train grpo}: GRPO with the multi-view reward on the export-rl set (docs/trainer.md). */
@Command(name = "grpo", mixinStandardHelpOptions = true,
    description = {"GRPO on the verl export (export-rl parquet or JSONL) with the multi-view reward and a k3 KL to the frozen start model.",
        "Defaults are the paper's verl script: group 8, 16 prompts/step in mini-batches of 8, lr 1e-6, clip 0.2, dual-clip 3, KL 0.001.",
        "Writes OUTPUT/checkpoint-N/, grpo_log.jsonl, reward.png, stats.png, length.png and the final model."})
final class TrainGrpoCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--model", required = true, paramLabel = "SFT_DIR")
  Path model;

  @Option(names = "--data", required = true, paramLabel = "RL.parquet|RL.jsonl")
  Path data;

  @Option(names = "--output", required = true, paramLabel = "DIR")
  Path output;

  @Option(names = "--group-size", defaultValue = "8") int groupSize;
  @Option(names = "--prompts-per-step", defaultValue = "16") int promptsPerStep;
  @Option(names = "--mini-batch-prompts", defaultValue = "8") int miniBatch;
  @Option(names = "--lr", defaultValue = "1e-6") double lr;
  @Option(names = "--weight-decay", defaultValue = "0.01") double weightDecay;
  @Option(names = "--max-grad-norm", defaultValue = "1.0") double maxGradNorm;
  @Option(names = "--clip-ratio", defaultValue = "0.2", description = "low and high clip (default ${DEFAULT-VALUE})") double clip;
  @Option(names = "--clip-ratio-c", defaultValue = "3.0") double clipC;
  @Option(names = "--kl-coef", defaultValue = "0.001") double klCoef;
  @Option(names = "--temperature", defaultValue = "1.0") double temperature;
  @Option(names = "--top-p", defaultValue = "1.0") double topP;
  @Option(names = "--max-response-tokens", defaultValue = "3072") int maxResponse;
  @Option(names = "--epochs", defaultValue = "1") int epochs;
  @Option(names = "--max-steps", defaultValue = "0", description = "0 = all steps of the epochs") int maxSteps;
  @Option(names = "--seed", defaultValue = "42") long seed;
  @Option(names = "--lora") boolean lora;
  @Option(names = "--lora-rank", defaultValue = "32") int loraRank;
  @Option(names = "--lora-alpha", defaultValue = "32") double loraAlpha;
  @Option(names = "--lora-target", defaultValue = "all") String loraTarget;
  @Option(names = "--save-steps", defaultValue = "25") int saveSteps;
  @Option(names = "--resume") boolean resume;
  @Option(names = "--stop-after", defaultValue = "0") int stopAfter;

  @Override
  public Integer call() {
    if (!Files.isDirectory(model)) throw new InputException(model + ": model directory not found");
    List<RlRow> rows = RlData.read(data);
    GrpoSettings s;
    try {
      LoraConfig lc = lora ? new LoraConfig(loraRank, loraAlpha, 0, LoraConfig.parseTargets(loraTarget)) : null;
      s = new GrpoSettings(groupSize, promptsPerStep, miniBatch, lr, weightDecay, maxGradNorm, clip, clip, clipC, klCoef, temperature, topP,
          maxResponse, epochs, maxSteps, seed, lc, saveSteps);
      if (rows.size() < promptsPerStep) throw new IllegalArgumentException(data + ": " + rows.size() + " rows, fewer than --prompts-per-step " + promptsPerStep);
    } catch (IllegalArgumentException e) {
      throw new UserException(e.getMessage());
    }
    PrintWriter err = spec.commandLine().getErr();
    err.printf("train grpo: %d prompts, %s%n", rows.size(), s.toJson());
    err.flush();
    GrpoTrainer.Result r = new GrpoTrainer(model, rows, s, output, ResponseScorer.MULTI_VIEW, line -> {
      err.println(line);
      err.flush();
    }, StopSignal.install()).run(resume, stopAfter);
    if (r.stopped()) {
      err.printf("train grpo: stopped at step %d/%d; continue with --resume%n", r.step(), r.totalSteps());
      err.flush();
      return 3;
    }
    return 0;
  }
}
