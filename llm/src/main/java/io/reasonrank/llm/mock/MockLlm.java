package io.reasonrank.llm.mock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reasonrank.io.Json;
import io.reasonrank.llm.openai.OpenAiTestServer;
import io.reasonrank.llm.openai.OpenAiTestServer.Reply;
import io.reasonrank.llm.openai.OpenAiTestServer.Responder;
import io.reasonrank.llm.openai.ScriptedRank1Llm;
import io.reasonrank.testing.ScriptedLlm;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.ToIntFunction;

/**
 * The model behind {@code reasonrank mock-llm}: an OpenAI-compatible server (vLLM's {@code /v1/models} with
 * {@code max_model_len}, {@code /v1/completions}, {@code /v1/chat/completions}, plus llama.cpp's {@code GET /props}
 * and {@code GET /health}) for one model name. A completions prompt in the Rank1 format gets
 * {@link ScriptedRank1Llm}'s judgment (with log-probabilities when asked); every other prompt, chat messages rendered
 * as ChatML, gets {@link ScriptedLlm}'s listwise answer, which reproduces the scripted DL19 golden runs byte for byte.
 *
 * <p>Failures are injected before the model is asked: each generation request fails with {@link Options#failStatus}
 * with probability {@link Options#failRate}, drawn from one {@link SplittableRandom} seeded with {@link Options#seed}
 * in arrival order (so a client sending one request at a time sees the same failures on every run).
 */
public final class MockLlm {
  private MockLlm() {}

  /**
   * @param model the served model name (requests for another get vLLM's 404)
   * @param contextLength reported as {@code max_model_len} and as llama.cpp's per-slot {@code n_ctx}
   * @param delay added before every generation reply
   * @param failRate probability in [0, 1] that a generation request fails
   * @param failStatus the HTTP status of an injected failure, 400..599
   * @param seed of the failure draws
   * @param tokenCounter counts {@code usage} tokens (the same tokenizer as the client's, so its count checks agree)
   */
  public record Options(String model, int contextLength, Duration delay, double failRate, int failStatus, long seed,
      ToIntFunction<String> tokenCounter) {
    public Options {
      Objects.requireNonNull(model, "model");
      Objects.requireNonNull(delay, "delay");
      Objects.requireNonNull(tokenCounter, "tokenCounter");
      if (model.isBlank()) throw new IllegalArgumentException("model must not be blank");
      if (contextLength < 1) throw new IllegalArgumentException("contextLength must be >= 1, got " + contextLength);
      if (delay.isNegative()) throw new IllegalArgumentException("delay must be >= 0, got " + delay);
      if (!(failRate >= 0 && failRate <= 1)) throw new IllegalArgumentException("failRate must be in [0, 1], got " + failRate);
      if (failStatus < 400 || failStatus > 599) throw new IllegalArgumentException("failStatus must be in 400..599, got " + failStatus);
    }
  }

  /** Starts the server on {@code address} (port 0: a free one). */
  public static OpenAiTestServer start(Options options, InetSocketAddress address) throws IOException {
    return OpenAiTestServer.start(responder(options), address);
  }

  public static Responder responder(Options o) {
    ScriptedLlm listwise = new ScriptedLlm();
    Responder llm = OpenAiTestServer.llm(o.model(), java.util.OptionalInt.of(o.contextLength()), listwise);
    Responder rank1 = ScriptedRank1Llm.responder(ScriptedRank1Llm.Options.vllm().countingWith(o.tokenCounter()), o.model(),
        o.contextLength());
    SplittableRandom random = new SplittableRandom(o.seed());
    return request -> {
      if (request.method().equals("GET") && request.path().equals("/health")) {
        return Reply.json(200, Json.MAPPER.createObjectNode().put("status", "ok"));
      }
      if (request.method().equals("GET") && request.path().equals("/props")) return Reply.json(200, props(o));
      if (!request.isGeneration()) return llm.respond(request);
      JsonNode json = request.json();
      if (json.path("stream").asBoolean(false)) return Reply.error(400, "mock-llm does not stream; send stream=false");
      if (o.failRate() > 0) {
        boolean fail;
        synchronized (random) {
          fail = random.nextDouble() < o.failRate();
        }
        if (fail) return Reply.error(o.failStatus(), "mock-llm: injected failure (--fail-rate " + o.failRate() + ")").after(o.delay());
      }
      Reply reply;
      if (request.isCompletions() && json.path("model").asText().equals(o.model()) && isRank1(json.path("prompt").asText())) {
        reply = rank1.respond(request);
      } else {
        reply = llm.respond(request);
        if (reply.status() == 200) reply = recount(reply, request.prompt(), o);
      }
      return reply.after(o.delay());
    };
  }

  private static boolean isRank1(String prompt) {
    String p = prompt.endsWith("\n</think>") && prompt.contains("\n<think>")
        ? prompt.substring(0, prompt.indexOf("\n<think>") + "\n<think>".length()) : prompt;
    return ScriptedRank1Llm.parse(p) != null;
  }

  /** llama.cpp's {@code /props}: the per-slot context a client must fit, and the slot count. */
  private static ObjectNode props(Options o) {
    ObjectNode root = Json.MAPPER.createObjectNode();
    root.putObject("default_generation_settings").put("n_ctx", o.contextLength()).put("model", o.model());
    root.put("total_slots", 1).put("model_path", o.model()).put("build_info", "reasonrank mock-llm");
    return root;
  }

  /** Replaces the default responder's word counts in {@code usage} with {@link Options#tokenCounter}'s. */
  private static Reply recount(Reply reply, String prompt, Options o) throws IOException {
    ObjectNode body = (ObjectNode) Json.MAPPER.readTree(reply.body());
    JsonNode choice = body.path("choices").path(0);
    String text = choice.has("message") ? choice.path("message").path("content").asText() : choice.path("text").asText();
    int promptTokens = o.tokenCounter().applyAsInt(prompt);
    int completionTokens = o.tokenCounter().applyAsInt(text);
    body.putObject("usage").put("prompt_tokens", promptTokens).put("completion_tokens", completionTokens)
        .put("total_tokens", promptTokens + completionTokens);
    return Reply.json(200, body);
  }
}
