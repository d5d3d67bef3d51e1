package io.reasonrank.llm.mock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.reasonrank.io.Json;
import io.reasonrank.llm.openai.OpenAiTestServer;
import io.reasonrank.testing.ScriptedLlm;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The mock-llm model over real HTTP: routes, both scripted formats, latency and seeded failure injection. */
class MockLlmTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final String LISTWISE_PROMPT = "I will provide you with 2 passages, each indicated by a numerical identifier []. "
      + "Rank the passages based on their relevance to the search query: cat food.\n[1] dog toys\n[2] cat food bowls\n"
      + "Search Query: cat food.";

  static MockLlm.Options options(double failRate, int failStatus, long seed, Duration delay) {
    return new MockLlm.Options("scripted", 4096, delay, failRate, failStatus, seed, OpenAiTestServer::words);
  }

  static OpenAiTestServer start(MockLlm.Options o) throws Exception {
    return MockLlm.start(o, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
  }

  static HttpResponse<String> get(OpenAiTestServer s, String path) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.port() + path)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static HttpResponse<String> post(OpenAiTestServer s, String path, String body) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.port() + path))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static String completion(String model, String prompt) {
    return Json.MAPPER.createObjectNode().put("model", model).put("prompt", prompt).put("max_tokens", 64).toString();
  }

  @Test
  void servesModelsPropsHealthAndTheListwiseScriptedAnswer() throws Exception {
    try (OpenAiTestServer s = start(options(0, 500, 1, Duration.ZERO))) {
      JsonNode models = Json.MAPPER.readTree(get(s, "/v1/models").body());
      assertThat(models.path("data").get(0).path("id").asText()).isEqualTo("scripted");
      assertThat(models.path("data").get(0).path("max_model_len").asInt()).isEqualTo(4096);
      assertThat(Json.MAPPER.readTree(get(s, "/props").body()).path("default_generation_settings").path("n_ctx").asInt())
          .isEqualTo(4096);
      assertThat(get(s, "/health").statusCode()).isEqualTo(200);

      HttpResponse<String> r = post(s, "/v1/completions", completion("scripted", LISTWISE_PROMPT));
      assertThat(r.statusCode()).isEqualTo(200);
      JsonNode body = Json.MAPPER.readTree(r.body());
      assertThat(body.path("choices").get(0).path("text").asText()).isEqualTo(new ScriptedLlm().apply(LISTWISE_PROMPT));
      assertThat(body.path("usage").path("prompt_tokens").asInt()).isEqualTo(OpenAiTestServer.words(LISTWISE_PROMPT));

      assertThat(post(s, "/v1/completions", completion("other", LISTWISE_PROMPT)).statusCode()).isEqualTo(404);
      assertThat(post(s, "/v1/completions", "{\"model\":\"scripted\",\"prompt\":\"x\",\"stream\":true}").statusCode())
          .isEqualTo(400);
    }
  }

  @Test
  void answersARank1PromptWithAJudgment() throws Exception {
    String prompt = "Determine if the following passage is relevant to the query. Answer only with 'true' or 'false'.\n"
        + "Query: cat food\nPassage: cat food bowls\n<think>";
    try (OpenAiTestServer s = start(options(0, 500, 1, Duration.ZERO))) {
      JsonNode body = Json.MAPPER.readTree(post(s, "/v1/completions", completion("scripted", prompt)).body());
      assertThat(body.path("choices").get(0).path("text").asText()).isEqualTo("The query has 2 terms; 2 appear in the passage.\n");
      assertThat(body.path("choices").get(0).path("finish_reason").asText()).isEqualTo("stop");
    }
  }

  @Test
  void injectedFailuresAreSeededAndDelayed() throws Exception {
    List<List<Integer>> runs = new ArrayList<>();
    for (int run = 0; run < 2; run++) {
      try (OpenAiTestServer s = start(options(0.5, 503, 7, Duration.ofMillis(30)))) {
        List<Integer> statuses = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int i = 0; i < 20; i++) statuses.add(post(s, "/v1/completions", completion("scripted", LISTWISE_PROMPT)).statusCode());
        assertThat(System.nanoTime() - t0).as("20 delayed replies").isGreaterThanOrEqualTo(20 * 30_000_000L);
        assertThat(get(s, "/v1/models").statusCode()).as("listing never fails").isEqualTo(200);
        runs.add(statuses);
      }
    }
    assertThat(runs.get(0)).containsOnly(200, 503).contains(200, 503);
    assertThat(runs.get(1)).isEqualTo(runs.get(0));
    try (OpenAiTestServer s = start(options(1, 429, 7, Duration.ZERO))) {
      HttpResponse<String> r = post(s, "/v1/chat/completions",
          "{\"model\":\"scripted\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
      assertThat(r.statusCode()).isEqualTo(429);
      assertThat(r.body()).contains("injected failure");
    }
  }

  @Test
  void optionsAreValidated() {
    assertThatThrownBy(() -> options(1.5, 500, 1, Duration.ZERO)).hasMessage("failRate must be in [0, 1], got 1.5");
    assertThatThrownBy(() -> options(0, 200, 1, Duration.ZERO)).hasMessage("failStatus must be in 400..599, got 200");
    assertThatThrownBy(() -> options(0, 500, 1, Duration.ofMillis(-1))).hasMessage("delay must be >= 0, got PT-0.001S");
  }
}
