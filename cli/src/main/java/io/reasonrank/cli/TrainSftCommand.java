package io.reasonrank.cli;

import ai.djl.Device;
import io.reasonrank.format.InputException;
import io.reasonrank.llm.tokenizer.HfTokenizer;
import io.reasonrank.trainer.generate.PromptCodec;
import io.reasonrank.trainer.lora.LoraConfig;
import io.reasonrank.trainer.model.Checkpoint;
import io.reasonrank.trainer.model.TorchRuntime;
import io.reasonrank.trainer.run.StopSignal;
import io.reasonrank.trainer.sft.SftData;
import io.reasonrank.trainer.sft.SftExample;
import io.reasonrank.trainer.sft.SftSettings;
import io.reasonrank.trainer.sft.SftTrainer;
import io.reasonrank.trainer.sft.TokenizedExample;
import io.reasonrank.trainer.validate.Validator;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code reasonrank train sft}: cold-start SFT on the export-sft set (docs/trainer.md). */
@Command(name = "sft", mixinStandardHelpOptions = true,
    description = {"Supervised fine-tuning on the LLaMA-Factory export (export-sft): loss on the assistant turn only, full or LoRA.",
        "Defaults are the paper's (export-configs): lr 5e-6 full / 1e-4 LoRA, 5 / 7 epochs, 64 sequences per update, cosine, warmup 0.1.",
        "Writes OUTPUT/checkpoint-N/ (every --save-steps and on SIGTERM), train_log.jsonl, loss.png and the final model (LoRA merged);",
        "with --eval-data also eval_log.jsonl, eval.png and OUTPUT/best/, the model with the best validation reward."})
final class TrainSftCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--model", required = true, paramLabel = "DIR", description = "the starting checkpoint (Hugging Face layout)")
  Path model;

  @Option(names = "--data", required = true, paramLabel = "SFT.json|DIR", description = "export-sft's JSON, or its directory with dataset_info.json")
  Path data;

  @Option(names = "--output", required = true, paramLabel = "DIR", description = "checkpoints, train_log.jsonl, loss.png and the final model")
  Path output;

  @Option(names = "--epochs", description = "default 5 (full) or 7 (LoRA), as the paper's configs")
  Integer epochs;

  @Option(names = "--grad-accum", defaultValue = "64", description = "sequences per update (default ${DEFAULT-VALUE}: the paper's global batch)")
  int gradAccum;

  @Option(names = "--lr", description = "peak learning rate (default 5e-6 full, 1e-4 LoRA)")
  Double lr;

  @Option(names = "--warmup-ratio", defaultValue = "0.1", description = "share of the updates with a linear warmup before the cosine decay (default ${DEFAULT-VALUE})")
  double warmupRatio;

  @Option(names = "--weight-decay", defaultValue = "0", description = "AdamW weight decay (default ${DEFAULT-VALUE}, the Hugging Face Trainer's)")
  double weightDecay;

  @Option(names = "--max-grad-norm", defaultValue = "1.0", description = "0 disables clipping (default ${DEFAULT-VALUE})")
  double maxGradNorm;

  @Option(names = "--cutoff-len", defaultValue = "23552", description = "tokens per sequence (default ${DEFAULT-VALUE})")
  int cutoffLen;

  @Option(names = "--seed", defaultValue = "42", description = "order of the examples in each epoch, and LoRA's initialisation and dropout (default ${DEFAULT-VALUE})")
  long seed;

  @Option(names = "--lora", description = "train LoRA adapters instead of all weights")
  boolean lora;

  @Option(names = "--lora-rank", defaultValue = "32", description = "LoRA rank r (default ${DEFAULT-VALUE})")
  int loraRank;

  @Option(names = "--lora-alpha", defaultValue = "32", description = "LoRA alpha; the update is scaled by alpha / r (default ${DEFAULT-VALUE})")
  double loraAlpha;

  @Option(names = "--lora-dropout", defaultValue = "0", description = "dropout on the LoRA input (default ${DEFAULT-VALUE})")
  double loraDropout;

  @Option(names = "--lora-target", defaultValue = "all", description = "comma-separated q_proj,…,down_proj or all (default ${DEFAULT-VALUE})")
  String loraTarget;

  @Option(names = "--save-steps", description = "checkpoint every N updates (default: every epoch)")
  Integer saveSteps;

  @Option(names = "--resume", description = "continue from the latest OUTPUT/checkpoint-N")
  boolean resume;

  @Option(names = "--stop-after", defaultValue = "0", description = "stop with a checkpoint after N updates of the run, as an interruption would")
  int stopAfter;

  @Mixin TorchOptions torch;

  @Mixin ValidationOptions validation;

  @Override
  public Integer call() {
    if (!Files.isDirectory(model)) throw new InputException(model + ": model directory not found");
    torch.validate();
    validation.validate();
    List<SftExample> rows = SftData.read(data);
    LoraConfig lc = null;
    SftSettings s;
    try {
      if (lora) lc = new LoraConfig(loraRank, loraAlpha, loraDropout, LoraConfig.parseTargets(loraTarget));
      int ep = epochs != null ? epochs : lora ? SftSettings.EPOCHS_LORA : SftSettings.EPOCHS_FULL;
      double rate = lr != null ? lr : lora ? SftSettings.LR_LORA : SftSettings.LR_FULL;
      int perEpoch = (rows.size() + gradAccum - 1) / Math.max(1, gradAccum);
      s = new SftSettings(ep, gradAccum, rate, warmupRatio, weightDecay, maxGradNorm, cutoffLen, seed, lc, saveSteps != null ? saveSteps : perEpoch);
    } catch (IllegalArgumentException e) {
      throw new UserException(e.getMessage());
    }
    HfTokenizer tok = Checkpoint.tokenizer(model);
    Validator validator = validation.validator(PromptCodec.chatMl(tok));
    PrintWriter err = spec.commandLine().getErr();
    List<TokenizedExample> examples = new ArrayList<>();
    int truncated = 0;
    long tokens = 0;
    for (SftExample e : rows) {
      TokenizedExample t = TokenizedExample.of(e, tok, cutoffLen);
      if (t.truncated()) truncated++;
      tokens += t.ids().length;
      examples.add(t);
    }
    Device device = torch.apply();
    err.printf("train sft: %d examples (%,d tokens, %d cut to %d), %s, on %s%n", examples.size(), tokens, truncated, cutoffLen,
        lc == null ? "full fine-tuning" : lc.toString(), TorchRuntime.name(device));
    err.flush();
    SftTrainer trainer = new SftTrainer(model, examples, s, output, line -> {
      err.println(line);
      err.flush();
    }, StopSignal.install()).withDevice(device);
    if (validator != null) trainer.withValidation(validation.settings(validator, trainer.stepsPerEpoch()));
    SftTrainer.Result r = trainer.run(resume, stopAfter);
    ValidationOptions.printBest(err, "train sft", r.bestValidation(), output);
    if (r.stopped()) {
      err.printf("train sft: stopped at step %d/%d; continue with --resume%n", r.step(), r.totalSteps());
      err.flush();
      return 3;
    }
    return 0;
  }
}
