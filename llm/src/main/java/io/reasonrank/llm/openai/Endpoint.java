package io.reasonrank.llm.openai;

/**
 * Which OpenAI-compatible generation endpoint a request goes to.
 *
 * <p>{@link #COMPLETIONS} sends {@code LlmRequest.prompt()}, the ChatML string the reference feeds vLLM after
 * the whole-prompt {@code fix_text} (docs/reference-behaviour.md §1.6–1.7), so the model sees exactly the reference's tokens: the
 * faithful path. {@link #CHAT} sends {@code LlmRequest.messages()} and lets the server apply its own chat
 * template; use it for servers without a raw completions endpoint, knowing the rendering (and so the tokens)
 * is the server's.
 */
public enum Endpoint {
  /** {@code POST {base}/completions} with {@code prompt}. */
  COMPLETIONS("/completions"),
  /** {@code POST {base}/chat/completions} with {@code messages}. */
  CHAT("/chat/completions");

  private final String path;

  Endpoint(String path) {
    this.path = path;
  }

  /** The path below the base URL, starting with {@code /}. */
  public String path() {
    return path;
  }
}
