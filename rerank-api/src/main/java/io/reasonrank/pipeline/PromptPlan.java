package io.reasonrank.pipeline;

import io.reasonrank.llm.Completion;
import io.reasonrank.llm.LlmBackend;
import io.reasonrank.llm.LlmRequest;
import io.reasonrank.llm.tokenizer.HfTokenizer;
import io.reasonrank.model.Candidate;
import io.reasonrank.model.Document;
import io.reasonrank.model.RerankRequest;
import io.reasonrank.prompt.ListwiseTranslator;
import io.reasonrank.prompt.PromptMode;
import io.reasonrank.rerank.CallPlan;
import io.reasonrank.rerank.Reranker;
import io.reasonrank.rerank.ScoreMode;
import io.reasonrank.rerank.WindowSettings;
import io.reasonrank.rerank.pointwise.Rank1Prompt;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.IntConsumer;

/**
 * The prompts a strategy sends, for the dry run's cost model and the context check. The calls come from the
 * strategy's own {@link Reranker#callPlan} (exact for the sliding window, the full list and pointwise; an upper bound
 * for top-down), built over the first-stage order; a later sliding window's content depends on earlier answers, so its
 * prompt is built over the initial order (same passages cut the same way, so the token count moves only with which
 * passages share a window).
 */
public final class PromptPlan {
  /** The planning reranker's backend: planning never calls the model. */
  private static final LlmBackend NO_CALLS = new LlmBackend() {
    @Override
    public Completion complete(LlmRequest request) {
      throw new IllegalStateException("a call plan makes no LLM call");
    }

    @Override
    public String model() {
      return "none";
    }
  };

  private final Strategy strategy;
  private final PromptMode mode;
  private final HfTokenizer tokenizer;
  private final int passageTokens;
  private final WindowSettings settings;
  private final Reranker planner;

  /** @throws IllegalArgumentException or IllegalStateException when the strategy's reranker refuses the settings */
  public PromptPlan(Strategy strategy, PromptMode mode, HfTokenizer tokenizer, int passageTokens, WindowSettings settings) {
    this.strategy = Objects.requireNonNull(strategy, "strategy");
    this.mode = Objects.requireNonNull(mode, "mode");
    this.tokenizer = Objects.requireNonNull(tokenizer, "tokenizer");
    this.passageTokens = passageTokens;
    this.settings = Objects.requireNonNull(settings, "settings");
    this.planner = strategy.reranker(NO_CALLS, mode, tokenizer, passageTokens, settings, ScoreMode.POSITIONAL);
  }

  /** The strategy planned. */
  public Strategy strategy() {
    return strategy;
  }

  /** The prompt mode. */
  public PromptMode mode() {
    return mode;
  }

  /** The tokenizer that counts the prompts. */
  public HfTokenizer tokenizer() {
    return tokenizer;
  }

  /** Passage truncation in model tokens. */
  public int passageTokens() {
    return passageTokens;
  }

  /** Window, step and top-k. */
  public WindowSettings settings() {
    return settings;
  }

  /** The strategy's max_tokens per call (docs/reference-behaviour.md §2; Rank1's for pointwise). */
  public int maxTokens() {
    if (strategy == Strategy.POINTWISE) return Rank1Prompt.MAX_TOKENS;
    return mode.sampling(callSize(), tokenizer).maxTokens();
  }

  /** Passages per listwise call: the window, or the whole top-k for the full-list strategy. */
  public int callSize() {
    return strategy == Strategy.FULL ? settings.topK() : settings.windowSize();
  }

  /** The strategy's own plan for these candidates. */
  public CallPlan callPlan(List<Candidate> candidates) {
    return planner.callPlan(candidates);
  }

  /**
   * An upper bound on any prompt's tokens over these requests: {@link #promptUpperBound(String, int)} of each
   * request's query and candidate count, maximized.
   */
  public int promptUpperBound(List<RerankRequest> requests) {
    int max = 0;
    for (RerankRequest r : requests) max = Math.max(max, promptUpperBound(r.query().text(), r.candidates().size()));
    return max;
  }

  /**
   * An upper bound on the tokens of any prompt for a query with {@code candidates} candidates: the prompt with empty
   * passages (system prompt, query, identifiers and instructions) for the largest call of the strategy's plan, plus
   * {@code max_passage_tokens + 16} per passage, since a rendered passage is cut to that many tokens and the margin
   * covers tokens merged differently at the boundaries. No prompt is rendered, so it is cheap; the readiness check
   * of the service asks it with an empty query.
   */
  public int promptUpperBound(String queryText, int candidates) {
    List<Candidate> placeholders = new ArrayList<>(candidates);
    for (int i = 0; i < candidates; i++) placeholders.add(new Candidate(Document.of("p" + i, ""), candidates - i));
    int k = 0;
    for (List<Candidate> call : planner.callPlan(placeholders).calls()) k = Math.max(k, call.size());
    int frame = strategy == Strategy.POINTWISE
        ? tokenizer.countTokens(Rank1Prompt.build(queryText, ""))
        : tokenizer.countTokens(new ListwiseTranslator(mode, tokenizer, passageTokens).assemble(queryText, Collections.nCopies(k, "")).prompt());
    return frame + k * (passageTokens + 16);
  }

  /**
   * The dry run's counts: calls, input tokens of every planned prompt, the largest prompt, and how the calls and the
   * tokens were derived.
   */
  public record Estimate(long calls, long inputTokens, int maxPromptTokens, String callsNote, String tokensNote) {}

  /** The estimate over {@code requests}, prompts rendered and counted with the tokenizer. */
  public Estimate estimate(List<RerankRequest> requests) {
    return estimate(requests, done -> {});
  }

  /** As {@link #estimate(List)}, telling {@code onQuery} how many queries are counted after each one. */
  public Estimate estimate(List<RerankRequest> requests, IntConsumer onQuery) {
    ListwiseTranslator tr = new ListwiseTranslator(mode, tokenizer, passageTokens);
    Rank1Prompt rank1 = strategy == Strategy.POINTWISE ? Rank1Prompt.truncating(tokenizer, passageTokens) : null;
    long calls = 0, tokens = 0;
    int max = 0;
    int counted = 0;
    String callsNote = planner.callPlan(List.of()).note();
    for (RerankRequest r : requests) {
      CallPlan plan = planner.callPlan(r.candidates());
      callsNote = plan.note();
      Map<Document, String> rendered = new HashMap<>();
      for (List<Candidate> w : plan.calls()) {
        int t;
        if (rank1 != null) {
          t = tokenizer.countTokens(rank1.render(r.query().text(), w.getFirst().doc()));
        } else {
          List<String> passages = new ArrayList<>(w.size());
          for (Candidate cand : w) passages.add(rendered.computeIfAbsent(cand.doc(), tr::renderPassage));
          t = tokenizer.countTokens(tr.assemble(r.query().text(), passages).prompt());
        }
        calls++;
        tokens += t;
        max = Math.max(max, t);
      }
      onQuery.accept(++counted);
    }
    String tokensNote = switch (strategy) {
      case SLIDING -> "prompts of the initial order: later windows' contents depend on earlier answers";
      case FULL, POINTWISE -> "the prompts sent";
      case TOPDOWN -> "worst-case prompts over the initial order (pivot = initial cutoff-th passage)";
    };
    return new Estimate(calls, tokens, max, callsNote, tokensNote);
  }
}
