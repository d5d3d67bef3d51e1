package io.reasonrank.trainer.sft;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reasonrank.io.Json;
import io.reasonrank.trainer.lora.LoraConfig;

/**
 * SFT hyper-parameters. The defaults are the paper's (the {@code export-configs} YAMLs): full fine-tuning at
 * learning rate 5e-6 for 5 epochs, LoRA (rank 32, alpha 32, dropout 0, all linear layers) at 1e-4 for 7 epochs,
 * global batch 64 (here: 64 accumulated sequences), cosine schedule with warmup ratio 0.1, cutoff 23,552 tokens; and
 * transformers' defaults for what the YAMLs leave out: AdamW β (0.9, 0.999), ε 1e-8, weight decay 0, gradient norm
 * clipped at 1.0.
 */
public record SftSettings(
    int epochs,
    int gradAccum,
    double learningRate,
    double warmupRatio,
    double weightDecay,
    double maxGradNorm,
    int cutoffLen,
    long seed,
    LoraConfig lora,
    int saveSteps) {

  public static final int EPOCHS_FULL = 5, EPOCHS_LORA = 7, GRAD_ACCUM = 64, CUTOFF_LEN = 23552;
  public static final double LR_FULL = 5e-6, LR_LORA = 1e-4, WARMUP_RATIO = 0.1, MAX_GRAD_NORM = 1.0;
  public static final int LORA_RANK = 32;
  public static final double LORA_ALPHA = 32, LORA_DROPOUT = 0;

  public SftSettings {
    if (epochs <= 0) throw new IllegalArgumentException("epochs must be > 0, got " + epochs);
    if (gradAccum <= 0) throw new IllegalArgumentException("gradient accumulation must be > 0, got " + gradAccum);
    if (!(learningRate > 0)) throw new IllegalArgumentException("learning rate must be > 0, got " + learningRate);
    if (!(warmupRatio >= 0 && warmupRatio <= 1)) throw new IllegalArgumentException("warmup ratio must be in [0, 1], got " + warmupRatio);
    if (!(weightDecay >= 0)) throw new IllegalArgumentException("weight decay must be >= 0, got " + weightDecay);
    if (!(maxGradNorm >= 0)) throw new IllegalArgumentException("max grad norm must be >= 0 (0 = no clipping), got " + maxGradNorm);
    if (cutoffLen < 2) throw new IllegalArgumentException("cutoff length must be >= 2, got " + cutoffLen);
    if (saveSteps < 0) throw new IllegalArgumentException("save steps must be >= 0, got " + saveSteps);
  }

  /** What must be equal for a run to resume another (everything that changes the trajectory). */
  public ObjectNode toJson() {
    ObjectNode o = Json.MAPPER.createObjectNode().put("epochs", epochs).put("grad_accum", gradAccum).put("learning_rate", learningRate)
        .put("warmup_ratio", warmupRatio).put("weight_decay", weightDecay).put("max_grad_norm", maxGradNorm)
        .put("cutoff_len", cutoffLen).put("seed", seed);
    LoraConfig.putJson(o, "lora", lora);
    return o;
  }
}
