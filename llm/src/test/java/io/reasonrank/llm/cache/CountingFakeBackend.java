package io.reasonrank.llm.cache;

import io.reasonrank.llm.Completion;
import io.reasonrank.llm.LlmBackend;
import io.reasonrank.llm.LlmException;
import io.reasonrank.llm.LlmRequest;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Test double of a model: answers {@code "<tag> answer to <prompt>"} (the tag tells runs apart), with
 * token counts derived from the lengths, counts every call per prompt, and fails with a retryable
 * {@link LlmException} for prompts in {@code failing}.
 */
public final class CountingFakeBackend implements LlmBackend {
  private final String tag;
  private final Set<String> failing;
  public final AtomicInteger calls = new AtomicInteger();
  public final Map<String, AtomicInteger> callsByPrompt = new ConcurrentHashMap<>();

  public CountingFakeBackend(String tag, Set<String> failing) {
    this.tag = tag;
    this.failing = Set.copyOf(failing);
  }

  public CountingFakeBackend(String tag) {
    this(tag, Set.of());
  }

  @Override
  public Completion complete(LlmRequest request) {
    calls.incrementAndGet();
    callsByPrompt.computeIfAbsent(request.prompt(), p -> new AtomicInteger()).incrementAndGet();
    if (failing.contains(request.prompt())) throw new LlmException("scripted failure", true);
    String text = tag + " answer to " + request.prompt();
    List<Map<String, Double>> logprobs = request.sampling().logprobs() == null
        ? List.of()
        : List.of(Map.of(" true", -0.25, " false", -1.5));
    return new Completion(text, request.prompt().length(), text.length(), "stop", logprobs);
  }

  @Override
  public String model() {
    return "fake-model";
  }

  @Override
  public int capacity() {
    return 4;
  }
}
