package io.reasonrank.llm.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reasonrank.io.Json;
import io.reasonrank.llm.ChatMessage;
import io.reasonrank.llm.Completion;
import io.reasonrank.llm.LlmException;
import io.reasonrank.llm.LlmRequest;
import io.reasonrank.llm.SamplingParams;
import io.reasonrank.llm.openai.OpenAiTestServer.Reply;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class OpenAiBackendTest {
  private static final String SYS = "You are RankLLM, an intelligent assistant that can rank passages.";
  private static final String USER = "I will provide you with 2 passages — “naïve” café.\n[1] a\n[2] b";
  private static final String PROMPT = "<|im_start|>system\n" + SYS + "<|im_end|>\n<|im_start|>user\n" + USER
      + "<|im_end|>\n<|im_start|>assistant\n";
  /** A pure prompt → response function, as the scripted LLM is; it proves the prompt arrived byte for byte. */
  private static final Function<String, String> LLM = p -> "<think>len " + p.length() + "</think>\n<answer>[2] > [1]</answer>";

  private final List<AutoCloseable> closeables = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (AutoCloseable c : closeables.reversed()) c.close();
  }

  private OpenAiTestServer server(OpenAiTestServer.Responder responder) {
    OpenAiTestServer s = OpenAiTestServer.start(responder);
    closeables.add(s);
    return s;
  }

  private OpenAiTestServer server() {
    return server(defaults());
  }

  private static OpenAiTestServer.Responder defaults() {
    return OpenAiTestServer.llm(OpenAiTestServer.MODEL, OptionalInt.of(OpenAiTestServer.CONTEXT_LENGTH), LLM);
  }

  /** Fast retries, no API key, so tests differ only in what they set. */
  private OpenAiBackend.Builder backend(OpenAiTestServer server) {
    return OpenAiBackend.builder()
        .baseUrl(server.baseUrl())
        .model(OpenAiTestServer.MODEL)
        .environment(name -> null)
        .backoffBase(Duration.ofMillis(1))
        .backoffCap(Duration.ofMillis(5))
        .random(new Random(7))
        .requestTimeout(Duration.ofSeconds(5));
  }

  private OpenAiBackend build(OpenAiBackend.Builder b) {
    OpenAiBackend backend = b.build();
    closeables.add(backend);
    return backend;
  }

  private static LlmRequest request(SamplingParams sampling) {
    return new LlmRequest(List.of(ChatMessage.system(SYS), ChatMessage.user(USER)), PROMPT, sampling);
  }

  private static final SamplingParams ALL_FIELDS =
      new SamplingParams(0.6, 0.95, 20, 0.0, 3172, 5, List.of("</answer>", "<|im_end|>"), 3);

  @Test
  void completionsSendsThePromptAndEverySamplingField() {
    OpenAiTestServer server = server();
    OpenAiBackend backend = build(backend(server));

    Completion c = backend.complete(request(ALL_FIELDS));

    assertThat(c.text()).isEqualTo(LLM.apply(PROMPT));
    assertThat(c.promptTokens()).isEqualTo(OpenAiTestServer.promptTokens(PROMPT));
    assertThat(c.completionTokens()).isEqualTo(OpenAiTestServer.words(LLM.apply(PROMPT)));
    assertThat(c.finishReason()).isEqualTo("stop");
    OpenAiTestServer.Request sent = server.generationRequests().getFirst();
    assertThat(sent.path()).isEqualTo("/v1/completions");
    assertThat(sent.header("content-type")).isEqualTo("application/json");
    assertThat(sent.json()).isEqualTo(Json.MAPPER.createObjectNode()
        .put("model", OpenAiTestServer.MODEL).put("prompt", PROMPT).put("max_tokens", 3172).put("temperature", 0.6)
        .put("top_p", 0.95).put("top_k", 20).put("min_p", 0.0).put("min_tokens", 5)
        .<ObjectNode>set("stop", Json.MAPPER.createArrayNode().add("</answer>").add("<|im_end|>"))
        .put("logprobs", 3).put("n", 1).put("stream", false));
  }

  @Test
  void defaultServerAnswersWithThePromptFunction() {
    try (OpenAiTestServer server = OpenAiTestServer.startLlm(p -> p.endsWith("assistant\n") ? "ok " + p.length() : "no");
         OpenAiBackend backend = backend(server).build()) {
      assertThat(backend.model()).isEqualTo(OpenAiTestServer.MODEL);
      assertThat(backend.contextLength()).hasValue(OpenAiTestServer.CONTEXT_LENGTH);
      assertThat(backend.complete(request(SamplingParams.greedy(10))).text()).isEqualTo("ok " + PROMPT.length());
    }
  }

  @Test
  void greedyRequestLeavesUnsetFieldsToTheServer() {
    OpenAiTestServer server = server();
    OpenAiBackend backend = build(backend(server).extraBodyField("skip_special_tokens", false));
    backend.complete(request(SamplingParams.greedy(3172)));
    JsonNode body = server.generationRequests().getFirst().json();
    assertThat(iterable(body.fieldNames())).containsExactlyInAnyOrder(
        "model", "prompt", "max_tokens", "temperature", "n", "stream", "skip_special_tokens");
    assertThat(body.path("temperature").asDouble(-1)).isEqualTo(0.0);
    assertThat(body.path("skip_special_tokens").isBoolean()).isTrue();
  }

  @Test
  void chatSendsMessagesAndChatLogprobsAndGetsTheSameAnswer() {
    OpenAiTestServer server = server();
    OpenAiBackend backend = build(backend(server).endpoint(Endpoint.CHAT));

    Completion c = backend.complete(request(ALL_FIELDS));

    // the double renders chat messages as the same ChatML, so a prompt function answers both endpoints alike
    assertThat(c.text()).isEqualTo(LLM.apply(PROMPT));
    assertThat(c.promptTokens()).isEqualTo(OpenAiTestServer.promptTokens(PROMPT));
    OpenAiTestServer.Request sent = server.generationRequests().getFirst();
    assertThat(sent.path()).isEqualTo("/v1/chat/completions");
    JsonNode body = sent.json();
    assertThat(body.has("prompt")).isFalse();
    assertThat(body.path("messages").toString()).isEqualTo(Json.MAPPER.createArrayNode()
        .add(Json.MAPPER.createObjectNode().put("role", "system").put("content", SYS))
        .add(Json.MAPPER.createObjectNode().put("role", "user").put("content", USER)).toString());
    assertThat(body.path("logprobs").asBoolean()).isTrue();
    assertThat(body.path("top_logprobs").asInt()).isEqualTo(3);
    assertThat(body.path("top_k").asInt()).isEqualTo(20);
  }

  @Test
  void chatReasoningContentIsPutBackAsThinkTags() {
    OpenAiTestServer server = server(request -> {
      if (!request.isChat()) return defaults().respond(request);
      ObjectNode body = OpenAiTestServer.completionBody(true, OpenAiTestServer.MODEL, 1, "\n\n<answer>[2] > [1]</answer>", 10, 7);
      ObjectNode choice = (ObjectNode) body.path("choices").get(0);
      ((ObjectNode) choice.path("message")).put("reasoning_content", "passage 2 answers it");
      choice.set("logprobs", Json.MAPPER.readTree(
          "{\"content\":[{\"token\":\"<think>\",\"logprob\":-0.01,\"top_logprobs\":[{\"token\":\"<think>\",\"logprob\":-0.01},"
              + "{\"token\":\"I\",\"logprob\":-4.5}]}]}"));
      choice.put("finish_reason", "length");
      return Reply.json(200, body);
    });
    OpenAiBackend backend = build(backend(server).endpoint(Endpoint.CHAT));

    Completion c = backend.complete(request(SamplingParams.greedy(100)));

    assertThat(c.text()).isEqualTo("<think>passage 2 answers it</think>\n\n<answer>[2] > [1]</answer>");
    assertThat(c.finishReason()).isEqualTo("length");
    assertThat(c.promptTokens()).isEqualTo(10);
    assertThat(c.completionTokens()).isEqualTo(7);
    assertThat(c.topLogprobs()).containsExactly(Map.of("<think>", -0.01, "I", -4.5));
  }

  @Test
  void completionsTopLogprobsArriveInOrder() {
    OpenAiTestServer server = server(request -> {
      ObjectNode body = OpenAiTestServer.completionBody(false, OpenAiTestServer.MODEL, 1, "</think> true", 12, 2);
      ((ObjectNode) body.path("choices").get(0)).set("logprobs", Json.MAPPER.readTree(
          "{\"tokens\":[\"</think>\",\" true\"],\"token_logprobs\":[-0.1,-0.2],"
              + "\"top_logprobs\":[{\"</think>\":-0.1},{\" true\":-0.2,\" false\":-1.8}],\"text_offset\":[0,8]}"));
      return Reply.json(200, body);
    });
    OpenAiBackend backend = build(backend(server));

    Completion c = backend.complete(request(new SamplingParams(0, null, null, null, 8192, null, List.of(), 20)));

    assertThat(c.topLogprobs()).hasSize(2);
    assertThat(c.topLogprobs().get(1)).containsExactly(Map.entry(" true", -0.2), Map.entry(" false", -1.8));
  }

  @Test
  void readTimeoutIsRetriedWithoutWaitingForTheSlowAnswer() {
    Reply slow = Reply.json(200, OpenAiTestServer.completionBody(false, OpenAiTestServer.MODEL, 0, "late", 1, 1))
        .after(Duration.ofSeconds(5));
    OpenAiTestServer server = server(OpenAiTestServer.firstGenerations(List.of(slow), defaults()));
    List<String> reasons = new ArrayList<>();
    OpenAiBackend backend = build(backend(server).requestTimeout(Duration.ofMillis(300))
        .retryListener((retry, max, reason, delay) -> reasons.add(retry + "/" + max + " " + reason)));

    long t0 = System.nanoTime();
    Completion c = backend.complete(request(SamplingParams.greedy(100)));
    long ms = (System.nanoTime() - t0) / 1_000_000;

    assertThat(c.text()).isEqualTo(LLM.apply(PROMPT));
    assertThat(server.generationCount()).isEqualTo(2);
    assertThat(reasons).containsExactly("1/5 no response within 300 ms");
    assertThat(ms).isBetween(250L, 4000L);
  }

  @Test
  void serverErrorIsRetried() {
    OpenAiTestServer server = server(OpenAiTestServer.firstGenerations(List.of(Reply.error(500, "CUDA OOM")), defaults()));
    List<String> reasons = new ArrayList<>();
    OpenAiBackend backend = build(backend(server).retryListener((retry, max, reason, delay) -> reasons.add(reason)));

    assertThat(backend.complete(request(SamplingParams.greedy(100))).text()).isEqualTo(LLM.apply(PROMPT));
    assertThat(server.generationCount()).isEqualTo(2);
    assertThat(reasons).containsExactly("HTTP 500: CUDA OOM");
  }

  @Test
  void retryAfterOn429IsHonoured() {
    Reply tooMany = Reply.error(429, "slow down").withHeader("Retry-After", "1");
    OpenAiTestServer server = server(OpenAiTestServer.firstGenerations(List.of(tooMany), defaults()));
    List<Duration> delays = new ArrayList<>();
    OpenAiBackend backend = build(backend(server).retryListener((retry, max, reason, delay) -> delays.add(delay)));

    long t0 = System.nanoTime();
    backend.complete(request(SamplingParams.greedy(100)));
    long ms = (System.nanoTime() - t0) / 1_000_000;

    assertThat(ms).isGreaterThanOrEqualTo(950);
    assertThat(delays).singleElement().satisfies(d -> assertThat(d.toMillis()).isBetween(1000L, 1001L));
    assertThat(server.generationCount()).isEqualTo(2);
  }

  @Test
  void persistentServerErrorFailsAfterMaxRetriesNamingTheAttempts() {
    OpenAiTestServer server = server(request -> request.isGeneration() ? Reply.error(500, "boom") : defaults().respond(request));
    OpenAiBackend backend = build(backend(server).maxRetries(2));

    assertThatThrownBy(() -> backend.complete(request(SamplingParams.greedy(100))))
        .isInstanceOf(LlmException.class)
        .hasMessage("POST " + server.baseUrl() + "/completions failed after 3 attempts, last: HTTP 500: boom")
        .satisfies(e -> assertThat(((LlmException) e).retryable()).isTrue());
    assertThat(server.generationCount()).isEqualTo(3);
  }

  @Test
  void concurrencyNeverExceedsTheLimit() throws Exception {
    OpenAiTestServer.Responder base = defaults();
    OpenAiTestServer server = server(request -> {
      Reply r = base.respond(request);
      return request.isGeneration() ? r.after(Duration.ofMillis(150)) : r;
    });
    OpenAiBackend backend = build(backend(server).maxConcurrency(3));
    assertThat(backend.capacity()).isEqualTo(3);

    List<Future<Completion>> futures = new ArrayList<>();
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < 12; i++) futures.add(pool.submit(() -> backend.complete(request(SamplingParams.greedy(10)))));
    }
    for (Future<Completion> f : futures) assertThat(f.get().text()).isEqualTo(LLM.apply(PROMPT));
    assertThat(server.generationCount()).isEqualTo(12);
    assertThat(server.maxInFlight()).isBetween(2, 3);
  }

  @Test
  void garbageBodyIsRetried() {
    OpenAiTestServer server = server(OpenAiTestServer.firstGenerations(
        List.of(Reply.json(200, "<html>502 proxy</html>"), Reply.json(200, "{\"choices\":[]}")), defaults()));
    List<String> reasons = new ArrayList<>();
    OpenAiBackend backend = build(backend(server).retryListener((retry, max, reason, delay) -> reasons.add(reason)));

    assertThat(backend.complete(request(SamplingParams.greedy(100))).text()).isEqualTo(LLM.apply(PROMPT));
    assertThat(reasons).hasSize(2);
    assertThat(reasons.get(0)).startsWith("HTTP 200 with an unusable body: unparseable JSON: ");
    assertThat(reasons.get(1)).isEqualTo("HTTP 200 with an unusable body: response has no choices");
  }

  @Test
  void persistentEmptyChoicesFailClearly() {
    OpenAiTestServer server = server(request -> Reply.json(200, "{\"id\":\"x\",\"choices\":[]}"));
    OpenAiBackend backend = build(backend(server).maxRetries(1));

    assertThatThrownBy(() -> backend.complete(request(SamplingParams.greedy(100))))
        .isInstanceOf(LlmException.class)
        .hasMessage("POST " + server.baseUrl() + "/completions failed after 2 attempts,"
            + " last: HTTP 200 with an unusable body: response has no choices");
    assertThat(server.generationCount()).isEqualTo(2);
  }

  @Test
  void badRequestIsNotRetriedAndShowsTheServerMessageInOneLine() {
    // vLLM's ErrorResponse shape
    String vllm = "{\"object\":\"error\",\"message\":\"This model's maximum context length is 32768 tokens.\\n"
        + "However, you requested 40000 tokens.\",\"type\":\"BadRequestError\",\"param\":null,\"code\":400}";
    OpenAiTestServer server = server(request -> Reply.json(400, vllm));
    OpenAiBackend backend = build(backend(server));

    assertThatThrownBy(() -> backend.complete(request(SamplingParams.greedy(100))))
        .isInstanceOf(LlmException.class)
        .hasMessage("POST " + server.baseUrl() + "/completions failed: HTTP 400 (context exceeded, not retried): "
            + "This model's maximum context length is 32768 tokens. However, you requested 40000 tokens.")
        .satisfies(e -> assertThat(((LlmException) e).retryable()).isFalse())
        .satisfies(e -> assertThat(((LlmException) e).kind()).isEqualTo(LlmException.Kind.CONTEXT_EXCEEDED));
    assertThat(server.generationCount()).isEqualTo(1);
  }

  @Test
  void unknownModelIs404AndNotRetried() {
    OpenAiTestServer server = server();
    OpenAiBackend backend = build(backend(server).model("reasonrank-32B"));
    assertThatThrownBy(() -> backend.complete(request(SamplingParams.greedy(100))))
        .hasMessageEndingWith("failed: HTTP 404 (model or path not found, not retried): The model `reasonrank-32B` does not exist.")
        .satisfies(e -> assertThat(((LlmException) e).kind()).isEqualTo(LlmException.Kind.NOT_FOUND));
    assertThat(server.generationCount()).isEqualTo(1);
  }

  @Test
  void contextExceededInA500BodyIsNotRetried() {
    // llama.cpp without context shift answers a prompt longer than its slot with a 500
    OpenAiTestServer server = server(request -> request.isModels()
        ? OpenAiTestServer.llm(OpenAiTestServer.MODEL, java.util.OptionalInt.empty(), LLM).respond(request)
        : Reply.error(500, "Input prompt is too big compared to KV size. Please try increasing KV size."));
    OpenAiBackend backend = build(backend(server));
    assertThatThrownBy(() -> backend.complete(request(SamplingParams.greedy(100))))
        .hasMessageContaining("HTTP 500 (context exceeded, not retried): Input prompt is too big compared to KV size")
        .satisfies(e -> assertThat(((LlmException) e).kind()).isEqualTo(LlmException.Kind.CONTEXT_EXCEEDED));
    assertThat(server.generationCount()).isEqualTo(1);
  }

  @Test
  void unauthorizedIsNotRetriedAndNamed() {
    OpenAiTestServer server = server(request -> Reply.error(401, "invalid api key"));
    OpenAiBackend backend = build(backend(server));
    assertThatThrownBy(() -> backend.complete(request(SamplingParams.greedy(10))))
        .hasMessageContaining("HTTP 401 (not authorized, not retried): invalid api key")
        .satisfies(e -> assertThat(((LlmException) e).kind()).isEqualTo(LlmException.Kind.AUTH));
    assertThat(server.generationCount()).isEqualTo(1);
  }

  @Test
  void probeOfAClosedPortFailsAtOnceWithOneLine() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    OpenAiBackend backend = build(OpenAiBackend.builder().baseUrl("http://127.0.0.1:" + port).environment(n -> null));
    long t0 = System.nanoTime();
    assertThatThrownBy(backend::probe)
        .isInstanceOf(LlmException.class)
        .hasMessage("no OpenAI-compatible server at http://127.0.0.1:" + port + "/v1: connection refused")
        .satisfies(e -> assertThat(((LlmException) e).kind()).isEqualTo(LlmException.Kind.UNREACHABLE));
    assertThat((System.nanoTime() - t0) / 1e9).isLessThan(2.0);
    assertThatThrownBy(() -> build(OpenAiBackend.builder().baseUrl("http://no-such-host.invalid:8000").environment(n -> null)).model())
        .hasMessage("no OpenAI-compatible server at http://no-such-host.invalid:8000/v1: unknown host");
  }

  @Test
  void probeOfAPathThatIsNotAnOpenAiServerSaysSo() {
    OpenAiTestServer server = server(request -> new Reply(200, java.util.Map.of("Content-Type", "text/html"), "<html>hi</html>", Duration.ZERO));
    assertThatThrownBy(() -> build(backend(server).model(null)).model())
        .hasMessage("no OpenAI-compatible server at " + server.baseUrl() + ": GET " + server.baseUrl() + "/models did not answer with a model list");
  }

  @Test
  void llamaCppTimingsAreSummedAsPrefillAndDecodeSpeed() {
    OpenAiTestServer server = server(request -> {
      if (request.isModels()) return OpenAiTestServer.llm(OpenAiTestServer.MODEL, java.util.OptionalInt.empty(), LLM).respond(request);
      var body = OpenAiTestServer.completionBody(false, OpenAiTestServer.MODEL, request.seq(), "x", 10, 1);
      body.putObject("timings").put("prompt_n", 100).put("prompt_ms", 50.0).put("predicted_n", 20).put("predicted_ms", 400.0)
          .put("prompt_per_second", 2000.0).put("predicted_per_second", 50.0);
      return Reply.json(200, body);
    });
    OpenAiBackend backend = build(backend(server));
    backend.complete(request(SamplingParams.greedy(10)));
    backend.complete(request(SamplingParams.greedy(10)));
    ServerSpeed speed = backend.serverSpeed();
    assertThat(speed.responses()).isEqualTo(2);
    assertThat(speed.prefillPerSecond().getAsDouble()).isEqualTo(2000.0);
    assertThat(speed.decodePerSecond().getAsDouble()).isEqualTo(50.0);
  }

  @Test
  void connectionRefusedIsRetriedThenFails() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    OpenAiBackend backend = build(OpenAiBackend.builder().baseUrl("http://127.0.0.1:" + port).model("m")
        .environment(n -> null).maxRetries(2).backoffBase(Duration.ofMillis(1)).backoffCap(Duration.ofMillis(2)));
    assertThatThrownBy(() -> backend.complete(request(SamplingParams.greedy(10))))
        .isInstanceOf(LlmException.class)
        .hasMessage("POST http://127.0.0.1:" + port + "/v1/completions failed after 3 attempts,"
            + " last: connection failed: connection refused")
        .satisfies(e -> assertThat(((LlmException) e).kind()).isEqualTo(LlmException.Kind.UNREACHABLE));
  }

  @Test
  void contextLengthComesFromVllmModelsOnceAndChecksTheBudget() {
    OpenAiTestServer server = server();
    OpenAiBackend backend = build(backend(server));

    assertThat(backend.contextLength()).hasValue(32768);
    backend.checkContext(29596, 3172);
    assertThatThrownBy(() -> backend.checkContext(29597, 3172))
        .isInstanceOf(LlmException.class)
        .hasMessageStartingWith("prompt of 29597 tokens + max_tokens 3172 = 32769 exceeds the model's context length"
            + " of 32768 tokens; raise the server's context (vLLM --max-model-len");
    assertThat(server.requests()).singleElement().satisfies(r -> assertThat(r.isModels()).isTrue());
  }

  @Test
  void contextLengthFromLlamaCppAndOllamaShapes() {
    String llamaCpp = "{\"object\":\"list\",\"data\":[{\"id\":\"reasonrank-7b-q8_0.gguf\",\"object\":\"model\","
        + "\"owned_by\":\"llamacpp\",\"meta\":{\"vocab_type\":2,\"n_vocab\":152064,\"n_ctx_train\":32768}}]}";
    // llama-server -c 2048 -np 2: the list shows the training context, /props the enforced 1,024 per slot
    String props = "{\"default_generation_settings\":{\"n_ctx\":1024},\"total_slots\":2}";
    OpenAiTestServer server = server(request -> request.path().equals("/props") ? Reply.json(200, props) : Reply.json(200, llamaCpp));
    OpenAiBackend llama = build(backend(server).model(null));
    assertThat(llama.contextLength()).hasValue(1024);
    assertThat(llama.probe().server()).isEqualTo("llama.cpp");
    assertThat(llama.probe().contextSource()).endsWith("/props default_generation_settings.n_ctx (per slot, 2 slots)");
    // without /props only the training context is known, and it is not taken for the enforced one
    server.responder(request -> request.path().equals("/props") ? Reply.error(404, "nope") : Reply.json(200, llamaCpp));
    OpenAiBackend noProps = build(backend(server).model(null));
    assertThat(noProps.contextLength()).isEmpty();
    assertThat(noProps.probe().notes()).singleElement().asString().contains("n_ctx_train 32768");

    String ollama = "{\"object\":\"list\",\"data\":[{\"id\":\"reasonrank:7b\",\"object\":\"model\",\"owned_by\":\"library\"}]}";
    server.responder(request -> Reply.json(200, ollama));
    assertThat(build(backend(server).model("reasonrank:7b")).contextLength()).isEmpty();
    String show = "{\"parameters\":\"stop \\\"<|im_end|>\\\"\\nnum_ctx                        8192\"}";
    server.responder(request -> request.path().equals("/api/show") ? Reply.json(200, show) : Reply.json(200, ollama));
    assertThat(build(backend(server).model("reasonrank:7b")).contextLength()).hasValue(8192);

    server.responder(request -> Reply.error(404, "Not Found"));
    assertThat(build(backend(server)).contextLength()).isEmpty();
  }

  @Test
  void contextOverrideWinsAndTheTokenCounterStopsOversizedRequestsBeforeSending() {
    OpenAiTestServer server = server();
    OpenAiBackend backend = build(backend(server).contextLength(4096).promptTokenCounter(prompt -> 1000));

    assertThat(backend.contextLength()).hasValue(4096);
    assertThatThrownBy(() -> backend.complete(request(SamplingParams.greedy(3172))))
        .isInstanceOf(LlmException.class)
        .hasMessageStartingWith("prompt of 1000 tokens + max_tokens 3172 = 4172 exceeds the model's context length of 4096");
    assertThat(backend.complete(request(SamplingParams.greedy(3096))).text()).isEqualTo(LLM.apply(PROMPT));
    assertThat(server.requests()).extracting(OpenAiTestServer.Request::path).containsExactly("/v1/completions");
  }

  @Test
  void modelNameIsTakenFromTheServerWhenNotGiven() {
    OpenAiTestServer server = server();
    OpenAiBackend backend = build(backend(server).model(null));
    assertThat(backend.model()).isEqualTo(OpenAiTestServer.MODEL);
    assertThat(backend.complete(request(SamplingParams.greedy(10))).text()).isEqualTo(LLM.apply(PROMPT));
    assertThat(server.requests()).extracting(OpenAiTestServer.Request::path)
        .containsExactly("/v1/models", "/v1/completions");
  }

  @Test
  void apiKeyHeaderOnlyWhenTheVariableIsSet() {
    OpenAiTestServer server = server();
    build(backend(server).environment(Map.of("OPENAI_API_KEY", "sk-test")::get)).complete(request(SamplingParams.greedy(10)));
    build(backend(server)).complete(request(SamplingParams.greedy(10)));
    build(backend(server).apiKeyEnv("VLLM_API_KEY").environment(Map.of("VLLM_API_KEY", " token-abc ")::get))
        .complete(request(SamplingParams.greedy(10)));
    build(backend(server).environment(Map.of("OPENAI_API_KEY", "  ")::get)).complete(request(SamplingParams.greedy(10)));

    assertThat(server.generationRequests()).extracting(r -> String.valueOf(r.header("Authorization")))
        .containsExactly("Bearer sk-test", "null", "Bearer token-abc", "null");
  }

  @Test
  void baseUrlWithOrWithoutV1() {
    assertThat(OpenAiBackend.normalizeBaseUrl("http://localhost:8000")).hasToString("http://localhost:8000/v1");
    assertThat(OpenAiBackend.normalizeBaseUrl("http://localhost:8000/")).hasToString("http://localhost:8000/v1");
    assertThat(OpenAiBackend.normalizeBaseUrl("http://localhost:8000/v1")).hasToString("http://localhost:8000/v1");
    assertThat(OpenAiBackend.normalizeBaseUrl(" http://localhost:8000/v1// ")).hasToString("http://localhost:8000/v1");
    assertThat(OpenAiBackend.normalizeBaseUrl("https://gw.example/api/v1/")).hasToString("https://gw.example/api/v1");
    assertThat(OpenAiBackend.normalizeBaseUrl("HTTP://127.0.0.1:11434")).hasToString("http://127.0.0.1:11434/v1");
    assertThatThrownBy(() -> OpenAiBackend.normalizeBaseUrl("localhost:8000"))
        .hasMessage("baseUrl must be an http(s) URL, got 'localhost:8000'");
    assertThatThrownBy(() -> OpenAiBackend.normalizeBaseUrl("http://h/v1?x=1"))
        .hasMessage("baseUrl must be an http(s) URL, got 'http://h/v1?x=1'");
  }

  @Test
  void builderRejectsBadSettings() {
    assertThatThrownBy(() -> OpenAiBackend.builder().maxConcurrency(0)).hasMessage("maxConcurrency must be >= 1, got 0");
    assertThatThrownBy(() -> OpenAiBackend.builder().maxRetries(-1)).hasMessage("maxRetries must be >= 0, got -1");
    assertThatThrownBy(() -> OpenAiBackend.builder().contextLength(0)).hasMessage("contextLength must be > 0, got 0");
    assertThatThrownBy(() -> OpenAiBackend.builder().requestTimeout(Duration.ZERO))
        .hasMessage("requestTimeout must be positive, got PT0S");
    assertThatThrownBy(() -> OpenAiBackend.builder().extraBodyField("max_tokens", 5))
        .hasMessage("extraBody may not set the managed field 'max_tokens'");
    assertThatThrownBy(() -> OpenAiBackend.builder().backoffBase(Duration.ofSeconds(2)).backoffCap(Duration.ofSeconds(1)).build())
        .hasMessage("backoffCap must be >= backoffBase, got PT1S < PT2S");
    assertThatThrownBy(() -> OpenAiBackend.builder().baseUrl("ftp://h").build())
        .hasMessage("baseUrl must be an http(s) URL, got 'ftp://h'");
  }

  private static <T> Iterable<T> iterable(java.util.Iterator<T> it) {
    List<T> out = new ArrayList<>();
    it.forEachRemaining(out::add);
    return out;
  }
}
