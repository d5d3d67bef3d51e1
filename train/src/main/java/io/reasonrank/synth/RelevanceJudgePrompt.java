package io.reasonrank.synth;

import io.reasonrank.llm.ChatMessage;
import io.reasonrank.llm.LlmRequest;
import io.reasonrank.llm.SamplingParams;
import io.reasonrank.prompt.ListwisePrompts;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The teacher's pointwise relevance prompt and the parser of its judgment.
 *
 * <p><b>This prompt is ours, not the paper's.</b> The paper labels positives with DeepSeek-R1 through its Figs. 6,
 * 7, 9–11 prompts, which also show R1 the gold answer (docs/reference-behaviour.md §9); those prompts are not in the reference repository. Here the teacher
 * gets only the query and one passage (rendered exactly as in the listwise prompt, §1.5, so both labels see the
 * same text) and is asked for a binary judgment: "1 for P⁺, 0 for the rest" (§9). A reasoning teacher may think
 * first; the verdict is taken after its {@code </think>}.
 *
 * <p>Parsing ({@link #parse}): drop everything up to the last {@code </think>}; then the last
 * {@code Relevant: yes|no|1|0|true|false} (case-insensitive) wins; failing that, the first word of the remaining
 * text if it is one of those; failing that, the last such word anywhere in it. {@code yes/1/true} is relevant.
 * No verdict at all gives {@link Optional#empty()}.
 */
public final class RelevanceJudgePrompt {

  /** The system turn. */
  public static final String SYSTEM =
      "You are a relevance assessor. You judge whether a passage is relevant to a search query, that is, whether it"
          + " contains information that helps answer the query or reason towards its answer.";

  /** The user turn's instruction; the query and passage follow it. */
  public static final String INSTRUCTION =
      "Judge whether the passage below is relevant to the search query. A passage is relevant if it provides"
          + " information, evidence, a method or a theorem that helps answer the query; a passage that only shares"
          + " words with the query is not relevant. End your reply with one line of the form \"Relevant: yes\" or"
          + " \"Relevant: no\".";

  private static final String VERDICT_WORD = "(yes|no|true|false|1|0)";
  private static final Pattern LABELLED = Pattern.compile("relevant\\s*[:：]\\s*\\**\\s*" + VERDICT_WORD + "\\b",
      Pattern.CASE_INSENSITIVE);
  private static final Pattern WORD = Pattern.compile("\\b" + VERDICT_WORD + "\\b", Pattern.CASE_INSENSITIVE);
  private static final Pattern FIRST = Pattern.compile("^\\W*" + VERDICT_WORD + "\\b", Pattern.CASE_INSENSITIVE);

  private RelevanceJudgePrompt() {}

  /** The user turn for one (query, rendered passage) pair. */
  public static String userMessage(String query, String renderedPassage) {
    return INSTRUCTION + "\n\nSearch Query: " + ListwisePrompts.processQuery(query) + "\n\nPassage: " + renderedPassage;
  }

  /**
   * The request: system + user turns for chat endpoints and their ChatML rendering (§1.6) for completion
   * endpoints, with {@code sampling}.
   */
  public static LlmRequest request(String query, String renderedPassage, SamplingParams sampling) {
    String user = userMessage(query, renderedPassage);
    return new LlmRequest(List.of(ChatMessage.system(SYSTEM), ChatMessage.user(user)),
        ListwisePrompts.chatMl(SYSTEM, user), sampling);
  }

  /** The judgment in {@code response}: true for relevant, false for not, empty when there is none. */
  public static Optional<Boolean> parse(String response) {
    String text = response;
    int end = text.lastIndexOf("</think>");
    if (end >= 0) text = text.substring(end + "</think>".length());
    Matcher m = LABELLED.matcher(text);
    String verdict = null;
    while (m.find()) verdict = m.group(1);
    if (verdict == null) {
      Matcher f = FIRST.matcher(text.strip());
      if (f.find()) verdict = f.group(1);
    }
    if (verdict == null) {
      Matcher w = WORD.matcher(text);
      while (w.find()) verdict = w.group(1);
    }
    if (verdict == null) return Optional.empty();
    String v = verdict.toLowerCase(Locale.ROOT);
    return Optional.of(v.equals("yes") || v.equals("true") || v.equals("1"));
  }
}
