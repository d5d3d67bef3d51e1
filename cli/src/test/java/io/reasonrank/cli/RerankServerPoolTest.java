package io.reasonrank.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.reasonrank.io.Json;
import io.reasonrank.llm.openai.OpenAiTestServer;
import io.reasonrank.llm.openai.OpenAiTestServer.Reply;
import io.reasonrank.testing.ScriptedLlm;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code rerank} over three in-process OpenAI-compatible servers, one of which fails in the middle of the run: the
 * scripted DL19 run must still equal the golden line for line, and the summary must account for every call.
 */
class RerankServerPoolTest {
  static final String MODE = "rank_GPT_reasoning";

  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"answers 500", "stops listening"})
  void theGoldenScriptedRunIsReproducedThroughThreeServersWhenOneFailsMidRun(String fault) throws IOException {
    ScriptedLlm llm = new ScriptedLlm();
    AtomicInteger generations = new AtomicInteger();
    AtomicBoolean broken = new AtomicBoolean();
    List<OpenAiTestServer> servers = new ArrayList<>();
    try {
      servers.add(OpenAiTestServer.startLlm(llm));
      servers.add(OpenAiTestServer.startLlm(llm));
      OpenAiTestServer.Responder healthy = OpenAiTestServer.llm(OpenAiTestServer.MODEL,
          java.util.OptionalInt.of(OpenAiTestServer.CONTEXT_LENGTH), llm);
      OpenAiTestServer[] failing = new OpenAiTestServer[1];
      failing[0] = OpenAiTestServer.start(request -> {
        // the 40th generation request on this server (about a third of its share) is the first that fails
        if (request.isGeneration() && generations.incrementAndGet() >= 40 && broken.compareAndSet(false, true)
            && fault.equals("stops listening")) {
          Thread.ofVirtual().start(failing[0]::close);
        }
        if (broken.get()) return Reply.error(500, "CUDA error: an illegal memory access was encountered");
        return healthy.respond(request);
      });
      servers.add(failing[0]);
      Path list = dir.resolve("servers.txt");
      Files.writeString(list, "# two of the three replicas\n" + servers.get(1).baseUrl() + "\n\n" + failing[0].baseUrl()
          + "   # the one that fails\n");
      Path out = dir.resolve("pool.trec");
      CliRunner.Result r = CliRunner.run("rerank", "--candidates", RerankCommandTest.DL19, "--dataset", "dl19", "--mode", MODE,
          "--base-url", servers.get(0).baseUrl(), "--base-urls-file", list.toString(), "--concurrency", "2",
          "--max-retries", "0", "--no-cache", "--output", out.toString(), "--summary", out + ".summary.json");

      assertThat(r.code()).as(r.err()).isZero();
      assertThat(RerankCommandTest.withoutTags(Files.readAllLines(out))).isEqualTo(RerankCommandTest.withoutTags(RerankCommandTest.golden(MODE)));
      assertThat(broken.get()).as("the fault happened during the run").isTrue();
      assertThat(r.err()).contains("rerank: 3 servers: ").contains("server " + failing[0].baseUrl() + " out of rotation (");

      JsonNode s = Json.MAPPER.readTree(Path.of(out + ".summary.json").toFile());
      assertThat(s.path("failed_calls").asInt()).isZero();
      assertThat(s.path("llm_calls_made").asInt()).isEqualTo(387);
      JsonNode per = s.path("servers");
      assertThat(per).hasSize(3);
      long calls = 0, succeeded = 0, failures = 0, promptTokens = 0, completionTokens = 0;
      for (int i = 0; i < 3; i++) {
        JsonNode one = per.get(i);
        assertThat(one.path("url").asText()).isEqualTo(servers.get(i).baseUrl());
        assertThat(one.path("slots").asInt()).isEqualTo(2);
        assertThat(one.path("calls").asLong()).isEqualTo(one.path("succeeded").asLong() + one.path("server_failures").asLong()
            + one.path("request_errors").asLong());
        calls += one.path("calls").asLong();
        succeeded += one.path("succeeded").asLong();
        failures += one.path("server_failures").asLong();
        promptTokens += one.path("prompt_tokens").asLong();
        completionTokens += one.path("completion_tokens").asLong();
      }
      assertThat(succeeded).isEqualTo(387);
      assertThat(failures).isEqualTo(s.path("failovers").asLong()).isPositive();
      assertThat(calls).isEqualTo(387 + failures);
      assertThat(promptTokens).isEqualTo(s.path("prompt_tokens").asLong());
      assertThat(completionTokens).isEqualTo(s.path("completion_tokens").asLong());
      JsonNode bad = per.get(2);
      assertThat(bad.path("succeeded").asLong()).as("the answers before the fault (one may be lost as it stops)").isBetween(38L, 39L);
      assertThat(bad.path("times_out_of_rotation").asLong()).isPositive();
      assertThat(bad.path("last_error").asText()).isNotEmpty();
      // the two healthy servers shared the rest, each within its own two slots
      for (int i = 0; i < 2; i++) {
        assertThat(per.get(i).path("server_failures").asLong()).isZero();
        assertThat(per.get(i).path("succeeded").asLong()).isGreaterThan(100);
        assertThat(servers.get(i).maxInFlight()).isLessThanOrEqualTo(2);
        assertThat(servers.get(i).generationCount()).isEqualTo(per.get(i).path("calls").asInt());
      }
      assertThat(r.err()).contains("rerank: server " + servers.get(0).baseUrl() + " [up, 2 slots]: ")
          .contains("call(s) failed over to another server");
      assertThat(s.path("settings").path("base_urls")).hasSize(3);
    } finally {
      servers.forEach(OpenAiTestServer::close);
    }
  }

  @Test
  void theLockstepScheduleAndTheCacheSitAboveThePool() throws IOException {
    ScriptedLlm llm = new ScriptedLlm();
    try (OpenAiTestServer a = OpenAiTestServer.startLlm(llm); OpenAiTestServer b = OpenAiTestServer.startLlm(llm)) {
      Path out = dir.resolve("lockstep.trec");
      String[] args = {"rerank", "--candidates", RerankCommandTest.DL19, "--dataset", "dl19", "--mode", MODE,
          "--base-url", a.baseUrl(), "--base-url", b.baseUrl(), "--concurrency", "4", "--schedule", "lockstep",
          "--output", out.toString(), "--summary", out + ".summary.json"};
      CliRunner.Result first = CliRunner.run(args);
      assertThat(first.code()).as(first.err()).isZero();
      assertThat(RerankCommandTest.withoutTags(Files.readAllLines(out))).isEqualTo(RerankCommandTest.withoutTags(RerankCommandTest.golden(MODE)));
      assertThat(a.generationCount() + b.generationCount()).isEqualTo(387);
      assertThat(a.generationCount()).isPositive();
      assertThat(b.generationCount()).isPositive();
      assertThat(a.maxInFlight()).isLessThanOrEqualTo(4);
      assertThat(b.maxInFlight()).isLessThanOrEqualTo(4);

      CliRunner.Result again = CliRunner.run(args); // every answer comes from the cache: no server is asked
      assertThat(again.code()).as(again.err()).isZero();
      assertThat(a.generationCount() + b.generationCount()).isEqualTo(387);
      JsonNode s = Json.MAPPER.readTree(Path.of(out + ".summary.json").toFile());
      assertThat(s.path("llm_calls_cached").asInt()).isEqualTo(387);
      assertThat(s.path("servers").get(0).path("calls").asInt()).isZero();
      assertThat(s.path("servers").get(1).path("calls").asInt()).isZero();
    }
  }

  @Test
  void synthWritesTheSameRowsThroughTwoTeachersWhenOneFails() throws Exception {
    SynthExportCommandTest inputs = new SynthExportCommandTest();
    inputs.dir = dir;
    Path[] in = inputs.inputs();
    OpenAiTestServer.Responder teacher = OpenAiTestServer.llm(OpenAiTestServer.MODEL, java.util.OptionalInt.empty(),
        SynthExportCommandTest::teacher);
    try (OpenAiTestServer one = OpenAiTestServer.startLlm(SynthExportCommandTest::teacher);
        OpenAiTestServer good = OpenAiTestServer.startLlm(SynthExportCommandTest::teacher);
        OpenAiTestServer bad = OpenAiTestServer.start(r -> r.isGeneration() ? Reply.error(503, "overloaded") : teacher.respond(r))) {
      Path single = dir.resolve("single.jsonl");
      Path pooled = dir.resolve("pooled.jsonl");
      String[] common = {"synth", "--topics", in[0].toString(), "--run", in[1].toString(), "--corpus", in[2].toString(),
          "--list-size", "3", "--concurrency", "2", "--max-retries", "0", "--no-cache"};
      List<String> a = new ArrayList<>(List.of(common));
      a.addAll(List.of("--output", single.toString(), "--base-url", one.baseUrl()));
      CliRunner.Result r1 = CliRunner.run(a.toArray(String[]::new));
      assertThat(r1.code()).as(r1.err()).isZero();
      List<String> b = new ArrayList<>(List.of(common));
      b.addAll(List.of("--output", pooled.toString(), "--base-url", bad.baseUrl(), "--base-url", good.baseUrl()));
      CliRunner.Result r2 = CliRunner.run(b.toArray(String[]::new));
      assertThat(r2.code()).as(r2.err()).isZero();
      assertThat(Files.readAllLines(pooled)).isEqualTo(Files.readAllLines(single)).hasSize(2);
      assertThat(r2.err()).contains("8 teacher calls (0 failed)", "4 calls in flight",
          "synth: server " + bad.baseUrl() + " [down, 2 slots]: ", "synth: server " + good.baseUrl() + " [up, 2 slots]: 8 calls (8 answered");
      assertThat(bad.generationCount()).isPositive();
      assertThat(good.generationCount()).isEqualTo(8);
    }
  }

  @Test
  void whenNoServerAnswersTheRunStopsWithOneLineBeforeAnyWork() throws IOException {
    int port1, port2;
    try (ServerSocket a = new ServerSocket(0); ServerSocket b = new ServerSocket(0)) {
      port1 = a.getLocalPort();
      port2 = b.getLocalPort();
    } // both closed now: nothing listens there
    Path out = dir.resolve("none.trec");
    long t0 = System.nanoTime();
    CliRunner.Result r = CliRunner.run("rerank", "--candidates", RerankCommandTest.DL19, "--dataset", "dl19",
        "--base-url", "http://127.0.0.1:" + port1 + "/v1", "--base-url", "http://127.0.0.1:" + port2 + "/v1",
        "--max-retries", "0", "--no-cache", "--output", out.toString());
    assertThat(r.code()).isNotZero();
    assertThat(System.nanoTime() - t0).isLessThan(30_000_000_000L);
    List<String> errors = r.err().lines().filter(l -> l.contains("all 2 servers are out of rotation")).toList();
    assertThat(errors).as(r.err()).hasSize(1);
    assertThat(errors.getFirst()).contains("127.0.0.1:" + port1).contains("127.0.0.1:" + port2);
    assertThat(r.err()).doesNotContain("\tat ");
    assertThat(Files.exists(out)).isFalse();
  }

  @Test
  void aBadLineInTheServerListIsReportedWithItsNumberBeforeAnyWork() throws IOException {
    Path list = dir.resolve("bad.txt");
    Files.writeString(list, "http://127.0.0.1:9/v1\n# comment\nlocalhost:8000\n");
    CliRunner.Result r = CliRunner.run("rerank", "--candidates", RerankCommandTest.DL19, "--dataset", "dl19",
        "--base-urls-file", list.toString(), "--output", dir.resolve("x.trec").toString());
    assertThat(r.code()).isNotZero();
    assertThat(r.err()).contains("--base-urls-file " + list + " line 3: not an http(s) URL: 'localhost:8000'");
    Files.writeString(list, "# nothing\n\n");
    r = CliRunner.run("synth", "--topics", list.toString(), "--run", list.toString(), "--corpus", list.toString(),
        "--output", dir.resolve("s.jsonl").toString(), "--base-urls-file", list.toString());
    assertThat(r.code()).isNotZero();
    assertThat(r.err()).contains("--base-urls-file " + list + ": no server URL in it");
  }
}
