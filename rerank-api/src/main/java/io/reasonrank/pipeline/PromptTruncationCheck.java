package io.reasonrank.pipeline;

import io.reasonrank.llm.Completion;
import io.reasonrank.llm.ForwardingLlmBackend;
import io.reasonrank.llm.LlmBackend;
import io.reasonrank.llm.LlmException;
import io.reasonrank.llm.LlmRequest;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.ToIntFunction;

/**
 * Compares the prompt tokens a server says it read ({@code usage.prompt_tokens}) with our own count of the prompt we
 * sent. A server whose context is smaller than the prompt may cut it silently (llama.cpp keeps the prompt's tail when
 * a slot is too small, Ollama cuts to its {@code num_ctx}); the model then ranks passages it never saw in full, and
 * nothing else shows it. A shortfall of more than {@code max(minSlack, fraction × ours)} tokens marks the call
 * truncated: it is counted, the first one is reported with both numbers, and unless truncation is allowed the call
 * fails with {@link LlmException.Kind#TRUNCATED}, so that its window keeps its input order, its answer is not cached
 * and a re-run asks for it again (docs/rerank.md, "Context limits").
 *
 * <p>Sits directly on the model backend, below the completion cache. A server that reports no prompt tokens (0) is
 * not checked. The slack absorbs what a server adds to or renders differently from our prompt (a BOS token, its own
 * chat template).
 */
public final class PromptTruncationCheck extends ForwardingLlmBackend {
  public static final int MIN_SLACK = 16;

  private final ToIntFunction<String> ourCount;
  private final double fraction;
  private final boolean allow;
  private final Consumer<String> firstWarning;
  private final AtomicBoolean warned = new AtomicBoolean();
  private final LongAdder truncated = new LongAdder();

  /**
   * @param ourCount our tokenizer's count of a prompt
   * @param fraction the share of our count the server may read less, e.g. 0.02 for the same tokenizer
   * @param allow accept truncated answers (counted and warned about) instead of failing the call
   * @param firstWarning told once, with the numbers of the first truncated call
   */
  public PromptTruncationCheck(LlmBackend delegate, ToIntFunction<String> ourCount, double fraction, boolean allow, Consumer<String> firstWarning) {
    super(delegate);
    if (!(fraction >= 0 && fraction < 1)) throw new IllegalArgumentException("fraction must be in [0, 1), got " + fraction);
    this.ourCount = ourCount;
    this.fraction = fraction;
    this.allow = allow;
    this.firstWarning = firstWarning;
  }

  @Override
  public Completion complete(LlmRequest request) {
    Completion c = delegate().complete(request);
    if (c.promptTokens() <= 0) return c;
    int ours = ourCount.applyAsInt(request.prompt());
    if (ours - c.promptTokens() > Math.max(MIN_SLACK, fraction * ours)) {
      truncated.increment();
      if (warned.compareAndSet(false, true)) {
        firstWarning.accept("the server read " + c.promptTokens() + " of the " + ours + " prompt tokens sent: it cut the prompt"
            + " to fit its context" + (allow ? " (allowed by --allow-truncation)" : "") + "; see docs/rerank.md, Context limits");
      }
      if (!allow) {
        throw new LlmException("the server cut the prompt to fit its context (usage.prompt_tokens below the prompt's tokens);"
            + " raise its per-request context (llama.cpp --ctx-size / --parallel, Ollama num_ctx) or pass --allow-truncation",
            LlmException.Kind.TRUNCATED);
      }
    }
    return c;
  }

  /** Calls whose prompt the server cut. */
  public long truncatedCalls() {
    return truncated.sum();
  }
}
