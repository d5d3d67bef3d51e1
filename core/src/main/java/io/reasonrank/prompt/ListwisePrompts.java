package io.reasonrank.prompt;

import io.reasonrank.model.Document;
import io.reasonrank.text.Ftfy;
import io.reasonrank.text.PythonChars;
import java.util.List;
import java.util.Map;

/**
 * The reference's listwise prompt pieces, byte for byte (docs/reference-behaviour.md §1; {@code listwise_prompt_r1.toml},
 * {@code utils.add_prefix_prompt}/{@code add_post_prompt}/{@code convert_doc_to_prompt_content}/
 * {@code replace_number} and {@code rank_listwise_os_llm.create_prompt} of 8421BCD/ReasonRank@06721fd).
 *
 * <p>Every string here is a contract: the released models were trained on exactly these prompts, so a
 * changed byte (a missing blank line, a dropped period after the query) is a distribution shift. The
 * golden tests compare 857 rendered windows with the reference's own output.
 */
public final class ListwisePrompts {
  private ListwisePrompts() {}

  /** {@code system_prompt} of {@code listwise_prompt_r1.toml} (modes {@code rank_GPT}, {@code rank_GPT_qwen3}). */
  public static final String SYSTEM_PROMPT =
      "You are RankLLM, an intelligent assistant that can rank passages based on their relevance to the query.";

  /**
   * {@code system_prompt_reasoning} (mode {@code rank_GPT_reasoning}, reasonrank-7B/32B). The grammar
   * error "you first thinks" is the reference's and is kept.
   */
  public static final String SYSTEM_PROMPT_REASONING =
      "You are RankLLM, an intelligent assistant that can rank passages based on their relevance to the query."
          + " Given a query and a passage list, you first thinks about the reasoning process in the mind and then"
          + " provides the answer (i.e., the reranked passage list). The reasoning process and answer are enclosed"
          + " within <think> </think> and <answer> </answer> tags, respectively, i.e., <think> reasoning process"
          + " here </think> <answer> answer here </answer>.";

  /** The {@code pattern} of {@code listwise_prompt_r1.toml}, as written there (Python regex syntax). */
  public static final String ANSWER_PATTERN = "<think>.*?</think>\\s*<answer>(.*?)</answer>";

  /** Fields a document's text may come from, in the reference's order of precedence (§1.5 step 1). */
  public static final List<String> CONTENT_FIELDS = List.of("text", "segment", "contents", "body", "passage");

  /**
   * The prefix line (§1.2), the same for the three modes. It already ends in {@code \n}; the user message
   * adds another, hence the blank line before {@code [1]}.
   */
  public static String prefix(String query, int num) {
    return "I will provide you with " + num + " passages, each indicated by a numerical identifier []."
        + " Rank the passages based on their relevance to the search query: " + query + ".\n";
  }

  /**
   * {@code replace_number}: {@code re.sub(r"\[(\d+)\]", r"(\1)", s)}. Python's {@code \d} on {@code str}
   * is any Unicode decimal digit, taken from {@link PythonChars#isDecimal} (CPython's tables) rather than
   * Java's {@code \p{Nd}}, whose newer Unicode version may differ.
   */
  public static String replaceNumber(String s) {
    int open = s.indexOf('[');
    if (open < 0) return s;
    StringBuilder out = new StringBuilder(s.length());
    int copied = 0;
    while (open >= 0) {
      int j = open + 1;
      while (j < s.length()) {
        int cp = s.codePointAt(j);
        if (!PythonChars.isDecimal(cp)) break;
        j += Character.charCount(cp);
      }
      if (j > open + 1 && j < s.length() && s.charAt(j) == ']') {
        out.append(s, copied, open).append('(').append(s, open + 1, j).append(')');
        copied = j + 1;
        open = s.indexOf('[', copied);
      } else {
        open = s.indexOf('[', open + 1);
      }
    }
    return out.append(s, copied, s.length()).toString();
  }

  /** The query as the prompt shows it: {@code replace_number(query).strip()} (§1.4); no truncation, no fix_text. */
  public static String processQuery(String queryText) {
    return PythonChars.strip(replaceNumber(queryText));
  }

  /**
   * A document's raw prompt content before cleaning (§1.5 steps 1–2): the text, prefixed by
   * {@code "Title: " + title + " Content: "} when the title is non-empty.
   */
  public static String rawContent(Document doc) {
    return doc.title().isEmpty() ? doc.text() : "Title: " + doc.title() + " " + "Content: " + doc.text();
  }

  /**
   * Builds a {@link Document} from a raw JSON-like field map with the reference's precedence
   * {@code text > segment > contents > body > passage}: the first field that is present wins, even if empty
   * (Python's {@code "text" in doc}).
   *
   * @throws IllegalArgumentException when none of the content fields is present
   */
  public static Document documentOf(String docid, Map<String, String> fields) {
    for (String f : CONTENT_FIELDS) {
      if (fields.containsKey(f)) {
        String text = fields.get(f);
        return new Document(docid, fields.getOrDefault("title", ""), text == null ? "" : text);
      }
    }
    throw new IllegalArgumentException(
        "document " + docid + " has none of the content fields " + String.join(", ", CONTENT_FIELDS));
  }

  /**
   * {@code convert_doc_to_prompt_content(tokenizer, doc, max_length, truncate_by_word=False)} (§1.5):
   * title rule, Python {@code strip}, ftfy {@code fix_text}, truncation to {@code maxTokens} model tokens
   * ({@code convert_tokens_to_string(tokenize(x)[:max])}), then {@code replace_number}. The order matters:
   * numbers are replaced after the cut, so a cut inside {@code [12]} leaves {@code [1} as is.
   */
  public static String renderPassage(Document doc, PassageTokenizer tokenizer, int maxTokens) {
    String content = PythonChars.strip(rawContent(doc));
    content = Ftfy.fixText(content);
    content = tokenizer.truncate(content, maxTokens);
    return replaceNumber(content);
  }

  /**
   * The user turn (§1.3): prefix, a newline (so a blank line follows the prefix), one
   * {@code "[i] " + passage + "\n"} per passage with window-local ids from 1, then the post prompt.
   *
   * @param query the processed query ({@link #processQuery})
   * @param passages the rendered passages ({@link #renderPassage})
   */
  public static String userMessage(PromptMode mode, String query, List<String> passages) {
    int num = passages.size();
    StringBuilder sb = new StringBuilder(256 + passages.stream().mapToInt(String::length).sum());
    sb.append(prefix(query, num)).append('\n');
    for (int i = 0; i < num; i++) {
      sb.append('[').append(i + 1).append("] ").append(passages.get(i)).append('\n');
    }
    return sb.append(mode.postPrompt(query, num)).toString();
  }

  /**
   * Qwen2.5/Qwen3 ChatML as {@code apply_chat_template(messages, tokenize=False, add_generation_prompt=True)}
   * renders a system and a user turn (§1.6). A system turn is always given, so Qwen's default system
   * prompt is never injected; nothing is prefilled after {@code assistant\n}.
   */
  public static String chatMl(String system, String user) {
    return "<|im_start|>system\n" + system + "<|im_end|>\n<|im_start|>user\n" + user
        + "<|im_end|>\n<|im_start|>assistant\n";
  }

  /** The string given to the model: {@code fix_text} over the whole ChatML rendering (§1.7). */
  public static String finalPrompt(String system, String user) {
    return Ftfy.fixText(chatMl(system, user));
  }
}
