package io.reasonrank.rewardserver;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.reasonrank.testing.SharedData;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The reward server in-process on an ephemeral 127.0.0.1 port, with bounded requests. */
class RewardServerTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static RewardServer server;
  private static String base;

  @BeforeAll
  static void start() {
    server = new RewardServer(2, 64L * 1024 * 1024);
    base = "http://127.0.0.1:" + server.start("127.0.0.1", 0);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static HttpResponse<String> post(String body) throws Exception {
    HttpRequest req = HttpRequest.newBuilder(URI.create(base + "/reward")).timeout(Duration.ofSeconds(30))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
    return HTTP.send(req, HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> get(String path) throws Exception {
    HttpRequest req = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10)).GET().build();
    return HTTP.send(req, HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void health() throws Exception {
    HttpResponse<String> r = get("/health");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("{\"status\":\"ok\"}");
  }

  @Test
  void scoresTheGoldenBatchInOrderBitForBit() throws Exception {
    ArrayNode batch = MAPPER.createArrayNode();
    List<JsonNode> expected = new ArrayList<>();
    for (String line : Files.readAllLines(SharedData.path("golden/reward_cases.jsonl"))) {
      JsonNode row = MAPPER.readTree(line);
      if (row.has("exception")) continue;
      var call = batch.addObject();
      for (String f : List.of("solution_str", "ground_truth", "initial_list", "final_list", "relevant_docids")) {
        call.set(f, row.get(f));
      }
      expected.add(row);
    }
    HttpResponse<String> r = post(batch.toString()); // 407 rows: scored on both workers
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode got = MAPPER.readTree(r.body());
    assertThat(got.size()).isEqualTo(expected.size());
    for (int i = 0; i < got.size(); i++) {
      JsonNode want = expected.get(i);
      assertThat(got.get(i).get("reward").doubleValue()).as(want.get("id").asText())
          .isEqualTo(want.get("reward").doubleValue());
      for (String f : List.of("ndcg_cut_10", "recall_10", "rbo")) {
        assertThat(got.get(i).get(f).isNull()).isEqualTo(want.get(f).isNull());
        if (!want.get(f).isNull()) assertThat(got.get(i).get(f).doubleValue()).isEqualTo(want.get(f).doubleValue());
      }
    }
    assertThat(get("/metrics").body()).contains("reasonrank_reward_rows_total{outcome=\"scored\"}");
  }

  @Test
  void badRowAnswers400WithIndexAndField() throws Exception {
    String body = """
        [{"solution_str":"x","ground_truth":"[1]","initial_list":["a"],"relevant_docids":["a"]},
         {"solution_str":"x","initial_list":["a"],"relevant_docids":["a"]}]
        """;
    HttpResponse<String> r = post(body);
    assertThat(r.statusCode()).isEqualTo(400);
    JsonNode err = MAPPER.readTree(r.body());
    assertThat(err.get("row").asInt()).isEqualTo(1);
    assertThat(err.get("field").asText()).isEqualTo("ground_truth");
    assertThat(err.get("error").asText()).isEqualTo("row 1: missing field 'ground_truth'");
  }

  @Test
  void repeatedGroundTruthIdIsABadRow() throws Exception {
    String body = """
        [{"solution_str":"<think></think><answer>[1] [1]</answer>","ground_truth":"[1] > [1]","initial_list":["a","b"],"relevant_docids":["a"]}]
        """;
    HttpResponse<String> r = post(body);
    assertThat(r.statusCode()).isEqualTo(400);
    JsonNode err = MAPPER.readTree(r.body());
    assertThat(err.get("row").asInt()).isEqualTo(0);
    assertThat(err.get("field").asText()).isEqualTo("ground_truth");
  }

  @Test
  void notAnArrayOrNotJsonIs400() throws Exception {
    assertThat(post("{\"solution_str\":\"x\"}").body()).contains("expected a JSON array");
    HttpResponse<String> r = post("[{");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).contains("invalid JSON");
  }

  @Test
  void emptyBatchIsEmptyArray() throws Exception {
    HttpResponse<String> r = post("[]");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("[]");
  }
}
