package io.reasonrank.service.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reasonrank.io.Json;
import io.reasonrank.io.RankLlmResults;
import io.reasonrank.model.Candidate;
import io.reasonrank.model.RerankRequest;
import io.reasonrank.testing.SharedData;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The ranking a request gets equals the ranking {@code reasonrank rerank} writes: the 43 DL19 queries with their
 * BM25 top-100, sent to {@code /v1/rerank} by 8 concurrent clients, reranked through the scripted LLM over HTTP,
 * give the documents of {@code golden/scripted_rerank_dl19.rank_GPT_reasoning.trec} in the same order, query by
 * query (that golden run is what the reference, and {@code reasonrank rerank}, write for the same settings).
 */
class ScriptedParityTest {

  @Test
  void everyQueryGetsTheGoldenRunsOrderUnderConcurrentClients() throws Exception {
    List<RerankRequest> requests = RankLlmResults.read(SharedData.path("rank_llm/retrieve_results_dl19.json"));
    Map<String, List<String>> golden = new LinkedHashMap<>();
    for (String line : Files.readAllLines(SharedData.path("golden/scripted_rerank_dl19.rank_GPT_reasoning.trec"))) {
      String[] f = line.split(" ");
      golden.computeIfAbsent(f[0], k -> new ArrayList<>()).add(f[2]);
    }
    assertThat(golden).hasSize(43);
    try (ServiceFixture service = ServiceFixture.scripted(); ExecutorService clients = Executors.newFixedThreadPool(8)) {
      List<Future<List<String>>> answers = new ArrayList<>();
      for (RerankRequest r : requests) {
        answers.add(clients.submit(() -> {
          ObjectNode body = Json.MAPPER.createObjectNode().put("model", "reasonrank").put("query", r.query().text());
          ArrayNode docs = body.putArray("documents");
          for (Candidate c : r.candidates()) {
            assertThat(c.doc().title()).isEmpty(); // MS MARCO passages have none: the text is the whole document
            docs.add(c.doc().text());
          }
          HttpResponse<String> resp = service.post("/v1/rerank", body.toString());
          assertThat(resp.statusCode()).as(resp.body()).isEqualTo(200);
          assertThat(resp.headers().firstValue(RerankServer.FALLBACK_HEADER)).isEmpty();
          JsonNode json = Json.MAPPER.readTree(resp.body());
          assertThat(json.path("results")).hasSize(r.candidates().size());
          List<String> order = new ArrayList<>();
          double last = 2;
          for (JsonNode item : json.path("results")) {
            order.add(r.candidates().get(item.path("index").asInt()).docid());
            double s = item.path("relevance_score").asDouble();
            assertThat(s).isGreaterThan(0).isLessThanOrEqualTo(1).isLessThan(last);
            last = s;
          }
          return order;
        }));
      }
      for (int i = 0; i < requests.size(); i++) {
        String qid = requests.get(i).query().id();
        assertThat(answers.get(i).get()).as("query %s", qid).isEqualTo(golden.get(qid));
      }
      assertThat(service.llm().generationCount()).isEqualTo(43 * 9);
      assertThat(service.llm().maxInFlight()).isLessThanOrEqualTo(8).isGreaterThan(1);

      // the same requests again are answered from the shared cache, with the same order
      RerankRequest first = requests.getFirst();
      ObjectNode body = Json.MAPPER.createObjectNode().put("query", first.query().text());
      ArrayNode docs = body.putArray("documents");
      for (Candidate c : first.candidates()) docs.addObject().put("text", c.doc().text());
      JsonNode nat = Json.MAPPER.readTree(service.post("/v1/reasonrank/rerank", body.toString()).body());
      assertThat(nat.path("windows")).hasSize(9);
      for (JsonNode w : nat.path("windows")) assertThat(w.path("cached").asBoolean()).isTrue();
      List<String> order = new ArrayList<>();
      for (JsonNode p : nat.path("permutation")) order.add(first.candidates().get(p.asInt()).docid());
      assertThat(order).isEqualTo(golden.get(first.query().id()));
      assertThat(service.llm().generationCount()).isEqualTo(43 * 9);
    }
  }
}
