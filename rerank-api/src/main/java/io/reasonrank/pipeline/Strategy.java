package io.reasonrank.pipeline;

import io.reasonrank.llm.LlmBackend;
import io.reasonrank.prompt.PassageTokenizer;
import io.reasonrank.prompt.PromptMode;
import io.reasonrank.rerank.FullListReranker;
import io.reasonrank.rerank.Reranker;
import io.reasonrank.rerank.ScoreMode;
import io.reasonrank.rerank.SlidingWindowReranker;
import io.reasonrank.rerank.TopDownReranker;
import io.reasonrank.rerank.WindowSettings;
import io.reasonrank.rerank.pointwise.PointwiseReranker;
import java.util.Objects;

/**
 * The reranking strategies, spelled as {@code reasonrank rerank --strategy} spells them, and the one place that
 * builds their rerankers ({@link #reranker}): the CLI, the HTTP service and Java callers get the same reranker for
 * the same settings, so they rank alike.
 */
public enum Strategy {
  /** The paper's: windows of 20 sliding back to front over the top 100, step 10 ({@link SlidingWindowReranker}). */
  SLIDING("sliding"),
  /** One window over the whole top-k ({@link FullListReranker}). */
  FULL("full"),
  /** Top-down partitioning around a pivot ({@link TopDownReranker}). */
  TOPDOWN("topdown"),
  /** Rank1's pointwise relevance judgments ({@link PointwiseReranker}). */
  POINTWISE("pointwise");

  private final String id;

  Strategy(String id) {
    this.id = id;
  }

  /** The command-line spelling: {@code sliding}, {@code full}, {@code topdown} or {@code pointwise}. */
  public String id() {
    return id;
  }

  /** @throws IllegalArgumentException naming the choices when {@code s} is none of them */
  public static Strategy parse(String s) {
    for (Strategy v : values()) if (v.id.equals(s)) return v;
    throw new IllegalArgumentException("--strategy: expected sliding, full, topdown or pointwise, got '" + s + "'");
  }

  /** Passages per listwise call: the window, or the whole top-k for {@link #FULL}; 1 for {@link #POINTWISE}. */
  public int callSize(WindowSettings settings) {
    return switch (this) {
      case FULL -> settings.topK();
      case POINTWISE -> 1;
      case SLIDING, TOPDOWN -> settings.windowSize();
    };
  }

  /**
   * This strategy's reranker over {@code llm}. The window settings give the sliding window all of theirs, the full
   * list its top-k, top-down its window and top-k (its cutoff, budget and rounds the defaults of
   * {@link io.reasonrank.rerank.TopDownSettings}), pointwise its top-k; {@code scoreMode} applies to the listwise ones.
   *
   * @throws IllegalArgumentException or IllegalStateException when the reranker refuses the settings (its message)
   */
  public Reranker reranker(LlmBackend llm, PromptMode mode, PassageTokenizer tokenizer, int maxPassageTokens,
      WindowSettings settings, ScoreMode scoreMode) {
    Objects.requireNonNull(llm, "llm");
    return switch (this) {
      case SLIDING -> SlidingWindowReranker.builder(llm).mode(mode).tokenizer(tokenizer).maxPassageTokens(maxPassageTokens)
          .settings(settings).scoreMode(scoreMode).build();
      case FULL -> FullListReranker.builder(llm).mode(mode).tokenizer(tokenizer).maxPassageTokens(maxPassageTokens)
          .topK(settings.topK()).scoreMode(scoreMode).build();
      case TOPDOWN -> TopDownReranker.builder(llm).mode(mode).tokenizer(tokenizer).maxPassageTokens(maxPassageTokens)
          .windowSize(settings.windowSize()).topK(settings.topK()).scoreMode(scoreMode).build();
      case POINTWISE -> PointwiseReranker.builder().backend(llm).topK(settings.topK()).tokenizer(tokenizer)
          .maxPassageTokens(maxPassageTokens).build();
    };
  }
}
