package io.reasonrank.service.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reasonrank.io.Json;
import io.reasonrank.llm.openai.OpenAiBackend;
import io.reasonrank.llm.openai.OpenAiTestServer;
import io.reasonrank.llm.tokenizer.HfTokenizer;
import io.reasonrank.service.engine.ReasonRankEngine;
import io.reasonrank.service.http.ApiKeys;
import io.reasonrank.service.http.Limits;
import io.reasonrank.service.http.RerankServer;
import io.reasonrank.testing.ScriptedLlm;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Load benchmark of {@code reasonrank serve}'s HTTP path (loopback only, bounded in count and time): sustained
 * requests/s and p50/p99 latency at 1, 8 and 64 concurrent clients against an OpenAI-compatible scripted server that
 * answers every call after a fixed delay, behind a backend of S slots. Each request reranks 30 documents (sliding
 * window 20/10: 2 LLM calls), so the backend's capacity is {@code S / delay} calls/s = {@code S / (2 delay)}
 * requests/s; the table gives measured throughput / capacity. No completion cache: every request costs its calls.
 *
 * <p>Exactly-one-answer check: every request carries its own {@code X-Request-Id}; every response must carry it back,
 * once, with status 200, no fallback, and an order equal to what the same body got alone (each of the 32 distinct
 * bodies is first sent once, one after another, before the phases).
 *
 * <p>Usage: {@code bin/bench service io.reasonrank.service.bench.ServeLoadBench [SLOTS=16] [DELAY_MS=200] [SECONDS=10]}
 */
public final class ServeLoadBench {
  private static final int DOCS = 30;
  private static final int CALLS_PER_REQUEST = 2;
  private static final int BODIES = 32;
  private static final int MAX_REQUESTS_PER_PHASE = 4000;

  public static void main(String[] args) throws Exception {
    int slots = args.length > 0 ? Integer.parseInt(args[0]) : 16;
    int delayMs = args.length > 1 ? Integer.parseInt(args[1]) : 200;
    int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 10;
    ScriptedLlm scripted = new ScriptedLlm();
    OpenAiTestServer.Responder base = OpenAiTestServer.llm(OpenAiTestServer.MODEL, OptionalInt.of(32768), scripted);
    OpenAiTestServer.Responder delayed = r -> r.isGeneration() ? base.respond(r).after(Duration.ofMillis(delayMs)) : base.respond(r);
    List<String> bodies = new ArrayList<>();
    for (int b = 0; b < BODIES; b++) {
      ObjectNode o = Json.MAPPER.createObjectNode().put("model", "reasonrank").put("query", "query " + b + " about fleas and cats");
      ArrayNode d = o.putArray("documents");
      for (int i = 0; i < DOCS; i++) d.add("document " + i + " of body " + b + (i % 3 == b % 3 ? " fleas" : " gardening w" + (i * b % 13)));
      bodies.add(o.toString());
    }
    double capacityRps = slots * 1000.0 / delayMs / CALLS_PER_REQUEST;
    try (OpenAiTestServer llm = OpenAiTestServer.start(delayed);
         ReasonRankEngine engine = ReasonRankEngine.builder(OpenAiBackend.builder().baseUrl(llm.baseUrl()).model(OpenAiTestServer.MODEL)
             .maxConcurrency(slots).requestTimeout(Duration.ofSeconds(60)).build()).tokenizer(HfTokenizer.qwenDefault()).maxPassageTokens(100).build()) {
      RerankServer server = new RerankServer(engine, Limits.DEFAULT.withDefaultDeadline(Duration.ofSeconds(120)), ApiKeys.none(), Duration.ofSeconds(5));
      int port = server.start("127.0.0.1", 0);
      String url = "http://127.0.0.1:" + port + "/v1/rerank";
      System.out.printf(Locale.ROOT, "serve load benchmark: %d slots, %d ms per LLM call, %d documents (%d calls) per request, %d s per phase;"
          + " capacity %.1f requests/s (%d calls/s); warm JVM, loopback, %d cores%n", slots, delayMs, DOCS, CALLS_PER_REQUEST, seconds,
          capacityRps, slots * 1000 / delayMs, Runtime.getRuntime().availableProcessors());
      HttpClient http = HttpClient.newBuilder().executor(Executors.newVirtualThreadPerTaskExecutor()).build();
      String[] alone = new String[BODIES];
      // warm-up (JIT, tokenizer), then every body once alone, one after another: the reference answers
      phase(http, url, bodies, 4, 2, 64, null);
      for (int b = 0; b < BODIES; b++) {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.ofString(bodies.get(b))).build(),
            HttpResponse.BodyHandlers.ofString());
        alone[b] = Json.MAPPER.readTree(r.body()).path("results").findValuesAsText("index").toString();
      }
      System.out.println("| clients | requests | requests/s | p50 ms | p99 ms | throughput / capacity | answers: exactly one each, equal to alone |");
      System.out.println("|---:|---:|---:|---:|---:|---:|---|");
      for (int clients : new int[] {1, 8, 64}) {
        Result r = phase(http, url, bodies, clients, seconds, MAX_REQUESTS_PER_PHASE, alone);
        System.out.printf(Locale.ROOT, "| %d | %d | %.2f | %.0f | %.0f | %.3f | %s |%n", clients, r.count, r.rps, r.p50, r.p99, r.rps / capacityRps, r.check);
      }
      server.close();
    }
  }

  private record Result(int count, double rps, double p50, double p99, String check) {}

  /**
   * {@code clients} clients send bodies back to back for {@code seconds} (at most {@code max} requests); with
   * {@code alone} non-null each answer's order is checked against the body's answer alone.
   */
  private static Result phase(HttpClient http, String url, List<String> bodies, int clients, int seconds, int max, String[] alone)
      throws Exception {
    AtomicInteger next = new AtomicInteger();
    ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
    ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
    Set<String> ids = Collections.synchronizedSet(new HashSet<>());
    long end = System.nanoTime() + seconds * 1_000_000_000L;
    long t0 = System.nanoTime();
    String tag = "c" + clients + "-" + System.nanoTime() + "-";
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int c = 0; c < clients; c++) {
        pool.execute(() -> {
          while (System.nanoTime() < end) {
            int i = next.getAndIncrement();
            if (i >= max) return;
            int b = i % bodies.size();
            String rid = tag + i;
            long s = System.nanoTime();
            try {
              HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).header("X-Request-Id", rid)
                  .POST(HttpRequest.BodyPublishers.ofString(bodies.get(b))).build(), HttpResponse.BodyHandlers.ofString());
              latencies.add(System.nanoTime() - s);
              JsonNode j = Json.MAPPER.readTree(r.body());
              if (r.statusCode() != 200) problems.add(rid + ": status " + r.statusCode());
              if (r.headers().firstValue(RerankServer.FALLBACK_HEADER).isPresent()) problems.add(rid + ": fallback");
              if (!j.path("id").asText().equals(rid) || !ids.add(j.path("id").asText())) problems.add(rid + ": id " + j.path("id").asText());
              if (alone != null) {
                String order = j.path("results").findValuesAsText("index").toString();
                if (!order.equals(alone[b])) problems.add(rid + ": order differs from alone");
              }
            } catch (Exception e) {
              problems.add(rid + ": " + e);
            }
          }
        });
      }
    }
    double wall = (System.nanoTime() - t0) / 1e9;
    List<Long> l = new ArrayList<>(latencies);
    Collections.sort(l);
    int n = l.size();
    int sent = Math.min(next.get(), max);
    String check = problems.isEmpty() && n == sent && ids.size() == sent
        ? "yes (" + sent + " sent, " + ids.size() + " distinct ids back)"
        : "NO: " + problems.size() + " problems, " + n + "/" + sent + " answered; first: " + problems.peek();
    return new Result(n, n / wall, n == 0 ? 0 : l.get(n / 2) / 1e6, n == 0 ? 0 : l.get(Math.min(n - 1, (int) Math.ceil(n * 0.99) - 1)) / 1e6, check);
  }
}
