package io.reasonrank.testing;

import io.reasonrank.llm.Completion;
import io.reasonrank.llm.LlmBackend;
import io.reasonrank.llm.LlmException;
import io.reasonrank.llm.LlmRequest;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Test double: an {@link LlmBackend} answering every request with a pure function of its {@code prompt}
 * (normally {@link ScriptedLlm}). It records the prompts it saw, and can be told to fail chosen calls with
 * an {@link LlmException} to exercise failure handling.
 */
public final class ScriptedLlmBackend implements LlmBackend {
  private final Function<String, String> responder;
  private final Predicate<String> failWhen;
  private final List<LlmRequest> requests = new CopyOnWriteArrayList<>();

  public ScriptedLlmBackend(Function<String, String> responder) {
    this(responder, prompt -> false);
  }

  /** @param failWhen prompts for which {@link #complete} throws a non-retryable {@link LlmException} */
  public ScriptedLlmBackend(Function<String, String> responder, Predicate<String> failWhen) {
    this.responder = responder;
    this.failWhen = failWhen;
  }

  /** The scripted LLM of the data README. */
  public static ScriptedLlmBackend scripted() {
    return new ScriptedLlmBackend(new ScriptedLlm());
  }

  @Override
  public Completion complete(LlmRequest request) {
    requests.add(request);
    if (failWhen.test(request.prompt())) throw new LlmException("scripted failure", false);
    return new Completion(responder.apply(request.prompt()), 0, 0, "stop");
  }

  @Override
  public String model() {
    return "scripted";
  }

  /** Every request received, in arrival order. */
  public List<LlmRequest> requests() {
    return List.copyOf(requests);
  }
}
