package io.reasonrank.llm.cache;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.reasonrank.io.Json;
import io.reasonrank.llm.ChatMessage;
import io.reasonrank.llm.LlmRequest;
import io.reasonrank.llm.SamplingParams;
import io.reasonrank.text.Sha256;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything that determines a completion: the model, the backend kind and endpoint (a completions
 * endpoint and a chat endpoint of one server render differently), the full prompt, the chat messages
 * and every sampling parameter. {@link #sha256()} hashes a canonical JSON of all of them, so changing
 * any byte of the prompt or any sampling value gives another key. {@code VERSION} is part of the
 * hashed text: a future change of the key's layout will never replay answers stored under the old one.
 */
public record CacheKey(String model, String backend, String prompt, List<ChatMessage> messages, SamplingParams sampling) {
  static final int VERSION = 1;

  public CacheKey {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(backend, "backend");
    Objects.requireNonNull(prompt, "prompt");
    messages = List.copyOf(messages);
    Objects.requireNonNull(sampling, "sampling");
  }

  public static CacheKey of(String model, String backend, LlmRequest request) {
    return new CacheKey(model, backend, request.prompt(), request.messages(), request.sampling());
  }

  /** The messages as a JSON array of {role, content}, as stored. */
  public String messagesJson() {
    List<Map<String, String>> out = new ArrayList<>(messages.size());
    for (ChatMessage m : messages) {
      Map<String, String> one = new LinkedHashMap<>();
      one.put("role", m.role());
      one.put("content", m.content());
      out.add(one);
    }
    return write(out);
  }

  /** Every sampling field in a fixed order; nulls are kept, since "server default" differs from any value. */
  public String samplingJson() {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("temperature", sampling.temperature());
    s.put("top_p", sampling.topP());
    s.put("top_k", sampling.topK());
    s.put("min_p", sampling.minP());
    s.put("max_tokens", sampling.maxTokens());
    s.put("min_tokens", sampling.minTokens());
    s.put("stop", sampling.stop());
    s.put("logprobs", sampling.logprobs());
    return write(s);
  }

  /** The text that is hashed: one JSON object, fields in a fixed order. */
  public String canonical() {
    return canonical(messagesJson(), samplingJson());
  }

  /** Lower-case hex sha256 of the UTF-8 canonical text. */
  public String sha256() {
    return sha256(messagesJson(), samplingJson());
  }

  // The cache computes the two JSON parts once per lookup and reuses them for the stored columns.
  String sha256(String messagesJson, String samplingJson) {
    return Sha256.hex(canonical(messagesJson, samplingJson));
  }

  private String canonical(String messagesJson, String samplingJson) {
    Map<String, Object> k = new LinkedHashMap<>();
    k.put("v", VERSION);
    k.put("model", model);
    k.put("backend", backend);
    k.put("prompt", prompt);
    k.put("messages", messagesJson);
    k.put("sampling", samplingJson);
    return write(k);
  }

  private static String write(Object value) {
    try {
      return Json.MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise cache key part", e);
    }
  }
}
