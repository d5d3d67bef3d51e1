package io.reasonrank.trainer.grpo;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reasonrank.io.Json;
import io.reasonrank.trainer.lora.LoraConfig;

/**
 * GRPO hyper-parameters; the defaults are those of the paper's verl script ({@code export-configs}'s
 * {@code train_grpo.sh}): group size 8, 16 prompts per step in mini-batches of 8 prompts (two updates per step), one
 * PPO epoch, learning rate 1e-6 constant, weight decay 0.01, gradient clip 1.0, clip ratio 0.2/0.2, dual-clip 3.0,
 * low-variance KL coefficient 0.001, entropy coefficient 0, sampling temperature 1.0 and top-p 1, responses of at most
 * 3,072 tokens, one epoch over the data.
 */
public record GrpoSettings(
    int groupSize,
    int promptsPerStep,
    int miniBatchPrompts,
    double learningRate,
    double weightDecay,
    double maxGradNorm,
    double clipLow,
    double clipHigh,
    double clipC,
    double klCoef,
    double temperature,
    double topP,
    int maxResponseTokens,
    int epochs,
    int maxSteps,
    long seed,
    LoraConfig lora,
    int saveSteps) {

  public static final int GROUP = 8, PROMPTS = 16, MINI_BATCH = 8, MAX_RESPONSE = 3072, SAVE_STEPS = 25;
  public static final double LR = 1e-6, WEIGHT_DECAY = 0.01, GRAD_CLIP = 1.0, CLIP = 0.2, CLIP_C = 3.0, KL_COEF = 0.001;

  public GrpoSettings {
    if (groupSize < 1) throw new IllegalArgumentException("group size must be >= 1, got " + groupSize);
    if (promptsPerStep < 1) throw new IllegalArgumentException("prompts per step must be >= 1, got " + promptsPerStep);
    if (miniBatchPrompts < 1 || promptsPerStep % miniBatchPrompts != 0) {
      throw new IllegalArgumentException("mini-batch prompts must divide prompts per step " + promptsPerStep + ", got " + miniBatchPrompts);
    }
    if (!(learningRate > 0)) throw new IllegalArgumentException("learning rate must be > 0, got " + learningRate);
    if (!(clipLow >= 0 && clipLow < 1) || !(clipHigh >= 0)) throw new IllegalArgumentException("clip ratios must be in [0, 1) and >= 0");
    if (!(clipC > 1)) throw new IllegalArgumentException("dual-clip c must be > 1, got " + clipC);
    if (!(klCoef >= 0)) throw new IllegalArgumentException("kl coefficient must be >= 0, got " + klCoef);
    if (!(temperature > 0)) throw new IllegalArgumentException("GRPO samples: temperature must be > 0, got " + temperature);
    if (!(topP > 0 && topP <= 1)) throw new IllegalArgumentException("top-p must be in (0, 1], got " + topP);
    if (maxResponseTokens < 1) throw new IllegalArgumentException("max response tokens must be >= 1, got " + maxResponseTokens);
    if (epochs < 1) throw new IllegalArgumentException("epochs must be >= 1, got " + epochs);
    if (maxSteps < 0 || saveSteps < 0) throw new IllegalArgumentException("max steps and save steps must be >= 0");
  }

  public ObjectNode toJson() {
    ObjectNode o = Json.MAPPER.createObjectNode().put("group_size", groupSize).put("prompts_per_step", promptsPerStep)
        .put("mini_batch_prompts", miniBatchPrompts).put("learning_rate", learningRate).put("weight_decay", weightDecay)
        .put("max_grad_norm", maxGradNorm).put("clip_low", clipLow).put("clip_high", clipHigh).put("clip_c", clipC)
        .put("kl_coef", klCoef).put("temperature", temperature).put("top_p", topP).put("max_response_tokens", maxResponseTokens)
        .put("epochs", epochs).put("max_steps", maxSteps).put("seed", seed);
    LoraConfig.putJson(o, "lora", lora);
    return o;
  }
}
