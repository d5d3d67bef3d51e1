package io.reasonrank.prompt;

import io.reasonrank.llm.SamplingParams;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The reference's prompt modes ({@code --prompt_mode}; docs/reference-behaviour.md §1–§2 and §4). A mode fixes the system
 * prompt, the post prompt, whether the {@code <think>…</think><answer>…</answer>} pattern is tried when
 * parsing, and the sampling settings of {@code run_llm_batched}.
 */
public enum PromptMode {
  /** reasonrank-7B/32B: reasoning system prompt, greedy, up to {@code reasoning_maxlen + 100} = 3172 tokens. */
  RANK_GPT_REASONING("rank_GPT_reasoning", ListwisePrompts.SYSTEM_PROMPT_REASONING, true,
      " The format of the answer should be [] > [], e.g., [2] > [1]."),
  /** Non-reasoning RankGPT prompt: greedy with exactly as many tokens as {@code "[1] > … > [n]"} takes. */
  RANK_GPT("rank_GPT", ListwisePrompts.SYSTEM_PROMPT, false,
      " The output format should be [] > [], e.g., [2] > [1]. Only respond with the ranking results, do not say any word or explain."),
  /** reasonrank-8B (Qwen3): plain system prompt, answer in {@code <answer>} tags, sampled 0.6/0.95/20/0. */
  RANK_GPT_QWEN3("rank_GPT_qwen3", ListwisePrompts.SYSTEM_PROMPT, true,
      " The final ranked list should be enclosed within <answer> </answer> tags, i.e., <answer> ranked list here </answer>."
          + " The format of ranked list should be [] > [], e.g., [2] > [1]. Only respond with the ranking results, do not say any word or explain.");

  /** {@code args.reasoning_maxlen + 100} with the script's {@code --reasoning_maxlen 3072} (docs/reference-behaviour.md §2). */
  public static final int REASONING_MAX_TOKENS = 3172;

  private final String id;
  private final String systemPrompt;
  private final boolean thinkAnswerPattern;
  private final String postTail;

  PromptMode(String id, String systemPrompt, boolean thinkAnswerPattern, String postTail) {
    this.id = id;
    this.systemPrompt = systemPrompt;
    this.thinkAnswerPattern = thinkAnswerPattern;
    this.postTail = postTail;
  }

  /** The reference's name, e.g. {@code rank_GPT_reasoning}. */
  public String id() {
    return id;
  }

  public String systemPrompt() {
    return systemPrompt;
  }

  /** Whether the parser tries the think/answer pattern and the {@code <answer>} split first (docs/reference-behaviour.md §4 step 1). */
  public boolean usesThinkAnswerPattern() {
    return thinkAnswerPattern;
  }

  /**
   * The post prompt (§1.2): {@code "Search Query: {query}.\nRank the {num} passages above … descending order
   * of relevance."} followed by the mode's format instruction. It does not end in a newline.
   */
  public String postPrompt(String query, int num) {
    return "Search Query: " + query + ".\nRank the " + num + " passages above based on their relevance to the"
        + " search query. All the passages should be included and listed using identifiers, in descending order"
        + " of relevance." + postTail;
  }

  /**
   * The sampling settings for a window of {@code windowSize} passages (docs/reference-behaviour.md §2). Only {@code rank_GPT}
   * needs the tokenizer: {@code max_tokens = min_tokens = len(tok.encode(" > ".join("[1]".."[n]")))}.
   */
  public SamplingParams sampling(int windowSize, PassageTokenizer tokenizer) {
    return switch (this) {
      case RANK_GPT_REASONING -> SamplingParams.greedy(REASONING_MAX_TOKENS);
      case RANK_GPT_QWEN3 -> new SamplingParams(0.6, 0.95, 20, 0.0, REASONING_MAX_TOKENS, null, List.of(), null);
      case RANK_GPT -> {
        int n = rankingTokens(windowSize, tokenizer);
        yield new SamplingParams(0.0, null, null, null, n, n, List.of(), null);
      }
    };
  }

  /** Token count of {@code "[1] > [2] > … > [n]"}, the length of a bare ranking (the reference's {@code num_output_tokens}). */
  public static int rankingTokens(int windowSize, PassageTokenizer tokenizer) {
    if (windowSize < 1) throw new IllegalArgumentException("windowSize must be >= 1, got " + windowSize);
    String ranking = IntStream.rangeClosed(1, windowSize).mapToObj(i -> "[" + i + "]").collect(Collectors.joining(" > "));
    return tokenizer.countTokens(ranking);
  }

  /**
   * Parses the reference's mode name (exact spelling, e.g. {@code rank_GPT_reasoning}).
   *
   * @throws IllegalArgumentException naming the valid modes
   */
  public static PromptMode parse(String name) {
    for (PromptMode m : values()) {
      if (m.id.equals(name)) return m;
    }
    String valid = Arrays.stream(values()).map(PromptMode::id).collect(Collectors.joining(", "));
    String hint = "";
    for (PromptMode m : values()) {
      if (name != null && m.id.toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))) hint = " (did you mean " + m.id + "?)";
    }
    throw new IllegalArgumentException("unknown prompt mode '" + name + "'" + hint + "; valid modes: " + valid);
  }

  @Override
  public String toString() {
    return id;
  }
}
