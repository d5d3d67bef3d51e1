package io.reasonrank.rerank.pointwise;

import io.reasonrank.llm.SamplingParams;
import io.reasonrank.model.Document;
import io.reasonrank.prompt.PassageTokenizer;
import io.reasonrank.text.PythonChars;
import java.util.List;
import java.util.Objects;

/**
 * The Rank1 pointwise prompt and sampling settings (docs/reference-behaviour.md §11), the baseline of the paper's
 * listwise-versus-pointwise cost comparison.
 *
 * <p><b>Prompt.</b> A completion prompt, no chat template:
 * <pre>
 * "Determine if the following passage is relevant to the query. Answer only with 'true' or 'false'.\n"
 *   + "Query: " + query + "\n" + "Passage: " + passage + "\n" + "&lt;think&gt;"
 * </pre>
 * Sources: docs/reference-behaviour.md §11 (from the jhu-clsp/rank1-* model cards) and Rank1's own {@code rank1.py}
 * ({@code orionw/rank1}, read through its verbatim copy {@code Vaibhav-Sahai/rank1-bench@7f81029:rank1.py},
 * {@code rank1.return_prompt}); both agree byte for byte. Rank1 fills in a per-dataset
 * {@code dataset_prompt} ({@code FILL_QUERY_HERE}) only for BRIGHT runs and passes the query as is otherwise;
 * this class takes the query text as given.
 *
 * <p><b>Passage text.</b> Rank1 uses the raw passage: no {@code fix_text}, no {@code replace_number}, no
 * truncation (its vLLM engine runs with {@code max_model_len} 16000 instead). A document with a title becomes
 * {@code title + " " + text} ({@code rank1.predict}: {@code f"{v['title']} {v['text']}" if 'title' in v}). Rank1
 * tests for the key, so an mteb corpus with an empty title gives {@code " " + text}; {@link Document} cannot
 * tell an absent title from an empty one, so an empty title gives the bare text here. Truncation to
 * {@code maxPassageTokens} model tokens ({@link PassageTokenizer#truncate}) is an option of this port, off by
 * default, for servers with a short context.
 */
public final class Rank1Prompt {

  /** The instruction line, without its newline. */
  public static final String INSTRUCTION =
      "Determine if the following passage is relevant to the query. Answer only with 'true' or 'false'.";

  /** Rank1's stop strings: generation ends right after the judgment token. */
  public static final List<String> STOP = List.of("</think> true", "</think> false");

  /** Rank1's {@code max_tokens} (the cards' {@code max_output_tokens}). */
  public static final int MAX_TOKENS = 8192;

  /** Top log-probabilities per generated token, as Rank1 asks vLLM for. */
  public static final int LOGPROBS = 20;

  /**
   * Rank1's sampling (docs/reference-behaviour.md §11): greedy, 8192 tokens, 20 top log-probabilities, the two stop strings.
   * {@code skip_special_tokens=False} is a server-side field that {@link SamplingParams} does not carry; an
   * OpenAI-compatible backend sends it with {@code extraBodyField("skip_special_tokens", false)}.
   */
  public static final SamplingParams SAMPLING =
      new SamplingParams(0.0, null, null, null, MAX_TOKENS, null, STOP, LOGPROBS);

  /**
   * Sampling of Rank1's forced-judgment call ({@code _fix_incomplete_responses}): greedy, one token, 20 top
   * log-probabilities. Rank1 also restricts that token to {@code allowed_token_ids=[" true", " false"]}, a vLLM
   * extension with no field here; the restriction renormalises both probabilities by the same factor, so the
   * relevance ratio is unchanged as long as both tokens are among the top 20 (otherwise Rank1's score is 0.5,
   * and so is ours).
   */
  public static final SamplingParams FORCED_SAMPLING =
      new SamplingParams(0.0, null, null, null, 1, null, List.of(), LOGPROBS);

  private final PassageTokenizer tokenizer;
  private final int maxPassageTokens;

  private Rank1Prompt(PassageTokenizer tokenizer, int maxPassageTokens) {
    this.tokenizer = tokenizer;
    this.maxPassageTokens = maxPassageTokens;
  }

  /** Rank1 as published: the raw passage, never truncated. */
  public static Rank1Prompt raw() {
    return new Rank1Prompt(null, 0);
  }

  /**
   * Passages cut to their first {@code maxPassageTokens} model tokens.
   *
   * @throws IllegalArgumentException when {@code maxPassageTokens < 1}
   */
  public static Rank1Prompt truncating(PassageTokenizer tokenizer, int maxPassageTokens) {
    Objects.requireNonNull(tokenizer, "tokenizer");
    if (maxPassageTokens < 1) {
      throw new IllegalArgumentException("maxPassageTokens must be >= 1, got " + maxPassageTokens);
    }
    return new Rank1Prompt(tokenizer, maxPassageTokens);
  }

  /** The passage limit in tokens; 0 when passages are not truncated. */
  public int maxPassageTokens() {
    return maxPassageTokens;
  }

  /** The prompt for one (query, document) pair. */
  public String render(String query, Document doc) {
    Objects.requireNonNull(doc, "doc");
    return build(query, passageText(doc));
  }

  /** The passage as Rank1 sees it: {@code title + " " + text} when there is a title, then the optional cut. */
  public String passageText(Document doc) {
    String passage = doc.title().isEmpty() ? doc.text() : doc.title() + " " + doc.text();
    return tokenizer == null ? passage : tokenizer.truncate(passage, maxPassageTokens);
  }

  /** The exact prompt string for a query and an already rendered passage. */
  public static String build(String query, String passage) {
    Objects.requireNonNull(query, "query");
    Objects.requireNonNull(passage, "passage");
    return INSTRUCTION + "\nQuery: " + query + "\nPassage: " + passage + "\n<think>";
  }

  /**
   * The prompt of Rank1's forced-judgment call for a generation that did not end in a judgment
   * ({@code _fix_incomplete_responses}): the generated text right-stripped, cut after its last {@code .},
   * {@code !} or {@code ?} when it does not already end in one, stripped, then
   * {@code prompt + "\n" + cleaned + "\n</think>"}. Strip is Python's {@code str.strip} (Unicode whitespace).
   * This follows {@code rank1.py} as released; an earlier copy of the same routine in the authors' mteb fork
   * ({@code ReSquaredReranker}) joined {@code prompt + cleaned + "\n</think>"} without the newline and
   * without the final strip. docs/reference-behaviour.md §11 (from the model cards) does not describe this call at all.
   */
  public static String forcedJudgmentPrompt(String prompt, String generated) {
    Objects.requireNonNull(prompt, "prompt");
    String text = rstrip(Objects.requireNonNull(generated, "generated"));
    if (!(text.endsWith(".") || text.endsWith("!") || text.endsWith("?"))) {
      int last = Math.max(text.lastIndexOf('.'), Math.max(text.lastIndexOf('!'), text.lastIndexOf('?')));
      if (last != -1) text = text.substring(0, last + 1);
    }
    return prompt + "\n" + PythonChars.strip(text) + "\n</think>";
  }

  private static String rstrip(String s) {
    int end = s.length();
    while (end > 0) {
      int cp = s.codePointBefore(end);
      if (!PythonChars.isSpace(cp)) break;
      end -= Character.charCount(cp);
    }
    return s.substring(0, end);
  }
}
