package io.reasonrank.cli;

import ai.djl.Device;
import io.reasonrank.format.InputException;
import io.reasonrank.trainer.generate.PromptCodec;
import io.reasonrank.trainer.grpo.GrpoSettings;
import io.reasonrank.trainer.grpo.GrpoTrainer;
import io.reasonrank.trainer.lora.LoraConfig;
import io.reasonrank.trainer.model.Checkpoint;
import io.reasonrank.trainer.model.TorchRuntime;
import io.reasonrank.trainer.rldata.ResponseScorer;
import io.reasonrank.trainer.rldata.RlData;
import io.reasonrank.trainer.rldata.RlRow;
import io.reasonrank.trainer.run.StopSignal;
import io.reasonrank.trainer.validate.Validator;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code reasonrank train grpo}: GRPO with the multi-view reward on the export-rl set (docs/trainer.md). */
@Command(name = "grpo", mixinStandardHelpOptions = true,
    description = {"GRPO on the verl export (export-rl parquet or JSONL) with the multi-view reward and a k3 KL to the frozen start model.",
        "Defaults are the paper's verl script: group 8, 16 prompts/step in mini-batches of 8, lr 1e-6, clip 0.2, dual-clip 3, KL 0.001.",
        "Writes OUTPUT/checkpoint-N/, grpo_log.jsonl, reward.png, stats.png, length.png and the final model;",
        "with --eval-data also eval_log.jsonl, eval.png and OUTPUT/best/, the model with the best validation reward."})
final class TrainGrpoCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--model", required = true, paramLabel = "SFT_DIR", description = "the starting model (the SFT output); also the frozen KL reference")
  Path model;

  @Option(names = "--data", required = true, paramLabel = "RL.parquet|RL.jsonl", description = "export-rl's verl parquet, or JSON Lines rows of the same shape (train windows writes both)")
  Path data;

  @Option(names = "--output", required = true, paramLabel = "DIR", description = "checkpoints, logs, curves and the final model")
  Path output;

  @Option(names = "--group-size", defaultValue = "8", description = "sampled responses per prompt, G (default ${DEFAULT-VALUE})") int groupSize;
  @Option(names = "--prompts-per-step", defaultValue = "16", description = "prompts sampled per step (default ${DEFAULT-VALUE})") int promptsPerStep;
  @Option(names = "--mini-batch-prompts", defaultValue = "8", description = "prompts per policy update; a step makes prompts-per-step / this updates (default ${DEFAULT-VALUE})") int miniBatch;
  @Option(names = "--lr", defaultValue = "1e-6", description = "AdamW learning rate, constant (default ${DEFAULT-VALUE})") double lr;
  @Option(names = "--weight-decay", defaultValue = "0.01", description = "AdamW weight decay (default ${DEFAULT-VALUE})") double weightDecay;
  @Option(names = "--max-grad-norm", defaultValue = "1.0", description = "global gradient-norm clip (default ${DEFAULT-VALUE})") double maxGradNorm;
  @Option(names = "--clip-ratio", defaultValue = "0.2", description = "low and high clip (default ${DEFAULT-VALUE})") double clip;
  @Option(names = "--clip-ratio-c", defaultValue = "3.0", description = "dual-clip bound c for negative advantages (default ${DEFAULT-VALUE})") double clipC;
  @Option(names = "--kl-coef", defaultValue = "0.001", description = "coefficient of the low-variance (k3) KL to the start model (default ${DEFAULT-VALUE})") double klCoef;
  @Option(names = "--temperature", defaultValue = "1.0", description = "sampling temperature, > 0 (default ${DEFAULT-VALUE})") double temperature;
  @Option(names = "--top-p", defaultValue = "1.0", description = "nucleus sampling mass (default ${DEFAULT-VALUE})") double topP;
  @Option(names = "--max-response-tokens", defaultValue = "3072", description = "longest sampled response in tokens (default ${DEFAULT-VALUE})") int maxResponse;
  @Option(names = "--epochs", defaultValue = "1", description = "passes over the rows (default ${DEFAULT-VALUE})") int epochs;
  @Option(names = "--max-steps", defaultValue = "0", description = "stop after N steps (0 = all steps of the epochs; the paper ran 200)") int maxSteps;
  @Option(names = "--seed", defaultValue = "42", description = "data order and sampling streams (default ${DEFAULT-VALUE})") long seed;
  @Option(names = "--lora", description = "train LoRA adapters instead of all weights (merged into the final model)") boolean lora;
  @Option(names = "--lora-rank", defaultValue = "32", description = "LoRA rank (default ${DEFAULT-VALUE})") int loraRank;
  @Option(names = "--lora-alpha", defaultValue = "32", description = "LoRA alpha (default ${DEFAULT-VALUE})") double loraAlpha;
  @Option(names = "--lora-target", defaultValue = "all", description = "LoRA target modules: all, or a comma-separated list such as q_proj,v_proj (default ${DEFAULT-VALUE})") String loraTarget;
  @Option(names = "--save-steps", defaultValue = "25", description = "checkpoint every N steps, 0 = none (the final model is always written; default ${DEFAULT-VALUE})") int saveSteps;
  @Option(names = "--resume", description = "continue from the latest checkpoint in --output (same settings required)") boolean resume;
  @Option(names = "--stop-after", defaultValue = "0", description = "stop after N steps with a checkpoint and exit 3, for trying resume (0 = off)") int stopAfter;

  @Mixin TorchOptions torch;

  @Mixin ValidationOptions validation;

  @Override
  public Integer call() {
    if (!Files.isDirectory(model)) throw new InputException(model + ": model directory not found");
    torch.validate();
    validation.validate();
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
    PromptCodec codec = PromptCodec.chatMl(Checkpoint.tokenizer(model));
    Validator validator = validation.validator(codec);
    Device device = torch.apply();
    PrintWriter err = spec.commandLine().getErr();
    err.printf("train grpo: %d prompts, on %s, %s%n", rows.size(), TorchRuntime.name(device), s.toJson());
    err.flush();
    GrpoTrainer trainer = new GrpoTrainer(model, rows, s, output, ResponseScorer.MULTI_VIEW, line -> {
      err.println(line);
      err.flush();
    }, StopSignal.install()).withCodec(codec).withDevice(device);
    if (validator != null) trainer.withValidation(validation.settings(validator, saveSteps > 0 ? saveSteps : trainer.totalSteps()));
    GrpoTrainer.Result r = trainer.run(resume, stopAfter);
    ValidationOptions.printBest(err, "train grpo", r.bestValidation(), output);
    if (r.stopped()) {
      err.printf("train grpo: stopped at step %d/%d; continue with --resume%n", r.step(), r.totalSteps());
      err.flush();
      return 3;
    }
    return 0;
  }
}
