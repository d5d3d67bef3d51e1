package io.reasonrank.pipeline;

import io.reasonrank.llm.tokenizer.HfTokenizer;
import io.reasonrank.prompt.PromptMode;
import io.reasonrank.rerank.ScoreMode;
import io.reasonrank.rerank.WindowSettings;
import java.util.Objects;

/**
 * The settings that decide what a reranker asks the model and how it ranks, with the reference's defaults: shared by
 * {@link RerankPipeline.Builder} (batch runs) and the service's engine builder, so that a run and a service given the
 * same settings rank alike. Each concrete builder says who owns the tokenizer it is given.
 *
 * @param <B> the concrete builder, returned by every setter
 */
public abstract class RerankerBuilder<B extends RerankerBuilder<B>> {
  /**
   * What the setters were given.
   *
   * @param tokenizer null: the bundled tokenizer of the mode's checkpoint
   * @param maxTokens null: the mode's max_tokens
   */
  public record Spec(Strategy strategy, PromptMode mode, HfTokenizer tokenizer, int maxPassageTokens, WindowSettings settings,
      ScoreMode scoreMode, Integer maxTokens) {}

  private Strategy strategy = Strategy.SLIDING;
  private PromptMode mode = PromptMode.RANK_GPT_REASONING;
  private HfTokenizer tokenizer;
  private int maxPassageTokens = 100;
  private WindowSettings settings = WindowSettings.DEFAULT;
  private ScoreMode scoreMode = ScoreMode.POSITIONAL;
  private Integer maxTokens;

  protected RerankerBuilder() {}

  /** This builder, as its concrete type. */
  protected abstract B self();

  /** The settings given so far. */
  protected final Spec spec() {
    return new Spec(strategy, mode, tokenizer, maxPassageTokens, settings, scoreMode, maxTokens);
  }

  /** The strategy (default {@link Strategy#SLIDING}, the paper's). */
  public B strategy(Strategy strategy) {
    this.strategy = Objects.requireNonNull(strategy, "strategy");
    return self();
  }

  /** The prompt mode (default {@code rank_GPT_reasoning}, ReasonRank-7B's). */
  public B mode(PromptMode mode) {
    this.mode = Objects.requireNonNull(mode, "mode");
    return self();
  }

  /** The tokenizer that cuts passages and counts tokens (default: the bundled one of the mode's checkpoint). */
  public B tokenizer(HfTokenizer tokenizer) {
    this.tokenizer = Objects.requireNonNull(tokenizer, "tokenizer");
    return self();
  }

  /** Passage truncation in model tokens (default 100, TREC/BEIR's; 512 for BRIGHT/R2MED). */
  public B maxPassageTokens(int maxPassageTokens) {
    if (maxPassageTokens < 1) throw new IllegalArgumentException("maxPassageTokens must be >= 1, got " + maxPassageTokens);
    this.maxPassageTokens = maxPassageTokens;
    return self();
  }

  /** Window, step and top-k (default {@link WindowSettings#DEFAULT}: 20, 10, 100, one pass). */
  public B settings(WindowSettings settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
    return self();
  }

  /** How reranked candidates are scored (default {@link ScoreMode#POSITIONAL}, the reference's). */
  public B scoreMode(ScoreMode scoreMode) {
    this.scoreMode = Objects.requireNonNull(scoreMode, "scoreMode");
    return self();
  }

  /** Overrides max_tokens per call (default null: the mode's, 3172 for reasoning modes). */
  public B maxTokens(Integer maxTokens) {
    if (maxTokens != null && maxTokens < 1) throw new IllegalArgumentException("maxTokens must be >= 1, got " + maxTokens);
    this.maxTokens = maxTokens;
    return self();
  }
}
