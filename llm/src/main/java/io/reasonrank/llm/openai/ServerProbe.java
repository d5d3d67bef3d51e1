package io.reasonrank.llm.openai;

import com.fasterxml.jackson.databind.JsonNode;
import io.reasonrank.io.Json;
import io.reasonrank.llm.LlmException;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads, once per backend, the model list and the context the server really enforces (docs/rerank.md, "Context
 * limits"). Every request is one attempt with a short timeout, so that a wrong address fails in seconds:
 *
 * <ul>
 *   <li>vLLM and SGLang: {@code max_model_len} of the {@code GET {base}/models} entry;
 *   <li>llama.cpp: {@code GET {root}/props}, {@code default_generation_settings.n_ctx}, the per-slot context
 *       ({@code --ctx-size} divided by {@code --parallel}); its model list holds only {@code meta.n_ctx_train}, the
 *       training context, which the server does not enforce;
 *   <li>Ollama: {@code POST {root}/api/show}, {@code num_ctx} in {@code parameters} when the model sets it; without
 *       it Ollama applies its own default, which it does not report;
 *   <li>SGLang without {@code max_model_len}: {@code GET {root}/get_model_info}, {@code context_length} if present.
 * </ul>
 *
 * {@code root} is the base URL without its final {@code /v1}.
 */
final class ServerProbe {
  private static final Pattern NUM_CTX = Pattern.compile("(?m)^\\s*num_ctx\\s+(\\d+)");

  /** One HTTP attempt: status and body, or an IOException (a timeout included). */
  @FunctionalInterface
  interface Transport {
    OpenAiBackend.HttpResult once(String method, URI uri, String body) throws IOException;
  }

  private ServerProbe() {}

  static ServerInfo probe(URI base, String configuredModel, String apiKeyEnv, Transport http) {
    URI modelsUri = URI.create(base + "/models");
    OpenAiBackend.HttpResult models;
    try {
      models = http.once("GET", modelsUri, null);
    } catch (IOException e) {
      throw new LlmException("no OpenAI-compatible server at " + base + ": " + OpenAiBackend.cause(e), LlmException.Kind.UNREACHABLE, e);
    }
    List<String> notes = new ArrayList<>();
    if (models.status() == 401 || models.status() == 403) {
      throw new LlmException("GET " + modelsUri + " failed: HTTP " + models.status() + " (not authorized): "
          + OpenAiProtocol.errorMessage(models.body()) + "; put the API key in $" + apiKeyEnv, LlmException.Kind.AUTH);
    }
    if (models.status() == 404 || models.status() == 405) {
      if (configuredModel == null) {
        throw new LlmException("GET " + modelsUri + " is not supported by the server (HTTP " + models.status()
            + "): is --base-url right (vLLM, SGLang, llama.cpp and Ollama serve /v1)? Otherwise set the model name explicitly",
            LlmException.Kind.NOT_FOUND);
      }
      notes.add("the server has no model list (GET " + modelsUri + ": HTTP " + models.status() + "); its context is unknown");
      return new ServerInfo(configuredModel, "unknown", OptionalInt.empty(), "", notes);
    }
    if (models.status() / 100 != 2) {
      throw new LlmException("GET " + modelsUri + " failed: HTTP " + models.status() + ": "
          + OpenAiProtocol.errorMessage(models.body()), LlmException.Kind.SERVER_ERROR);
    }
    JsonNode data;
    try {
      data = OpenAiProtocol.parseObject(models.body()).path("data");
    } catch (OpenAiProtocol.MalformedResponseException e) {
      data = null;
    }
    if (data == null || !data.isArray()) {
      throw new LlmException("no OpenAI-compatible server at " + base + ": GET " + modelsUri
          + " did not answer with a model list", LlmException.Kind.NOT_FOUND);
    }
    String model = configuredModel;
    if (model == null) {
      try {
        model = OpenAiProtocol.onlyModelId(models.body());
      } catch (OpenAiProtocol.MalformedResponseException e) {
        throw new LlmException("GET " + modelsUri + ": " + e.getMessage(), LlmException.Kind.BAD_REQUEST);
      }
    }
    JsonNode entry = null;
    for (JsonNode d : data) if (d.path("id").asText().equals(model)) entry = d;
    if (entry == null && data.size() == 1) entry = data.get(0);
    String owner = entry == null ? "" : entry.path("owned_by").asText("");
    OptionalInt listed = OpenAiProtocol.contextLength(models.body(), model);
    OptionalInt training = OpenAiProtocol.trainingContext(models.body(), model);
    String server = owner.equals("vllm") ? "vllm" : owner.equals("sglang") ? "sglang"
        : owner.equals("llamacpp") || training.isPresent() ? "llama.cpp"
        : owner.equals("library") || owner.equals("ollama") || model.contains(":") ? "ollama" : "unknown";
    if (listed.isPresent()) return new ServerInfo(model, server, listed, "GET " + modelsUri + " max_model_len", notes);

    String path = base.getRawPath();
    URI root = path.endsWith("/v1") ? URI.create(base.toString().substring(0, base.toString().length() - 3)) : null;
    if (root != null) {
      switch (server) {
        case "llama.cpp" -> {
          JsonNode props = json(http, "GET", URI.create(root + "/props"), null);
          JsonNode nCtx = props == null ? null : props.path("default_generation_settings").path("n_ctx");
          if (nCtx != null && nCtx.isIntegralNumber() && nCtx.asInt() > 0) {
            int slots = props.path("total_slots").asInt(0);
            return new ServerInfo(model, server, OptionalInt.of(nCtx.asInt()),
                "GET " + root + "/props default_generation_settings.n_ctx (per slot" + (slots > 0 ? ", " + slots + " slots" : "") + ")", notes);
          }
        }
        case "ollama" -> {
          String body = Json.MAPPER.createObjectNode().put("model", model).toString();
          JsonNode show = json(http, "POST", URI.create(root + "/api/show"), body);
          if (show != null) {
            Matcher m = NUM_CTX.matcher(show.path("parameters").asText(""));
            if (m.find()) {
              return new ServerInfo(model, server, OptionalInt.of(Integer.parseInt(m.group(1))),
                  "POST " + root + "/api/show parameters num_ctx", notes);
            }
            notes.add("Ollama does not report the context it applies to " + model
                + " (its default, or OLLAMA_CONTEXT_LENGTH) and cuts longer prompts silently; set num_ctx in a Modelfile"
                + " and pass --context-length");
          }
        }
        default -> {
          JsonNode info = json(http, "GET", URI.create(root + "/get_model_info"), null);
          for (String field : List.of("context_length", "max_context_length", "max_model_len")) {
            JsonNode n = info == null ? null : info.path(field);
            if (n != null && n.isIntegralNumber() && n.asInt() > 0) {
              return new ServerInfo(model, "sglang", OptionalInt.of(n.asInt()), "GET " + root + "/get_model_info " + field, notes);
            }
          }
        }
      }
    }
    if (training.isPresent()) {
      notes.add("the server reports only the training context (n_ctx_train " + training.getAsInt()
          + "), not the one it enforces; pass --context-length with the per-slot context (--ctx-size / --parallel)");
    }
    return new ServerInfo(model, server, OptionalInt.empty(), "", notes);
  }

  /** A 2xx JSON object, or null for anything else (the endpoint is optional). */
  private static JsonNode json(Transport http, String method, URI uri, String body) {
    try {
      OpenAiBackend.HttpResult r = http.once(method, uri, body);
      return r.status() / 100 == 2 ? OpenAiProtocol.parseObject(r.body()) : null;
    } catch (IOException | OpenAiProtocol.MalformedResponseException e) {
      return null;
    }
  }
}
