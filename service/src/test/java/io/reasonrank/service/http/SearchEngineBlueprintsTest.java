package io.reasonrank.service.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.reasonrank.io.Json;
import io.reasonrank.llm.openai.OpenAiTestServer;
import io.reasonrank.testing.ScriptedLlm;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Elasticsearch and OpenSearch blueprints of docs/integrations, checked the only way possible without the engines:
 * each template is rendered as the engine renders it, the exact body is sent to the service (with the API key the
 * headers carry), and the answer is read with exactly the engine's JSON paths / post-processing rules.
 */
class SearchEngineBlueprintsTest {
  private static final Path DIR = Path.of("..", "docs", "integrations");
  private static final String KEY = "es-and-os-key";
  private static ServiceFixture service;
  private static final String QUERY = "how long is the life cycle of a flea";
  private static final List<String> DOCS = RerankServerTest.docs(23, "the flea life cycle");

  @BeforeAll
  static void start() {
    service = ServiceFixture.start(OpenAiTestServer.startLlm(new ScriptedLlm()), 4, b -> {}, Limits.DEFAULT, ApiKeys.of(List.of(KEY)));
  }

  @AfterAll
  static void stop() {
    service.close();
  }

  private static JsonNode read(String name) throws IOException {
    return Json.MAPPER.readTree(Files.readString(DIR.resolve(name)));
  }

  private static String placeholderFree(String s) {
    assertThat(s).as("unresolved template in %s", s).doesNotContain("${");
    return s;
  }

  /** A JSONPath of the form {@code $.a[*].b.c}: the values it selects, in document order. */
  static List<JsonNode> jsonPath(JsonNode root, String path) {
    assertThat(path).startsWith("$.");
    List<JsonNode> current = List.of(root);
    for (String seg : path.substring(2).split("\\.")) {
      boolean all = seg.endsWith("[*]");
      String field = all ? seg.substring(0, seg.length() - 3) : seg;
      List<JsonNode> next = new ArrayList<>();
      for (JsonNode n : current) {
        JsonNode v = n.get(field);
        if (v == null) continue;
        if (all) v.forEach(next::add);
        else next.add(v);
      }
      current = next;
    }
    return current;
  }

  private List<Integer> nativeOrder() throws IOException {
    JsonNode j = Json.MAPPER.readTree(service.post("/v1/reasonrank/rerank", RerankServerTest.body(QUERY, DOCS).toString(),
        "Authorization", "Bearer " + KEY).body());
    List<Integer> order = new ArrayList<>();
    j.path("permutation").forEach(p -> order.add(p.asInt()));
    return order;
  }

  @Test
  void elasticsearchCustomServiceTemplateAndJsonPaths() throws IOException {
    JsonNode endpoint = read("elasticsearch-inference-endpoint.json");
    assertThat(endpoint.path("service").asText()).isEqualTo("custom");
    JsonNode settings = endpoint.path("service_settings");
    assertThat(settings.path("url").asText()).endsWith("/v2/rerank");
    // Elasticsearch's substitution: ${query} as a JSON string, ${input} as a JSON array of strings, ${top_n} as a number
    // (a text_similarity_reranker sends its rank_window_size documents), secrets from secret_parameters
    ArrayNode input = Json.MAPPER.createArrayNode();
    DOCS.forEach(input::add);
    String body = settings.path("request").asText()
        .replace("${query}", Json.MAPPER.writeValueAsString(QUERY))
        .replace("${input}", input.toString())
        .replace("${top_n}", Integer.toString(DOCS.size()));
    List<String> headers = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = settings.path("headers").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> h = it.next();
      headers.add(h.getKey());
      headers.add(placeholderFree(h.getValue().asText().replace("${api_key}", KEY)));
    }
    HttpResponse<String> r = service.post("/v2/rerank", placeholderFree(body), headers.toArray(String[]::new));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode answer = Json.MAPPER.readTree(r.body());
    JsonNode parser = settings.path("response").path("json_parser");
    List<JsonNode> indices = jsonPath(answer, parser.path("reranked_index").asText());
    List<JsonNode> scores = jsonPath(answer, parser.path("relevance_score").asText());
    // Elasticsearch fails the search when the reranker returns another number of scores than it sent documents
    assertThat(indices).hasSize(DOCS.size());
    assertThat(scores).hasSize(DOCS.size());
    List<Integer> order = indices.stream().map(JsonNode::asInt).toList();
    assertThat(order).isEqualTo(nativeOrder());
    for (int i = 1; i < scores.size(); i++) assertThat(scores.get(i).asDouble()).isLessThan(scores.get(i - 1).asDouble()).isPositive();

    JsonNode search = read("elasticsearch-search.json").path("retriever").path("text_similarity_reranker");
    assertThat(search.path("inference_id").asText()).isEqualTo("reasonrank");
    assertThat(search.path("rank_window_size").asInt()).isLessThanOrEqualTo(Limits.DEFAULT.maxDocuments());
  }

  @Test
  void openSearchConnectorWithCoherePreAndPostProcessing() throws IOException {
    JsonNode connector = read("opensearch-connector.json");
    JsonNode action = connector.path("actions").get(0);
    assertThat(action.path("pre_process_function").asText()).isEqualTo("connector.pre_process.cohere.rerank");
    assertThat(action.path("post_process_function").asText()).isEqualTo("connector.post_process.cohere.rerank");
    String url = action.path("url").asText();
    // the cluster settings must trust the connector's URL (a Java regex) and allow a private address
    JsonNode settings = read("opensearch-cluster-settings.json").path("persistent");
    boolean trusted = false;
    for (JsonNode re : settings.path("plugins.ml_commons.trusted_connector_endpoints_regex")) trusted |= Pattern.matches(re.asText(), url);
    assertThat(trusted).as("trusted_connector_endpoints_regex matches %s", url).isTrue();
    assertThat(settings.path("plugins.ml_commons.connector.private_ip_enabled").asBoolean()).isTrue();

    // connector.pre_process.cohere.rerank: query_text -> parameters.query, text_docs -> parameters.documents (a JSON
    // array), their count -> parameters.top_n; then ${parameters.*} and ${credential.*} are substituted as text
    String body = renderConnector(action, connector, QUERY);
    List<String> headers = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = action.path("headers").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> h = it.next();
      headers.add(h.getKey());
      headers.add(placeholderFree(h.getValue().asText().replace("${credential.api_key}", KEY)));
    }
    String path = url.substring(url.indexOf('/', "http://".length()));
    HttpResponse<String> r = service.post(path, body, headers.toArray(String[]::new));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);

    // connector.post_process.cohere.rerank: $.results, each with index and relevance_score, scores put back in input
    // order as one {"name": "similarity", "data": [score]} per document, which the rerank processor sorts by
    List<JsonNode> results = jsonPath(Json.MAPPER.readTree(r.body()), "$.results[*]");
    double[] similarity = new double[DOCS.size()];
    Arrays.fill(similarity, Double.NaN);
    for (JsonNode item : results) {
      assertThat(item.has("index") && item.has("relevance_score")).as("The rerank result should contain index and relevance_score.").isTrue();
      similarity[item.path("index").asInt()] = item.path("relevance_score").asDouble();
    }
    assertThat(Arrays.stream(similarity).boxed().toList()).allMatch(s -> !Double.isNaN(s) && s > 0 && s <= 1);
    List<Integer> bySimilarity = IntStream.range(0, DOCS.size()).boxed().sorted((a, b) -> Double.compare(similarity[b], similarity[a])).toList();
    assertThat(bySimilarity).isEqualTo(nativeOrder());

    // the template splices the query into a JSON string unescaped: a query with a quote gets a clean 400, not a 5xx
    HttpResponse<String> quoted = service.post(path, renderConnector(action, connector, "what does \"flea\" mean"), headers.toArray(String[]::new));
    assertThat(quoted.statusCode()).isEqualTo(400);
    assertThat(Json.MAPPER.readTree(quoted.body()).path("message").asText()).contains("malformed JSON");

    JsonNode pipeline = read("opensearch-search-pipeline.json").path("response_processors").get(0).path("rerank");
    assertThat(pipeline.path("ml_opensearch").has("model_id")).isTrue();
    String field = pipeline.path("context").path("document_fields").get(0).asText();
    assertThat(read("opensearch-search.json").path("query").path("match").has(field)).isTrue();
    assertThat(read("opensearch-model-register.json").path("function_name").asText()).isEqualTo("remote");
  }

  private static String renderConnector(JsonNode action, JsonNode connector, String query) throws IOException {
    ArrayNode docs = Json.MAPPER.createArrayNode();
    DOCS.forEach(docs::add);
    return placeholderFree(action.path("request_body").asText()
        .replace("${parameters.documents}", Json.MAPPER.writeValueAsString(docs))
        .replace("${parameters.query}", query)
        .replace("${parameters.model}", connector.path("parameters").path("model").asText())
        .replace("${parameters.top_n}", Integer.toString(DOCS.size())));
  }
}
