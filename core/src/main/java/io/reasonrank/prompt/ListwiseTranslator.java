package io.reasonrank.prompt;

import io.reasonrank.llm.ChatMessage;
import io.reasonrank.llm.LlmRequest;
import io.reasonrank.model.Candidate;
import io.reasonrank.model.Document;
import io.reasonrank.model.Query;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The two ends of one listwise LLM call, in the style of a DJL {@code Translator}: a query and a window of
 * candidates become an {@link LlmRequest} ({@code create_prompt}, docs/reference-behaviour.md §1, with the mode's sampling of
 * §2), and the model's text becomes a window permutation ({@code receive_permutation}, §4). One instance
 * is immutable and safe to share between threads.
 */
public final class ListwiseTranslator {
  private final PromptMode mode;
  private final PassageTokenizer tokenizer;
  private final int maxPassageTokens;

  /**
   * @param maxPassageTokens passage truncation length in model tokens ({@link PassageLength#forDataset}: 100 for
   *     TREC/BEIR, 512 for BRIGHT/R2MED)
   */
  public ListwiseTranslator(PromptMode mode, PassageTokenizer tokenizer, int maxPassageTokens) {
    this.mode = Objects.requireNonNull(mode, "mode");
    this.tokenizer = Objects.requireNonNull(tokenizer, "tokenizer");
    if (maxPassageTokens < 1) throw new IllegalArgumentException("maxPassageTokens must be >= 1, got " + maxPassageTokens);
    this.maxPassageTokens = maxPassageTokens;
  }

  public PromptMode mode() {
    return mode;
  }

  public PassageTokenizer tokenizer() {
    return tokenizer;
  }

  public int maxPassageTokens() {
    return maxPassageTokens;
  }

  /** Renders the prompt for {@code window} (the candidates in the order the model will see them). */
  public RenderedPrompt render(String queryText, List<Document> window) {
    List<String> passages = new ArrayList<>(window.size());
    for (Document d : window) passages.add(renderPassage(d));
    return assemble(queryText, passages);
  }

  /**
   * One passage as it appears after its {@code "[i] "} ({@link ListwisePrompts#renderPassage}). A passage
   * renders the same in every window, so callers may reuse the result across the windows of a query.
   */
  public String renderPassage(Document doc) {
    return ListwisePrompts.renderPassage(doc, tokenizer, maxPassageTokens);
  }

  /** Builds the prompt from the raw query text and already rendered passages ({@link #renderPassage}). */
  public RenderedPrompt assemble(String queryText, List<String> renderedPassages) {
    String query = ListwisePrompts.processQuery(queryText);
    String user = ListwisePrompts.userMessage(mode, query, renderedPassages);
    String system = mode.systemPrompt();
    return new RenderedPrompt(system, user, ListwisePrompts.finalPrompt(system, user), renderedPassages);
  }

  /**
   * The request for one window. {@code prompt} is the faithful input (ChatML + whole-prompt fix_text);
   * {@code messages} carry the same turns for chat endpoints, which apply the template themselves and
   * skip that final fix_text (identical unless the user text needs fixing across turns).
   */
  public LlmRequest toRequest(Query query, List<Candidate> window) {
    return toRequest(render(query.text(), window.stream().map(Candidate::doc).toList()));
  }

  /** The request for an already rendered window prompt. */
  public LlmRequest toRequest(RenderedPrompt rendered) {
    return new LlmRequest(
        List.of(ChatMessage.system(rendered.systemPrompt()), ChatMessage.user(rendered.userMessage())),
        rendered.prompt(),
        mode.sampling(rendered.passages().size(), tokenizer));
  }

  /** Parses a response for a window of {@code windowSize} passages with this mode's rules. */
  public ParsedAnswer parse(String response, int windowSize) {
    return AnswerParser.parse(response, windowSize, mode.usesThinkAnswerPattern());
  }
}
