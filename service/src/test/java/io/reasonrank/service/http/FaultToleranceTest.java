package io.reasonrank.service.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.reasonrank.io.Json;
import io.reasonrank.llm.openai.OpenAiTestServer;
import io.reasonrank.llm.openai.OpenAiTestServer.Reply;
import io.reasonrank.llm.openai.OpenAiTestServer.Responder;
import io.reasonrank.testing.ScriptedLlm;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** A hanging model, a failing model, a full queue, graceful shutdown, and no lost or duplicated answers under load. */
class FaultToleranceTest {
  private static final Responder SCRIPTED = OpenAiTestServer.llm(OpenAiTestServer.MODEL, OptionalInt.of(32768), new ScriptedLlm());

  /** Answers the first {@code fast} generations at once, then hangs each call for {@code hang}. */
  private static Responder hangingAfter(int fast, Duration hang) {
    AtomicInteger calls = new AtomicInteger();
    return request -> {
      Reply r = SCRIPTED.respond(request);
      if (request.isGeneration() && calls.getAndIncrement() >= fast) return r.after(hang);
      return r;
    };
  }

  private static List<Integer> permutation(JsonNode j) {
    List<Integer> p = new ArrayList<>();
    j.path("permutation").forEach(x -> p.add(x.asInt()));
    return p;
  }

  @Test
  void aHangingModelIsCutByTheDeadlineAndAnswersWhatIsDonePlusInputOrder() throws IOException {
    try (ServiceFixture s = ServiceFixture.start(OpenAiTestServer.start(hangingAfter(1, Duration.ofSeconds(4))), 4, b -> {}, Limits.DEFAULT,
        ApiKeys.none())) {
      List<String> d = RerankServerTest.docs(35, "fleas"); // windows [15, 35), [5, 25), [0, 20)
      long t0 = System.nanoTime();
      HttpResponse<String> r = s.post("/v1/reasonrank/rerank", RerankServerTest.body("fleas", d).put("timeout_ms", 1500).toString());
      double seconds = (System.nanoTime() - t0) / 1e9;
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      assertThat(seconds).isLessThan(3.5);
      assertThat(r.headers().firstValue(RerankServer.FALLBACK_HEADER)).hasValue("deadline");
      JsonNode j = Json.MAPPER.readTree(r.body());
      assertThat(j.path("fallback").path("deadline_exceeded").asBoolean()).isTrue();
      JsonNode w = j.path("windows");
      assertThat(w).hasSize(3);
      assertThat(w.get(0).path("failed").asBoolean()).isFalse(); // done before the model hung: kept
      assertThat(w.get(1).path("failed").asBoolean()).isTrue();
      assertThat(w.get(1).path("error").asText()).startsWith("deadline exceeded while waiting");
      assertThat(w.get(2).path("error").asText()).startsWith("deadline exceeded before the call");
      assertThat(j.path("fallback").path("warnings").get(0).asText()).contains("window [5, 25) kept its order").contains("deadline exceeded");
      // the first window's permutation applied to [15, 35), the rest in input order
      List<Integer> expected = new ArrayList<>(IntStream.range(0, 35).boxed().toList());
      List<Integer> firstPerm = new ArrayList<>();
      w.get(0).path("permutation").forEach(x -> firstPerm.add(x.asInt()));
      for (int k = 0; k < 20; k++) expected.set(15 + k, 15 + firstPerm.get(k));
      assertThat(permutation(j)).isEqualTo(expected);

      // Cohere's shape flags it in meta.warnings; the header lowers the deadline too
      HttpResponse<String> c = s.post("/v2/rerank", RerankServerTest.body("other", d).toString(), RerankServer.TIMEOUT_HEADER, "300");
      assertThat(c.statusCode()).isEqualTo(200);
      JsonNode cj = Json.MAPPER.readTree(c.body());
      assertThat(cj.path("meta").path("warnings").get(0).asText()).contains("deadline exceeded");
      RerankServerTest.assertFullRanking(cj.path("results"), 35, "relevance_score");
      assertThat(s.get("/metrics").body()).contains("reasonrank_fallback_requests_total{cause=\"deadline\"} 2.0")
          .contains("reasonrank_fallback_windows_total{cause=\"deadline\"}");
    }
  }

  @Test
  void aFailingModelDegradesToInputOrderFlaggedWithTheCause() throws IOException {
    Responder failing = request -> request.isGeneration() ? Reply.error(500, "engine exploded") : SCRIPTED.respond(request);
    try (ServiceFixture s = ServiceFixture.start(OpenAiTestServer.start(failing), 4, b -> {}, Limits.DEFAULT, ApiKeys.none())) {
      List<String> d = RerankServerTest.docs(12, "fleas");
      HttpResponse<String> r = s.post("/v1/rerank", RerankServerTest.body("fleas", d).toString());
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.headers().firstValue(RerankServer.FALLBACK_HEADER)).hasValue("failed-windows");
      JsonNode j = Json.MAPPER.readTree(r.body());
      assertThat(RerankServerTest.order(j.path("results"))).isEqualTo(IntStream.range(0, 12).boxed().toList());
      assertThat(j.path("meta").path("warnings").get(0).asText()).contains("kept its order").contains("500");
      assertThat(s.get("/metrics").body()).contains("reasonrank_fallback_windows_total{cause=\"backend_error\"} 1.0")
          .contains("reasonrank_llm_calls_total{outcome=\"failed\"} 1.0");
      // the model recovers: the server did not remember the failure
      s.llm().responder(SCRIPTED);
      HttpResponse<String> ok = s.post("/v1/rerank", RerankServerTest.body("fleas", d).toString());
      assertThat(ok.headers().firstValue(RerankServer.FALLBACK_HEADER)).isEmpty();
      assertThat(RerankServerTest.order(Json.MAPPER.readTree(ok.body()).path("results"))).isNotEqualTo(IntStream.range(0, 12).boxed().toList());
    }
  }

  @Test
  void aFullQueueAnswers429WithRetryAfter() throws Exception {
    Responder slow = request -> request.isGeneration() ? SCRIPTED.respond(request).after(Duration.ofMillis(1500)) : SCRIPTED.respond(request);
    try (ServiceFixture s = ServiceFixture.start(OpenAiTestServer.start(slow), 1, b -> b.maxRunning(1).maxWaiting(1), Limits.DEFAULT,
        ApiKeys.none())) {
      CompletableFuture<HttpResponse<String>> running = CompletableFuture.supplyAsync(
          () -> s.post("/v1/rerank", RerankServerTest.body("first", RerankServerTest.docs(5, "a")).toString()));
      awaitQueue(s, 1, 0);
      CompletableFuture<HttpResponse<String>> waiting = CompletableFuture.supplyAsync(
          () -> s.post("/v1/rerank", RerankServerTest.body("second", RerankServerTest.docs(5, "b")).toString()));
      awaitQueue(s, 1, 1);
      HttpResponse<String> refused = s.post("/v1/rerank", RerankServerTest.body("third", RerankServerTest.docs(5, "c")).toString());
      assertThat(refused.statusCode()).isEqualTo(429);
      assertThat(refused.headers().firstValue("Retry-After")).hasValue("1");
      assertThat(Json.MAPPER.readTree(refused.body()).path("message").asText()).contains("queue is full");
      assertThat(running.get().statusCode()).isEqualTo(200);
      assertThat(waiting.get().statusCode()).isEqualTo(200);
      assertThat(s.get("/metrics").body()).contains("reasonrank_rejected_total{reason=\"queue_full\"} 1.0");
    }
  }

  private static void awaitQueue(ServiceFixture s, int running, int waiting) throws InterruptedException {
    for (int i = 0; i < 500; i++) {
      var q = s.engine().queueState();
      if (q.running() == running && q.waiting() == waiting) return;
      Thread.sleep(10);
    }
    throw new AssertionError("queue never reached running=" + running + " waiting=" + waiting + ": " + s.engine().queueState());
  }

  @Test
  void gracefulShutdownFinishesTheRequestInFlight() throws Exception {
    Responder slow = request -> request.isGeneration() ? SCRIPTED.respond(request).after(Duration.ofMillis(800)) : SCRIPTED.respond(request);
    ServiceFixture s = ServiceFixture.start(OpenAiTestServer.start(slow), 1, b -> {}, Limits.DEFAULT, ApiKeys.none());
    try (ExecutorService threads = Executors.newFixedThreadPool(2)) {
      Future<HttpResponse<String>> inFlight = threads.submit(
          () -> s.post("/v1/rerank", RerankServerTest.body("q", RerankServerTest.docs(5, "a")).toString()));
      awaitQueue(s, 1, 0);
      Future<?> closing = threads.submit(s.server()::close);
      HttpResponse<String> late = null;
      for (int i = 0; i < 100 && !closing.isDone(); i++) {
        late = s.post("/v1/rerank", RerankServerTest.body("late", RerankServerTest.docs(3, "b")).toString());
        if (late.statusCode() == 503) break;
        Thread.sleep(5);
      }
      assertThat(late).isNotNull();
      assertThat(late.statusCode()).isEqualTo(503);
      assertThat(inFlight.get().statusCode()).isEqualTo(200);
      closing.get();
    } finally {
      s.close();
    }
  }

  /**
   * 96 requests (16 different queries, each sent 6 times) from 32 concurrent clients: every request gets exactly
   * one answer, with its own id, equal to the answer the same query gets alone from a fresh server; identical
   * concurrent windows cost one model call (single flight).
   */
  @Test
  void noAnswerIsLostOrDuplicatedUnderConcurrentLoad() throws Exception {
    int queries = 16, copies = 6;
    List<String> bodies = new ArrayList<>();
    for (int q = 0; q < queries; q++) bodies.add(RerankServerTest.body("query " + q + " fleas", RerankServerTest.docs(25, "topic " + q)).toString());
    List<List<Integer>> alone = new ArrayList<>();
    try (ServiceFixture s = ServiceFixture.scripted()) {
      for (String b : bodies) alone.add(RerankServerTest.order(Json.MAPPER.readTree(s.post("/v1/rerank", b).body()).path("results")));
    }
    List<Integer> plan = new ArrayList<>();
    for (int c = 0; c < copies; c++) for (int q = 0; q < queries; q++) plan.add(q);
    Collections.shuffle(plan, new java.util.Random(7));
    try (ServiceFixture s = ServiceFixture.scripted(); ExecutorService clients = Executors.newFixedThreadPool(32)) {
      List<Future<HttpResponse<String>>> futures = new ArrayList<>();
      for (int i = 0; i < plan.size(); i++) {
        String rid = "load-" + i;
        String b = bodies.get(plan.get(i));
        futures.add(clients.submit(() -> s.post("/v1/rerank", b, "X-Request-Id", rid)));
      }
      Set<String> ids = new HashSet<>();
      for (int i = 0; i < plan.size(); i++) {
        HttpResponse<String> r = futures.get(i).get();
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode j = Json.MAPPER.readTree(r.body());
        assertThat(j.path("id").asText()).isEqualTo("load-" + i);
        assertThat(ids.add(j.path("id").asText())).isTrue();
        assertThat(RerankServerTest.order(j.path("results"))).as("request %d (query %d)", i, plan.get(i)).isEqualTo(alone.get(plan.get(i)));
      }
      assertThat(ids).hasSize(queries * copies);
      assertThat(s.llm().generationCount()).isEqualTo(queries * 2); // 25 documents: 2 windows each, each asked once
    }
  }
}
