package io.reasonrank.rerank;

import io.reasonrank.llm.LlmBackend;
import io.reasonrank.prompt.ListwiseTranslator;
import io.reasonrank.prompt.PassageTokenizer;
import io.reasonrank.prompt.PromptMode;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * What every listwise strategy's builder sets the same way ({@link SlidingWindowReranker.Builder},
 * {@link FullListReranker.Builder}, {@link TopDownReranker.Builder}): backend, prompt mode, tokenizer, passage
 * length, score mode and per-window listener, which together make the strategy's {@link ListwiseCall}. The
 * strategies add their own window geometry. {@code B} is the concrete builder, so chained calls keep its type.
 */
abstract class ListwiseBuilder<B extends ListwiseBuilder<B>> {
  private final LlmBackend backend;
  private PromptMode mode = PromptMode.RANK_GPT_REASONING;
  private PassageTokenizer tokenizer;
  private Integer maxPassageTokens;
  private ScoreMode scoreMode = ScoreMode.POSITIONAL;
  private Consumer<WindowTrace> listener = t -> {};

  ListwiseBuilder(LlmBackend backend) {
    this.backend = Objects.requireNonNull(backend, "backend");
  }

  abstract B self();

  public B mode(PromptMode mode) {
    this.mode = Objects.requireNonNull(mode, "mode");
    return self();
  }

  public B tokenizer(PassageTokenizer tokenizer) {
    this.tokenizer = Objects.requireNonNull(tokenizer, "tokenizer");
    return self();
  }

  /** Passage truncation in model tokens (see {@link io.reasonrank.prompt.PassageLength}); required. */
  public B maxPassageTokens(int maxPassageTokens) {
    this.maxPassageTokens = maxPassageTokens;
    return self();
  }

  public B scoreMode(ScoreMode scoreMode) {
    this.scoreMode = Objects.requireNonNull(scoreMode, "scoreMode");
    return self();
  }

  /** Called after every LLM call (from the thread reranking that query), e.g. to drive a progress bar. */
  public B onWindow(Consumer<WindowTrace> listener) {
    this.listener = Objects.requireNonNull(listener, "listener");
    return self();
  }

  ScoreMode scoreMode() {
    return scoreMode;
  }

  /** The configured call; checks the settings every strategy requires. */
  ListwiseCall call() {
    if (tokenizer == null) throw new IllegalStateException("tokenizer is required");
    if (maxPassageTokens == null) throw new IllegalStateException("maxPassageTokens is required (100 for TREC/BEIR, 512 for BRIGHT/R2MED)");
    return new ListwiseCall(backend, new ListwiseTranslator(mode, tokenizer, maxPassageTokens), listener);
  }
}
