package io.reasonrank.llm.openai;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.reasonrank.io.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Test double: an in-process OpenAI-compatible server on 127.0.0.1 and an ephemeral port, built on the JDK's
 * {@code com.sun.net.httpserver}. It serves {@code GET /v1/models}, {@code POST /v1/completions} and
 * {@code POST /v1/chat/completions} through a pluggable {@link Responder}, records every request and tracks how
 * many are in flight at once.
 *
 * <p>The usual use plugs a pure prompt → response function in, e.g. the scripted LLM of
 * {@code shared/data/README.md} (which reproduces {@code golden/scripted_rerank_*}):
 * <pre>{@code
 * try (var server = OpenAiTestServer.startLlm(prompt -> scriptedLlm(prompt));
 *      var backend = OpenAiBackend.builder().baseUrl(server.baseUrl()).model(OpenAiTestServer.MODEL).build()) { ... }
 * }</pre>
 * Tests that need faults wrap the default responder, e.g. with {@link #firstGenerations}.
 *
 * <p>It lives in main code because {@code reasonrank mock-llm} serves it ({@code io.reasonrank.llm.mock.MockLlm}) so
 * that every command can be tried offline; tests of every module use it directly.
 */
public final class OpenAiTestServer implements AutoCloseable {

  /** The model name the default responder serves. */
  public static final String MODEL = "reasonrank-test";
  /** The {@code max_model_len} the default responder reports (Qwen2.5's 32k). */
  public static final int CONTEXT_LENGTH = 32768;

  /** One recorded request. Header names are lower-case. */
  public record Request(int seq, String method, String path, Map<String, List<String>> headers, String body) {
    public Request {
      headers = Map.copyOf(headers);
    }

    /** The first value of a header, or null. */
    public String header(String name) {
      List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
      return values == null || values.isEmpty() ? null : values.getFirst();
    }

    /** The body as JSON; a missing node when it is empty or not JSON. */
    public JsonNode json() {
      try {
        JsonNode n = body.isEmpty() ? null : Json.MAPPER.readTree(body);
        return n == null ? MissingNode.getInstance() : n;
      } catch (JsonProcessingException e) {
        return MissingNode.getInstance();
      }
    }

    public boolean isModels() {
      return method.equals("GET") && path.equals("/v1/models");
    }

    public boolean isCompletions() {
      return method.equals("POST") && path.equals("/v1/completions");
    }

    public boolean isChat() {
      return method.equals("POST") && path.equals("/v1/chat/completions");
    }

    /** A completions or chat request. */
    public boolean isGeneration() {
      return isCompletions() || isChat();
    }

    /**
     * The prompt the model would see: {@code prompt} for completions; for chat, the messages rendered as Qwen2.5
     * ChatML with the generation prompt (docs/reference-behaviour.md §1.6), so a prompt function answers both endpoints alike.
     */
    public String prompt() {
      JsonNode json = json();
      if (isCompletions()) return json.path("prompt").asText();
      StringBuilder sb = new StringBuilder();
      for (JsonNode m : json.path("messages")) {
        sb.append("<|im_start|>").append(m.path("role").asText()).append('\n')
            .append(m.path("content").asText()).append("<|im_end|>\n");
      }
      return sb.append("<|im_start|>assistant\n").toString();
    }
  }

  /** What the server answers: status, extra headers, body, and how long it waits before answering. */
  public record Reply(int status, Map<String, String> headers, String body, Duration delay) {
    public Reply {
      headers = Map.copyOf(headers);
      Objects.requireNonNull(body, "body");
      Objects.requireNonNull(delay, "delay");
    }

    public static Reply json(int status, String body) {
      return new Reply(status, Map.of("Content-Type", "application/json"), body, Duration.ZERO);
    }

    public static Reply json(int status, JsonNode body) {
      return json(status, body.toString());
    }

    /** An error in the OpenAI shape {@code {"error":{"message":…,"type":…,"code":status}}}. */
    public static Reply error(int status, String message) {
      ObjectNode root = Json.MAPPER.createObjectNode();
      root.putObject("error").put("message", message).put("type", "test_error").put("code", status);
      return json(status, root);
    }

    public Reply withHeader(String name, String value) {
      Map<String, String> h = new LinkedHashMap<>(headers);
      h.put(name, value);
      return new Reply(status, h, body, delay);
    }

    public Reply after(Duration delay) {
      return new Reply(status, headers, body, delay);
    }
  }

  /** Answers one request. An exception becomes a 500 reply. */
  @FunctionalInterface
  public interface Responder {
    Reply respond(Request request) throws Exception;
  }

  private final HttpServer server;
  private final ExecutorService executor;
  private volatile Responder responder;
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final AtomicInteger seq = new AtomicInteger();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger maxInFlight = new AtomicInteger();

  private OpenAiTestServer(Responder responder, InetSocketAddress address) throws IOException {
    this.responder = Objects.requireNonNull(responder, "responder");
    this.server = HttpServer.create(address, 0);
    this.executor = Executors.newVirtualThreadPerTaskExecutor();
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  /** Starts a server answering with {@code responder}. */
  public static OpenAiTestServer start(Responder responder) {
    try {
      return new OpenAiTestServer(responder, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Starts a server answering with {@code responder} on {@code address} (port 0: a free port).
   *
   * @throws IOException when the address cannot be bound (in use, or not an address of this machine)
   */
  public static OpenAiTestServer start(Responder responder, InetSocketAddress address) throws IOException {
    return new OpenAiTestServer(responder, address);
  }

  /** Starts a server that serves {@link #MODEL} with {@link #CONTEXT_LENGTH} and answers every prompt with {@code llm}. */
  public static OpenAiTestServer startLlm(Function<String, String> llm) {
    return start(llm(MODEL, OptionalInt.of(CONTEXT_LENGTH), llm));
  }

  /**
   * The default responder: an OpenAI-compatible server for one model whose answer to a prompt is
   * {@code llm.apply(prompt)} ({@link Request#prompt()}). {@code /v1/models} lists the model in vLLM's shape
   * with {@code max_model_len} when {@code contextLength} is present. {@code usage.prompt_tokens} is
   * {@link #promptTokens} (the prompt's UTF-8 length, never below what a real tokenizer counts, so a client's
   * truncation check passes; {@link #truncating} scripts a server that cuts prompts), {@code completion_tokens}
   * whitespace-separated words; {@code finish_reason} is always {@code stop}.
   * A request for another model gets vLLM's 404.
   */
  public static Responder llm(String model, OptionalInt contextLength, Function<String, String> llm) {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(llm, "llm");
    return request -> {
      if (request.isModels()) {
        ObjectNode root = Json.MAPPER.createObjectNode().put("object", "list");
        ObjectNode entry = root.putArray("data").addObject()
            .put("id", model).put("object", "model").put("created", 0).put("owned_by", "reasonrank-test");
        contextLength.ifPresent(c -> entry.put("max_model_len", c));
        return Reply.json(200, root);
      }
      if (!request.isGeneration()) return Reply.error(404, "no route for " + request.method() + " " + request.path());
      JsonNode json = request.json();
      if (!json.isObject()) return Reply.error(400, "request body is not a JSON object");
      if (!json.path("model").asText().equals(model)) {
        return Reply.error(404, "The model `" + json.path("model").asText() + "` does not exist.");
      }
      if (request.isCompletions() && !json.path("prompt").isTextual()) return Reply.error(400, "prompt must be a string");
      if (request.isChat() && !json.path("messages").isArray()) return Reply.error(400, "messages must be a list");
      String prompt = request.prompt();
      String text = llm.apply(prompt);
      return Reply.json(200, completionBody(request.isChat(), model, request.seq(), text, promptTokens(prompt), words(text)));
    };
  }

  /** A 200 body for a generated {@code text}, in the completions or the chat shape. */
  public static ObjectNode completionBody(
      boolean chat, String model, int id, String text, int promptTokens, int completionTokens) {
    ObjectNode root = Json.MAPPER.createObjectNode()
        .put("id", (chat ? "chatcmpl-" : "cmpl-") + id)
        .put("object", chat ? "chat.completion" : "text_completion")
        .put("created", 0)
        .put("model", model);
    ObjectNode choice = root.putArray("choices").addObject().put("index", 0);
    if (chat) {
      choice.putObject("message").put("role", "assistant").put("content", text);
    } else {
      choice.put("text", text);
    }
    choice.putNull("logprobs");
    choice.put("finish_reason", "stop");
    root.putObject("usage")
        .put("prompt_tokens", promptTokens)
        .put("completion_tokens", completionTokens)
        .put("total_tokens", promptTokens + completionTokens);
    return root;
  }

  private static final Pattern WORD = Pattern.compile("\\S+");

  /**
   * The double's {@code usage.prompt_tokens}: the prompt's UTF-8 length in bytes. A byte-level BPE token covers at
   * least one byte, so this is never below the client's own count and a truncation check never fires by accident.
   */
  public static int promptTokens(String prompt) {
    return prompt.getBytes(StandardCharsets.UTF_8).length;
  }

  /**
   * A server that cuts every prompt to its last {@code keptTokens} tokens, as llama.cpp does with a slot smaller than
   * the prompt: {@code usage.prompt_tokens} of every 200 generation reply is capped at {@code keptTokens}.
   */
  public static Responder truncating(int keptTokens, Responder then) {
    return request -> {
      Reply r = then.respond(request);
      if (!request.isGeneration() || r.status() != 200) return r;
      JsonNode body = Json.MAPPER.readTree(r.body());
      ObjectNode usage = (ObjectNode) body.path("usage");
      usage.put("prompt_tokens", Math.min(keptTokens, usage.path("prompt_tokens").asInt()));
      return new Reply(200, r.headers(), body.toString(), r.delay());
    };
  }

  /** A server whose every generation request gets {@code reply}; model listings go to {@code then}. */
  public static Responder failingGenerations(Reply reply, Responder then) {
    return request -> request.isGeneration() ? reply : then.respond(request);
  }

  /**
   * llama.cpp's shape: {@code /v1/models} lists only {@code meta.n_ctx_train}, {@code GET /props} reports the per-slot
   * context {@code nCtxPerSlot}; generations go to {@code then}.
   */
  public static Responder llamaCpp(String model, int nCtxTrain, int nCtxPerSlot, int slots, Responder then) {
    return request -> {
      if (request.isModels()) {
        ObjectNode root = Json.MAPPER.createObjectNode().put("object", "list");
        root.putArray("data").addObject().put("id", model).put("object", "model").put("owned_by", "llamacpp")
            .putObject("meta").put("n_ctx_train", nCtxTrain);
        return Reply.json(200, root);
      }
      if (request.method().equals("GET") && request.path().equals("/props")) {
        ObjectNode root = Json.MAPPER.createObjectNode().put("total_slots", slots);
        root.putObject("default_generation_settings").put("n_ctx", nCtxPerSlot);
        return Reply.json(200, root);
      }
      return then.respond(request);
    };
  }

  /** Whitespace-separated words: the double's token count. */
  public static int words(String s) {
    Matcher m = WORD.matcher(s);
    int n = 0;
    while (m.find()) n++;
    return n;
  }

  /**
   * A responder whose first {@code replies.size()} generation requests get those replies in order; model
   * listings and every later request go to {@code then}.
   */
  public static Responder firstGenerations(List<Reply> replies, Responder then) {
    List<Reply> script = List.copyOf(replies);
    AtomicInteger next = new AtomicInteger();
    return request -> {
      if (request.isGeneration()) {
        int i = next.getAndIncrement();
        if (i < script.size()) return script.get(i);
      }
      return then.respond(request);
    };
  }

  /** Replaces the responder for later requests. */
  public void responder(Responder responder) {
    this.responder = Objects.requireNonNull(responder, "responder");
  }

  /** {@code http://127.0.0.1:PORT/v1} (the bound address in place of 127.0.0.1 where it is another one). */
  public String baseUrl() {
    InetAddress a = server.getAddress().getAddress();
    String host = a.isAnyLocalAddress() ? "127.0.0.1"
        : a instanceof java.net.Inet6Address ? "[" + a.getHostAddress() + "]" : a.getHostAddress();
    return "http://" + host + ":" + port() + "/v1";
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** Every request received, in arrival order. */
  public List<Request> requests() {
    return List.copyOf(requests);
  }

  public int requestCount() {
    return requests.size();
  }

  /** The completions and chat requests received, in arrival order. */
  public List<Request> generationRequests() {
    List<Request> out = new ArrayList<>();
    for (Request r : requests) if (r.isGeneration()) out.add(r);
    return out;
  }

  public int generationCount() {
    return generationRequests().size();
  }

  /** The most requests that were being handled at the same moment. */
  public int maxInFlight() {
    return maxInFlight.get();
  }

  private void handle(HttpExchange exchange) {
    maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
    boolean counted = true;
    try (exchange) {
      Map<String, List<String>> headers = new LinkedHashMap<>();
      exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), List.copyOf(v)));
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      Request request = new Request(
          seq.incrementAndGet(), exchange.getRequestMethod(), exchange.getRequestURI().getPath(), headers, body);
      requests.add(request);
      Reply reply;
      try {
        reply = responder.respond(request);
      } catch (Exception e) {
        reply = Reply.error(500, "responder failed: " + e);
      }
      if (reply.delay().isPositive()) Thread.sleep(reply.delay());
      byte[] out = reply.body().getBytes(StandardCharsets.UTF_8);
      // no longer in flight once the client can see the answer: its next request may arrive before this thread ends
      inFlight.decrementAndGet();
      counted = false;
      reply.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
      exchange.sendResponseHeaders(reply.status(), out.length == 0 ? -1 : out.length);
      if (out.length > 0) {
        try (OutputStream os = exchange.getResponseBody()) {
          os.write(out);
        }
      }
    } catch (IOException e) {
      // the client gave up (a timeout test) or the server is closing: nothing to answer
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // close() interrupts delayed replies
    } finally {
      if (counted) inFlight.decrementAndGet();
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
