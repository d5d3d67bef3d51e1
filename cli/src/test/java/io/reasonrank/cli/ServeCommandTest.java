package io.reasonrank.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.reasonrank.io.Json;
import io.reasonrank.llm.openai.OpenAiTestServer;
import io.reasonrank.testing.ScriptedLlm;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code reasonrank serve}: option errors, and the real command as a process, answering requests and stopping on SIGTERM. */
class ServeCommandTest {
  @TempDir Path dir;

  private static String[] run(String... args) {
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      int code = ReasonRankCli.execute(args);
      return new String[] {String.valueOf(code), out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8)};
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
  }

  @Test
  void badOptionsFailInOneLineBeforeAnyWork() {
    String[] r = run("serve", "--dataset", "dl19", "--port", "70000");
    assertThat(r[0]).isEqualTo("2");
    assertThat(r[2].strip()).isEqualTo("reasonrank: --port must be in 0..65535, got 70000");
    assertThat(run("serve", "--port", "0")[2]).contains("give --dataset NAME");
    assertThat(run("serve", "--dataset", "dl19", "--strategy", "zigzag")[2]).contains("Invalid value for option '--strategy': expected one of sliding, full, topdown, pointwise, got 'zigzag'");
    assertThat(run("serve", "--dataset", "dl19", "--api-keys-file", dir.resolve("none").toString())[2]).contains("--api-keys-file: no such file");
    String[] unreachable = run("serve", "--dataset", "dl19", "--port", "0", "--base-url", "http://127.0.0.1:1/v1", "--max-retries", "0");
    assertThat(unreachable[0]).isEqualTo("2");
    assertThat(unreachable[1]).doesNotContain("listening");
  }

  @Test
  void theServeProcessAnswersAndStopsOnSigterm() throws Exception {
    Path keys = Files.writeString(dir.resolve("keys.txt"), "# test keys\nsecret-1\n");
    try (OpenAiTestServer llm = OpenAiTestServer.startLlm(new ScriptedLlm())) {
      Process p = startServe(dir.resolve("stderr.txt"), "--base-url", llm.baseUrl(), "--model", OpenAiTestServer.MODEL, "--dataset", "dl19",
          "--port", "0", "--concurrency", "4", "--api-keys-file", keys.toString(), "--grace", "5");
      try {
        String base = listeningUrl(p, dir.resolve("stderr.txt"));
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(base + "/health")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
        String body = "{\"model\":\"x\",\"query\":\"how long do fleas live\",\"documents\":[\"fleas live a year\",\"cats sleep\",\"flea life cycle\"]}";
        HttpResponse<String> denied = http.send(HttpRequest.newBuilder(URI.create(base + "/v2/rerank"))
            .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(denied.statusCode()).isEqualTo(401);
        HttpResponse<String> ok = http.send(HttpRequest.newBuilder(URI.create(base + "/v2/rerank")).header("Authorization", "Bearer secret-1")
            .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
        JsonNode j = Json.MAPPER.readTree(ok.body());
        assertThat(j.path("results")).hasSize(3);
        assertThat(j.path("model").asText()).isEqualTo(OpenAiTestServer.MODEL);
      } finally {
        p.destroy(); // SIGTERM
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
      }
      assertThat(p.exitValue()).isIn(0, 143);
      String stderr = Files.readString(dir.resolve("stderr.txt"));
      assertThat(stderr).contains("serve: model reasonrank-test").contains("1 API keys").doesNotContain("Exception");
      assertThat(stderr).containsPattern("request_id=\\S+ POST /v2/rerank status=200");
    }
  }

  /**
   * serve over two replicas, one of which starts answering 500 after three generations: every request is answered
   * in full (no window fell back to the input order) and equals the answer of serve over the healthy replica alone.
   */
  @Test
  void serveOverTwoServersAnswersEveryRequestWhenOneFailsMidway() throws Exception {
    ScriptedLlm llm = new ScriptedLlm();
    java.util.concurrent.atomic.AtomicInteger generations = new java.util.concurrent.atomic.AtomicInteger();
    OpenAiTestServer.Responder healthy = OpenAiTestServer.llm(OpenAiTestServer.MODEL, java.util.OptionalInt.of(OpenAiTestServer.CONTEXT_LENGTH), llm);
    try (OpenAiTestServer good = OpenAiTestServer.startLlm(llm);
        OpenAiTestServer failing = OpenAiTestServer.start(r -> r.isGeneration() && generations.incrementAndGet() > 3
            ? io.reasonrank.llm.openai.OpenAiTestServer.Reply.error(500, "CUDA error: an illegal memory access was encountered")
            : healthy.respond(r))) {
      List<String> bodies = new ArrayList<>();
      for (int q = 0; q < 8; q++) {
        StringBuilder docs = new StringBuilder();
        for (int d = 0; d < 25; d++) docs.append(d == 0 ? "" : ",").append("\"passage ").append(d).append(" about fleas ").append((d * 7 + q) % 11).append(" cats ").append((d + q) % 5).append("\"");
        bodies.add("{\"model\":\"x\",\"query\":\"fleas " + (q % 11) + " cats " + (q % 5) + "\",\"documents\":[" + docs + "]}");
      }
      List<String> alone = answers(bodies, dir.resolve("alone.txt"), "--base-url", good.baseUrl());
      List<String> pooled = answers(bodies, dir.resolve("pooled.txt"), "--base-url", failing.baseUrl(), "--base-url", good.baseUrl());
      assertThat(pooled).isEqualTo(alone);
      assertThat(generations.get()).as("the failing server got calls and failed some").isGreaterThan(3);
      String stderr = Files.readString(dir.resolve("pooled.txt"));
      assertThat(stderr).contains("serve: 2 servers: ").contains("server " + failing.baseUrl() + " out of rotation (")
          .doesNotContain("degraded").doesNotContain("Exception");
    }
  }

  /** Starts serve with {@code servers}, sends each body to /v2/rerank one after another, returns each answer's result indices. */
  private List<String> answers(List<String> bodies, Path stderr, String... servers) throws Exception {
    List<String> args = new ArrayList<>(List.of("--model", OpenAiTestServer.MODEL, "--dataset", "dl19", "--port", "0", "--concurrency", "2",
        "--max-retries", "0", "--no-cache"));
    args.addAll(List.of(servers));
    Process p = startServe(stderr, args.toArray(String[]::new));
    List<String> out = new ArrayList<>();
    try {
      String base = listeningUrl(p, stderr);
      HttpClient http = HttpClient.newHttpClient();
      for (String body : bodies) {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/v2/rerank")).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
            HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode j = Json.MAPPER.readTree(r.body());
        assertThat(j.path("meta").path("warnings").isMissingNode()).as("no fallback: %s", r.body()).isTrue();
        StringBuilder order = new StringBuilder();
        for (JsonNode x : j.path("results")) order.append(x.path("index").asInt()).append(' ');
        out.add(order.toString().strip());
      }
    } finally {
      p.destroy();
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
    return out;
  }

  /** {@code reasonrank serve ARGS} as its own JVM on the test classpath, stderr to {@code stderr}. */
  private static Process startServe(Path stderr, String... args) throws java.io.IOException {
    List<String> cmd = new ArrayList<>(List.of("serve"));
    cmd.addAll(List.of(args));
    return new ProcessBuilder(CliRunner.childCommand(cmd)).redirectError(stderr.toFile()).start();
  }

  /** The base URL of serve's first stdout line, {@code listening on http://127.0.0.1:PORT}. */
  private static String listeningUrl(Process p, Path stderr) throws java.io.IOException {
    String line = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)).readLine();
    assertThat(line).as("stderr: %s", Files.exists(stderr) ? Files.readString(stderr) : "").matches("listening on http://127\\.0\\.0\\.1:\\d+");
    Matcher m = Pattern.compile(":(\\d+)$").matcher(line);
    assertThat(m.find()).isTrue();
    return "http://127.0.0.1:" + m.group(1);
  }
}
