package io.reasonrank.llm.openai;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reasonrank.io.Json;
import io.reasonrank.llm.ChatMessage;
import io.reasonrank.llm.Completion;
import io.reasonrank.llm.LlmRequest;
import io.reasonrank.llm.SamplingParams;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;

/**
 * The JSON of the OpenAI-compatible protocol as vLLM, SGLang, llama.cpp's server and Ollama speak it: request
 * bodies, completion responses, error bodies and the model list. Pure functions, no I/O.
 */
final class OpenAiProtocol {
  private OpenAiProtocol() {}

  /** Fields this class writes; {@code extraBody} may not replace them. */
  static final Set<String> MANAGED_FIELDS =
      Set.of("model", "prompt", "messages", "max_tokens", "temperature", "top_p", "top_k", "min_p", "min_tokens",
          "stop", "logprobs", "top_logprobs", "n", "stream");

  private static final int MAX_MESSAGE_CHARS = 500;

  /** Thrown for a 200 response whose body is not a usable completion ("garbage"); the caller retries it. */
  static final class MalformedResponseException extends Exception {
    MalformedResponseException(String message) {
      super(message);
    }
  }

  /**
   * The request body. Sampling fields left {@code null} in {@link SamplingParams} are omitted so the server's
   * defaults apply, which is what the reference does with vLLM's (docs/reference-behaviour.md §2). {@code top_k}, {@code min_p} and
   * {@code min_tokens} are extensions that vLLM and SGLang accept; strict OpenAI servers reject unknown fields,
   * so they are only sent when set. {@code skip_special_tokens} is not sent: vLLM and SGLang default it to
   * {@code true}, the reference's setting, and other servers do not know it ({@code extraBody} can add it).
   */
  static ObjectNode requestBody(Endpoint endpoint, String model, LlmRequest request, Map<String, ?> extraBody) {
    ObjectNode body = Json.MAPPER.createObjectNode();
    extraBody.forEach((k, v) -> body.set(k, Json.MAPPER.valueToTree(v)));
    body.put("model", model);
    if (endpoint == Endpoint.COMPLETIONS) {
      body.put("prompt", request.prompt());
    } else {
      ArrayNode messages = body.putArray("messages");
      for (ChatMessage m : request.messages()) messages.addObject().put("role", m.role()).put("content", m.content());
    }
    SamplingParams s = request.sampling();
    body.put("max_tokens", s.maxTokens());
    body.put("temperature", s.temperature());
    if (s.topP() != null) body.put("top_p", s.topP());
    if (s.topK() != null) body.put("top_k", s.topK());
    if (s.minP() != null) body.put("min_p", s.minP());
    if (s.minTokens() != null) body.put("min_tokens", s.minTokens());
    if (!s.stop().isEmpty()) {
      ArrayNode stop = body.putArray("stop");
      s.stop().forEach(stop::add);
    }
    if (s.logprobs() != null) {
      if (endpoint == Endpoint.COMPLETIONS) {
        body.put("logprobs", s.logprobs());
      } else {
        body.put("logprobs", true);
        body.put("top_logprobs", s.logprobs());
      }
    }
    body.put("n", 1);
    body.put("stream", false);
    return body;
  }

  /**
   * Reads {@code choices[0]} of a completion response.
   *
   * <p>Chat responses from servers started with a reasoning parser (vLLM/SGLang {@code --reasoning-parser},
   * Ollama with thinking models) move the thinking out of {@code content} into {@code reasoning_content} (or
   * {@code reasoning}). The reference sees the raw text, {@code <think>…</think>} included, and its parser
   * (docs/reference-behaviour.md §4) looks for {@code </think>\s*<answer>}; so the reasoning is put back as
   * {@code "<think>" + reasoning + "</think>" + content}, the shape the model wrote.
   */
  static Completion parseCompletion(Endpoint endpoint, String json) throws MalformedResponseException {
    JsonNode root;
    try {
      root = Json.MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new MalformedResponseException("unparseable JSON: " + oneLine(e.getOriginalMessage()));
    }
    if (root == null || !root.isObject()) throw new MalformedResponseException("response is not a JSON object");
    JsonNode choices = root.path("choices");
    if (!choices.isArray() || choices.isEmpty()) throw new MalformedResponseException("response has no choices");
    JsonNode choice = choices.get(0);
    String text;
    List<Map<String, Double>> top;
    if (endpoint == Endpoint.COMPLETIONS) {
      JsonNode t = choice.path("text");
      if (!t.isTextual()) throw new MalformedResponseException("choices[0].text is missing");
      text = t.asText();
      top = completionTopLogprobs(choice.path("logprobs"));
    } else {
      JsonNode message = choice.path("message");
      if (!message.isObject()) throw new MalformedResponseException("choices[0].message is missing");
      String content = textOrNull(message.path("content"));
      String reasoning = textOrNull(message.path("reasoning_content"));
      if (reasoning == null) reasoning = textOrNull(message.path("reasoning"));
      if (content == null && reasoning == null) {
        throw new MalformedResponseException("choices[0].message has no content");
      }
      text = (reasoning == null ? "" : "<think>" + reasoning + "</think>") + (content == null ? "" : content);
      top = chatTopLogprobs(choice.path("logprobs"));
    }
    JsonNode finish = choice.path("finish_reason");
    String finishReason = finish.isTextual() ? finish.asText() : "unknown";
    JsonNode usage = root.path("usage");
    return new Completion(
        text, usage.path("prompt_tokens").asInt(0), usage.path("completion_tokens").asInt(0), finishReason, top);
  }

  private static String textOrNull(JsonNode n) {
    return n.isTextual() ? n.asText() : null;
  }

  /** Completions shape: {@code logprobs.top_logprobs} is a list of {token: logprob} objects, one per token. */
  private static List<Map<String, Double>> completionTopLogprobs(JsonNode logprobs) {
    JsonNode top = logprobs.path("top_logprobs");
    if (!top.isArray()) return List.of();
    List<Map<String, Double>> out = new ArrayList<>(top.size());
    for (JsonNode position : top) {
      Map<String, Double> m = new LinkedHashMap<>();
      if (position.isObject()) position.properties().forEach(e -> m.put(e.getKey(), e.getValue().asDouble()));
      out.add(m);
    }
    return out;
  }

  /** Chat shape: {@code logprobs.content[i].top_logprobs} is a list of {token, logprob} objects. */
  private static List<Map<String, Double>> chatTopLogprobs(JsonNode logprobs) {
    JsonNode content = logprobs.path("content");
    if (!content.isArray()) return List.of();
    List<Map<String, Double>> out = new ArrayList<>(content.size());
    for (JsonNode position : content) {
      Map<String, Double> m = new LinkedHashMap<>();
      for (JsonNode alt : position.path("top_logprobs")) {
        m.put(alt.path("token").asText(), alt.path("logprob").asDouble());
      }
      out.add(m);
    }
    return out;
  }

  /**
   * The server's error message in one line: {@code error.message} (OpenAI, llama.cpp, Ollama, newer vLLM),
   * {@code message} (vLLM's {@code ErrorResponse}), {@code detail} (FastAPI validation), else the raw body.
   */
  static String errorMessage(String body) {
    String message = null;
    try {
      JsonNode root = Json.MAPPER.readTree(body);
      if (root != null && root.isObject()) {
        JsonNode error = root.path("error");
        if (error.path("message").isTextual()) message = error.path("message").asText();
        else if (error.isTextual()) message = error.asText();
        else if (root.path("message").isTextual()) message = root.path("message").asText();
        else if (root.has("detail")) message = root.get("detail").isTextual()
            ? root.get("detail").asText() : root.get("detail").toString();
      }
    } catch (JsonProcessingException e) {
      // not JSON: the raw body is the best message there is
    }
    return oneLine(message != null ? message : body);
  }

  /**
   * The served context length of {@code model} from a {@code GET /models} body: vLLM's and SGLang's
   * {@code max_model_len}, else {@code n_ctx}/{@code meta.n_ctx}/{@code context_length}, else llama.cpp's
   * {@code meta.n_ctx_train} (the training context, an upper bound: the server's {@code --ctx-size} may be
   * smaller). The entry whose {@code id} equals {@code model} is used, or the only entry when there is one.
   */
  static OptionalInt contextLength(String modelsJson, String model) {
    JsonNode root;
    try {
      root = Json.MAPPER.readTree(modelsJson);
    } catch (JsonProcessingException e) {
      return OptionalInt.empty();
    }
    JsonNode entry = modelEntry(root, model);
    if (entry == null) return OptionalInt.empty();
    for (JsonNode n : List.of(entry.path("max_model_len"), entry.path("n_ctx"), entry.path("meta").path("n_ctx"),
        entry.path("context_length"), entry.path("meta").path("n_ctx_train"))) {
      if (n.canConvertToInt() && n.isIntegralNumber() && n.asInt() > 0) return OptionalInt.of(n.asInt());
    }
    return OptionalInt.empty();
  }

  /** The id of the served model when there is exactly one, for a backend built without a model name. */
  static String onlyModelId(String modelsJson) throws MalformedResponseException {
    JsonNode data;
    try {
      data = Json.MAPPER.readTree(modelsJson).path("data");
    } catch (JsonProcessingException e) {
      throw new MalformedResponseException("unparseable JSON: " + oneLine(e.getOriginalMessage()));
    }
    if (!data.isArray() || data.isEmpty()) throw new MalformedResponseException("the server lists no models");
    if (data.size() > 1) {
      List<String> ids = new ArrayList<>();
      data.forEach(d -> ids.add(d.path("id").asText()));
      throw new MalformedResponseException("the server serves " + data.size() + " models " + ids + "; choose one");
    }
    String id = data.get(0).path("id").asText("");
    if (id.isEmpty()) throw new MalformedResponseException("the server's model has no id");
    return id;
  }

  private static JsonNode modelEntry(JsonNode root, String model) {
    JsonNode data = root == null ? null : root.path("data");
    if (data == null || !data.isArray()) return null;
    for (JsonNode d : data) if (d.path("id").asText().equals(model)) return d;
    return data.size() == 1 ? data.get(0) : null;
  }

  /** Collapses whitespace to single spaces and caps the length, so a message fits one log line. */
  static String oneLine(String s) {
    if (s == null) return "";
    String line = s.strip().replaceAll("\\s+", " ");
    return line.length() <= MAX_MESSAGE_CHARS ? line : line.substring(0, MAX_MESSAGE_CHARS) + "…";
  }
}
