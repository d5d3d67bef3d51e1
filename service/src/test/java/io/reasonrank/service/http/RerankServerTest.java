package io.reasonrank.service.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reasonrank.io.Json;
import io.reasonrank.llm.openai.OpenAiTestServer;
import io.reasonrank.testing.ScriptedLlm;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The four rerank dialects, their semantics, and every kind of bad input, over loopback against the real server. */
class RerankServerTest {
  private static ServiceFixture service;

  @BeforeAll
  static void start() {
    service = ServiceFixture.scripted();
  }

  @AfterAll
  static void stop() {
    service.close();
  }

  static List<String> docs(int n, String topic) {
    List<String> d = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      d.add("passage " + i + " about " + (i % 3 == 0 ? topic : "something else " + i) + " with words " + "w" + (i * 7 % 11));
    }
    return d;
  }

  static ObjectNode body(String query, List<String> docs) {
    ObjectNode b = Json.MAPPER.createObjectNode().put("model", "rerank-v3.5").put("query", query);
    ArrayNode a = b.putArray("documents");
    docs.forEach(a::add);
    return b;
  }

  static JsonNode json(HttpResponse<String> r) throws IOException {
    return Json.MAPPER.readTree(r.body());
  }

  static List<Integer> order(JsonNode results) {
    List<Integer> o = new ArrayList<>();
    for (JsonNode r : results) o.add(r.path("index").asInt());
    return o;
  }

  /** Exactly one result per document, each index once, scores in (0, 1] strictly decreasing. */
  static void assertFullRanking(JsonNode results, int n, String scoreField) {
    assertThat(results).hasSize(n);
    Set<Integer> seen = new HashSet<>();
    double last = Double.POSITIVE_INFINITY;
    for (JsonNode r : results) {
      assertThat(seen.add(r.path("index").asInt())).isTrue();
      double s = r.path(scoreField).asDouble();
      assertThat(s).isGreaterThan(0).isLessThanOrEqualTo(1).isLessThan(last);
      last = s;
    }
    assertThat(seen).hasSize(n).allMatch(i -> i >= 0 && i < n);
  }

  @Test
  void cohereV1AndV2AndJinaFieldsAndTeiAndNativeAgree() throws IOException {
    List<String> d = docs(25, "flea life cycle");
    String q = "how long is the life cycle of a flea";
    HttpResponse<String> v1 = service.post("/v1/rerank", body(q, d).put("return_documents", true).toString(), "X-Request-Id", "my-req-1");
    assertThat(v1.statusCode()).as(v1.body()).isEqualTo(200);
    assertThat(v1.headers().firstValue("X-Request-Id")).hasValue("my-req-1");
    JsonNode j1 = json(v1);
    assertThat(j1.path("id").asText()).isEqualTo("my-req-1");
    assertFullRanking(j1.path("results"), 25, "relevance_score");
    assertThat(j1.path("results").get(0).path("relevance_score").asDouble()).isEqualTo(1.0);
    assertThat(j1.path("results").get(1).path("relevance_score").asDouble()).isEqualTo(0.5);
    for (JsonNode r : j1.path("results")) assertThat(r.path("document").path("text").asText()).isEqualTo(d.get(r.path("index").asInt()));
    assertThat(j1.path("meta").path("api_version").path("version").asText()).isEqualTo("1");
    assertThat(j1.path("meta").path("billed_units").path("search_units").asInt()).isEqualTo(1);
    assertThat(j1.path("meta").has("warnings")).isFalse();
    assertThat(j1.path("model").asText()).isEqualTo(OpenAiTestServer.MODEL);
    assertThat(j1.path("usage").path("prompt_tokens").asLong()).isPositive();
    assertThat(j1.path("usage").path("total_tokens").asLong()).isGreaterThan(j1.path("usage").path("prompt_tokens").asLong());
    List<Integer> expected = order(j1.path("results"));
    assertThat(expected).isNotEqualTo(java.util.stream.IntStream.range(0, 25).boxed().toList()); // the model did reorder

    JsonNode j2 = json(service.post("/v2/rerank", body(q, d).put("top_n", 3).put("max_tokens_per_doc", 4096).toString()));
    assertThat(j2.path("meta").path("api_version").path("version").asText()).isEqualTo("2");
    assertThat(order(j2.path("results"))).isEqualTo(expected.subList(0, 3));
    assertThat(j2.path("results").get(0).has("document")).isFalse();

    ObjectNode tei = Json.MAPPER.createObjectNode().put("query", q).put("return_text", true).put("raw_scores", false).put("truncate", true);
    d.forEach(tei.putArray("texts")::add);
    JsonNode jt = json(service.post("/rerank", tei.toString()));
    assertThat(jt.isArray()).isTrue();
    assertFullRanking(jt, 25, "score");
    assertThat(order(jt)).isEqualTo(expected);
    assertThat(jt.get(0).path("text").asText()).isEqualTo(d.get(expected.getFirst()));

    JsonNode jn = json(service.post("/v1/reasonrank/rerank", body(q, d).toString()));
    List<Integer> perm = new ArrayList<>();
    jn.path("permutation").forEach(p -> perm.add(p.asInt()));
    assertThat(perm).isEqualTo(expected);
    assertThat(jn.path("reranked").asInt()).isEqualTo(25);
    assertThat(jn.path("windows")).hasSize(2); // 25 candidates: windows [5, 25) then [0, 20)
    JsonNode w0 = jn.path("windows").get(0);
    assertThat(w0.path("start").asInt()).isEqualTo(5);
    assertThat(w0.path("response").asText()).contains("[");
    assertThat(w0.path("parse_path").asText()).isNotBlank();
    assertThat(w0.path("indices_before")).hasSize(20);
    assertThat(jn.path("fallback").path("degraded").asBoolean()).isFalse();
    assertThat(jn.path("fallback").path("failed_windows").asInt()).isZero();

    // Jina's shape: return_documents false, object documents, the top_k alias and fields of other dialects are ignored
    ObjectNode jina = Json.MAPPER.createObjectNode().put("model", "jina-reranker-v2-base-multilingual").put("query", q)
        .put("return_documents", false).put("max_chunks_per_doc", 10).put("priority", 0).put("top_k", 5);
    jina.putObject("unknown_field").put("nested", true);
    jina.putArray("unknown_list").add(1);
    d.forEach(t -> jina.withArray("documents").addObject().put("text", t).put("id", "x"));
    JsonNode jj = json(service.post("/v1/rerank", jina.toString()));
    assertThat(order(jj.path("results"))).isEqualTo(expected.subList(0, 5));
    assertThat(jj.path("usage").has("total_tokens")).isTrue();
  }

  @Test
  void documentsBelowTheTopKKeepTheirInputOrderBeneath() throws IOException {
    try (ServiceFixture small = ServiceFixture.start(OpenAiTestServer.startLlm(new ScriptedLlm()), 4,
        b -> b.settings(new io.reasonrank.rerank.WindowSettings(20, 10, 30, 1)), Limits.DEFAULT, ApiKeys.none())) {
      List<String> d = docs(45, "fleas");
      JsonNode j = json(small.post("/v1/reasonrank/rerank", body("fleas", d).toString()));
      assertThat(j.path("reranked").asInt()).isEqualTo(30);
      List<Integer> perm = new ArrayList<>();
      j.path("permutation").forEach(p -> perm.add(p.asInt()));
      assertThat(perm).hasSize(45);
      assertThat(perm.subList(0, 30)).containsExactlyInAnyOrderElementsOf(java.util.stream.IntStream.range(0, 30).boxed().toList());
      assertThat(perm.subList(30, 45)).isEqualTo(java.util.stream.IntStream.range(30, 45).boxed().toList());
    }
  }

  @Test
  void malformedBodiesAndWrongTypesAre400WithAMessage() throws IOException {
    String[][] cases = {
        {"{\"query\": \"q\", \"documents\": [\"a\"", "malformed JSON"},
        {"", "body is empty"},
        {"[1, 2]", "must be a JSON object"},
        {"\"just a string\"", "must be a JSON object"},
        {"{\"documents\": [\"a\"]}", "'query' is required"},
        {"{\"query\": 5, \"documents\": [\"a\"]}", "'query' must be a string"},
        {"{\"query\": \"  \", \"documents\": [\"a\"]}", "query must not be empty"},
        {"{\"query\": \"q\"}", "'documents' is required"},
        {"{\"query\": \"q\", \"documents\": \"a\"}", "'documents' must be an array"},
        {"{\"query\": \"q\", \"documents\": []}", "must not be empty"},
        {"{\"query\": \"q\", \"documents\": [1]}", "documents[0] must be a string"},
        {"{\"query\": \"q\", \"documents\": [{\"title\": \"t\"}]}", "does not have a 'text' field"},
        {"{\"query\": \"q\", \"documents\": [\"a\"], \"top_n\": \"3\"}", "'top_n' must be an integer"},
        {"{\"query\": \"q\", \"documents\": [\"a\"], \"top_n\": 0}", "'top_n' must be an integer >= 1"},
        {"{\"query\": \"q\", \"documents\": [\"a\"], \"return_documents\": \"yes\"}", "'return_documents' must be a boolean"},
        {"{\"query\": \"q\", \"documents\": [\"a\"], \"rank_fields\": []}", "rank_fields cannot be empty"},
        {"{\"query\": \"q\", \"documents\": [\"a\"], \"timeout_ms\": -1}", "'timeout_ms' must be a positive integer"},
        {"{\"query\": \"q\", \"documents\": [\"a\"], \"model\": {}}", "'model' must be a string"},
    };
    for (String[] c : cases) {
      HttpResponse<String> r = service.post("/v2/rerank", c[0]);
      assertThat(r.statusCode()).as(c[0] + " -> " + r.body()).isEqualTo(400);
      JsonNode j = json(r);
      assertThat(j.path("message").asText()).as(c[0]).contains(c[1]);
      assertThat(j.path("id").asText()).isEqualTo(r.headers().firstValue("X-Request-Id").orElseThrow());
    }
    HttpResponse<String> tei = service.post("/rerank", "{\"query\": \"q\", \"texts\": [{\"text\": \"a\"}]}");
    assertThat(tei.statusCode()).isEqualTo(400);
    assertThat(json(tei).path("error").asText()).contains("texts[0] must be a string");
    HttpResponse<String> bad = service.post("/v1/rerank", "{\"query\": \"q\", \"documents\": [\"a\"]}", "X-ReasonRank-Timeout-Ms", "soon");
    assertThat(bad.statusCode()).isEqualTo(400);
  }

  @Test
  void unknownPathsAndMethodsAre4xxJson() throws IOException {
    for (HttpResponse<String> r : List.of(service.get("/nope"), service.post("/v3/rerank", "{}"), service.get("/v1/rerank"))) {
      assertThat(r.statusCode()).as(r.body()).isBetween(400, 499);
      assertThat(json(r).path("message").asText()).isNotBlank();
      assertThat(r.body()).doesNotContain("Exception").doesNotContain("\tat ");
    }
  }

  @Test
  void limitsNameTheLimit() throws IOException {
    HttpResponse<String> many = service.post("/v1/rerank", body("q", docs(1001, "x")).toString());
    assertThat(many.statusCode()).isEqualTo(400);
    assertThat(json(many).path("message").asText()).contains("1001 documents").contains("max_documents 1000");
    HttpResponse<String> longDoc = service.post("/v1/rerank", body("q", List.of("a", "b".repeat(16_385))).toString());
    assertThat(longDoc.statusCode()).isEqualTo(400);
    assertThat(json(longDoc).path("message").asText()).contains("documents[1]").contains("max_document_chars 16384");
    HttpResponse<String> longQuery = service.post("/v1/rerank", body("q".repeat(8_193), List.of("a")).toString());
    assertThat(longQuery.statusCode()).isEqualTo(400);
    assertThat(json(longQuery).path("message").asText()).contains("max_query_chars 8192");

    Limits tiny = new Limits(2_000, 1000, 16_384, 8_192, Duration.ofSeconds(30));
    try (ServiceFixture small = ServiceFixture.start(OpenAiTestServer.startLlm(new ScriptedLlm()), 2, b -> {}, tiny, ApiKeys.none())) {
      HttpResponse<String> big = small.post("/v1/rerank", body("q", docs(60, "x")).toString());
      assertThat(big.statusCode()).isEqualTo(413);
      assertThat(json(big).path("message").asText()).contains("max_body_bytes 2000");
      assertThat(small.post("/v1/rerank", body("q", docs(3, "x")).toString()).statusCode()).isEqualTo(200);
    }
  }

  @Test
  void apiKeysGuardEverythingButHealth() throws IOException {
    ApiKeys keys = ApiKeys.fromEnvironment("key-one, key-two");
    try (ServiceFixture guarded = ServiceFixture.start(OpenAiTestServer.startLlm(new ScriptedLlm()), 2, b -> {}, Limits.DEFAULT, keys)) {
      String b = body("q", docs(3, "x")).toString();
      HttpResponse<String> none = guarded.post("/v1/rerank", b);
      assertThat(none.statusCode()).isEqualTo(401);
      assertThat(json(none).path("message").asText()).isEqualTo("no api key supplied");
      HttpResponse<String> wrong = guarded.post("/v1/rerank", b, "Authorization", "Bearer key-three");
      assertThat(wrong.statusCode()).isEqualTo(401);
      assertThat(json(wrong).path("message").asText()).isEqualTo("invalid api token");
      assertThat(guarded.post("/v1/rerank", b, "Authorization", "Basic key-one").statusCode()).isEqualTo(401);
      assertThat(guarded.post("/v1/rerank", b, "Authorization", "Bearer key-two").statusCode()).isEqualTo(200);
      assertThat(guarded.post("/v1/rerank", b, "Authorization", "bearer key-one").statusCode()).isEqualTo(200);
      assertThat(guarded.get("/health").statusCode()).isEqualTo(200);
      assertThat(guarded.get("/metrics").statusCode()).isEqualTo(401);
      assertThat(guarded.get("/metrics", "Authorization", "Bearer key-one").body()).contains("reasonrank_rejected_total{reason=\"auth\"}");
    }
    assertThat(ApiKeys.fromEnvironment(null).enabled()).isFalse();
    assertThat(ApiKeys.fromEnvironment(" , ").enabled()).isFalse();
  }

  @Test
  void unicodeJunkNeverFailsTheServer() throws IOException {
    String[] junk = {"\\ud800 lone high surrogate", "\\udfff\\ud800 reversed pair", "nul \\u0000 char", "emoji \uD83D\uDE00\uD83D\uDC4D",
        "rtl \u202Eevil\u202C", "combining e\u0301\u0301\u0301", "zero\u200Bwidth", "\uFEFF bom", "mojibake Ã©Ã¨", "tab\tnew\nline\r\n"};
    StringBuilder docsJson = new StringBuilder("[");
    for (int i = 0; i < junk.length; i++) docsJson.append(i > 0 ? "," : "").append('"').append(junk[i].replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t")).append('"');
    docsJson.append(']');
    String b = "{\"query\": \"\\ud83d junk \\u0000 query\", \"documents\": " + docsJson + "}";
    HttpResponse<String> r = service.post("/v1/rerank", b);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertFullRanking(json(r).path("results"), junk.length, "relevance_score");

    // bytes that are not UTF-8 at all
    byte[] raw = "{\"query\": \"q\", \"documents\": [\"\u0000\"]}".getBytes(StandardCharsets.UTF_8);
    byte[] broken = new byte[raw.length + 2];
    System.arraycopy(raw, 0, broken, 0, raw.length);
    broken[raw.length - 4] = (byte) 0xC3;
    broken[raw.length - 3] = (byte) 0x28;
    HttpResponse<String> br = service.send(HttpRequest.newBuilder(URI.create(service.baseUrl() + "/v1/rerank"))
        .POST(HttpRequest.BodyPublishers.ofByteArray(broken)).build());
    assertThat(br.statusCode()).as(br.body()).isBetween(200, 499);
    assertThat(br.statusCode()).isNotEqualTo(413);
  }

  @Test
  void healthReadyMetricsAndOpenApi() throws IOException {
    assertThat(json(service.get("/health")).path("status").asText()).isEqualTo("ok");
    HttpResponse<String> ready = service.get("/ready");
    assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
    assertThat(json(ready).path("detail").asText()).contains("of 32768 tokens");
    service.post("/v1/rerank", body("metrics query", docs(4, "metrics")).toString());
    String m = service.get("/metrics").body();
    assertThat(m).contains("reasonrank_http_requests_total{endpoint=\"/v1/rerank\",status=\"200\"}")
        .contains("reasonrank_http_request_duration_seconds_bucket").contains("reasonrank_llm_calls_total{outcome=\"generated\"}")
        .contains("reasonrank_llm_tokens_total{direction=\"in\"}").contains("reasonrank_parse_paths_total")
        .contains("reasonrank_queue_waiting").contains("reasonrank_queue_running");
    JsonNode api = json(service.get("/openapi.json"));
    assertThat(api.path("openapi").asText()).startsWith("3.");
    for (String p : RerankServer.paths()) assertThat(api.path("paths").has(p)).as(p).isTrue();
  }
}
