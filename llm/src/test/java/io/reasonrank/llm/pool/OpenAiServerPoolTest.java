package io.reasonrank.llm.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reasonrank.llm.LlmBackend;
import io.reasonrank.llm.LlmException;
import io.reasonrank.llm.LlmRequest;
import io.reasonrank.llm.SamplingParams;
import io.reasonrank.llm.openai.OpenAiBackend;
import io.reasonrank.llm.openai.OpenAiTestServer;
import io.reasonrank.llm.openai.OpenAiTestServer.Reply;
import io.reasonrank.llm.route.ServerPool;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link OpenAiServerPool} over real HTTP to in-process servers: failover, the models probe, a server coming back. */
class OpenAiServerPoolTest {
  @TempDir Path dir;

  static Function<String, OpenAiBackend.Builder> backends(int slots) {
    return backends(slots, 0);
  }

  static Function<String, OpenAiBackend.Builder> backends(int slots, int retries) {
    return url -> OpenAiBackend.builder().baseUrl(url).model(OpenAiTestServer.MODEL).maxConcurrency(slots).maxRetries(retries);
  }

  static LlmRequest request(String prompt) {
    return new LlmRequest(List.of(), prompt, SamplingParams.greedy(8));
  }

  @Test
  void oneUrlIsThePlainBackendAndSeveralArePooledUnderTheirNormalisedUrls() {
    try (OpenAiTestServer a = OpenAiTestServer.startLlm(p -> "a"); OpenAiTestServer b = OpenAiTestServer.startLlm(p -> "b")) {
      try (LlmBackend one = OpenAiServerPool.open(List.of(a.baseUrl()), backends(3), new ServerPool.Listener() {})) {
        assertThat(one).isInstanceOf(OpenAiBackend.class);
        assertThat(one.capacity()).isEqualTo(3);
      }
      String bare = "http://127.0.0.1:" + b.port();
      try (LlmBackend two = OpenAiServerPool.open(List.of(a.baseUrl(), bare), backends(3), new ServerPool.Listener() {})) {
        assertThat(two).isInstanceOf(ServerPool.class);
        assertThat(((ServerPool) two).servers()).containsExactly(a.baseUrl(), b.baseUrl());
        assertThat(two.capacity()).isEqualTo(6);
      }
      assertThatThrownBy(() -> OpenAiServerPool.open(List.of(a.baseUrl(), a.baseUrl() + "/"), backends(1), new ServerPool.Listener() {}))
          .hasMessage("server " + a.baseUrl() + " is given twice");
    }
  }

  @Test
  void aFailingServerIsProbedWithItsModelListAndComesBackAfterOneTrialCall() throws Exception {
    AtomicBoolean sick = new AtomicBoolean(true);
    OpenAiTestServer.Responder healthy = OpenAiTestServer.llm(OpenAiTestServer.MODEL, java.util.OptionalInt.empty(), p -> "a: " + p);
    List<String> events = new CopyOnWriteArrayList<>();
    try (OpenAiTestServer a = OpenAiTestServer.start(r -> sick.get() ? Reply.error(503, "loading model") : healthy.respond(r));
        OpenAiTestServer b = OpenAiTestServer.startLlm(p -> "b: " + p);
        LlmBackend pool = OpenAiServerPool.open(List.of(a.baseUrl(), b.baseUrl()), backends(2), new ServerPool.Listener() {
          @Override
          public void outOfRotation(String server, String reason, Duration probeIn) {
            events.add("out " + server + ": " + reason);
          }

          @Override
          public void backInRotation(String server) {
            events.add("back " + server);
          }
        })) {
      ServerPool p = (ServerPool) pool;
      assertThat(pool.complete(request("1")).text()).isEqualTo("b: 1");
      assertThat(events).containsExactly("out " + a.baseUrl() + ": POST " + a.baseUrl()
          + "/completions failed after 1 attempt, last: HTTP 503: loading model");
      assertThat(pool.complete(request("2")).text()).as("a is out of rotation").isEqualTo("b: 2");
      long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (!p.stats().get(0).lastError().startsWith("probe failed") && System.nanoTime() < until) Thread.sleep(20);
      assertThat(a.requests().stream().filter(OpenAiTestServer.Request::isModels).count()).as("probed after 1 s").isPositive();
      assertThat(p.stats().get(0).lastError()).isEqualTo("probe failed: GET " + a.baseUrl() + "/models: HTTP 503");
      sick.set(false);
      while (!p.stats().get(0).state().equals("probation") && System.nanoTime() < until) Thread.sleep(20);
      assertThat(p.stats().get(0).state()).isEqualTo("probation");
      assertThat(pool.complete(request("3")).text()).isEqualTo("a: 3");
      assertThat(p.stats().get(0).state()).isEqualTo("up");
      assertThat(events).last().isEqualTo("back " + a.baseUrl());
      assertThat(p.stats().get(0).calls()).isEqualTo(2);
      assertThat(p.stats().get(0).succeeded()).isEqualTo(1);
      assertThat(p.stats().get(1).succeeded()).isEqualTo(2);
    }
  }

  @Test
  void aRefusedConnectionFailsOverAtOnceInsteadOfThroughTheBackoff() throws Exception {
    int closed;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closed = s.getLocalPort(); // nothing listens here once the socket is closed
    }
    String dead = "http://127.0.0.1:" + closed + "/v1";
    // 5 retries: alone, a refused connection would wait 0.5 + 1 + 2 + 4 + 8 s before failing
    try (OpenAiTestServer b = OpenAiTestServer.startLlm(p -> "b");
        LlmBackend pool = OpenAiServerPool.open(List.of(dead, b.baseUrl()), backends(1, 5), new ServerPool.Listener() {})) {
      long t0 = System.nanoTime();
      for (int i = 0; i < 4; i++) assertThat(pool.complete(request("q" + i)).text()).isEqualTo("b");
      assertThat((System.nanoTime() - t0) / 1e9).isLessThan(3.0);
      ServerPool p = (ServerPool) pool;
      assertThat(p.stats().get(0).state()).isEqualTo("down");
      assertThat(p.stats().get(0).lastError()).contains("failed after 1 attempt, last: connection failed: connection refused");
      assertThat(p.stats().get(1).succeeded()).isEqualTo(4);
    }
    // one server alone keeps its retries for a refused connection (it may be restarting)
    OpenAiBackend alone = backends(1, 1).apply(dead).backoffBase(java.time.Duration.ofMillis(50)).build();
    try (alone) {
      assertThatThrownBy(() -> alone.complete(request("q"))).isInstanceOf(LlmException.class)
          .hasMessageContaining("failed after 2 attempts, last: connection failed: connection refused");
    }
  }

  @Test
  void aContextOrAuthErrorIsNotFailedOver() {
    try (OpenAiTestServer a = OpenAiTestServer.start(r -> r.isModels()
            ? OpenAiTestServer.llm(OpenAiTestServer.MODEL, java.util.OptionalInt.empty(), x -> "").respond(r)
            : Reply.error(400, "This model's maximum context length is 32768 tokens"));
        OpenAiTestServer b = OpenAiTestServer.startLlm(p -> "b");
        LlmBackend pool = OpenAiServerPool.open(List.of(a.baseUrl(), b.baseUrl()), backends(1), new ServerPool.Listener() {})) {
      assertThatThrownBy(() -> pool.complete(request("too long"))).isInstanceOf(LlmException.class)
          .hasMessageContaining("HTTP 400 (context exceeded, not retried): This model's maximum context length is 32768 tokens");
      assertThat(b.generationCount()).isZero();
      assertThat(((ServerPool) pool).stats().get(0).state()).isEqualTo("up");
    }
  }

  @Test
  void serverListFilesAreReadWithCommentsAndCheckedLineByLine() throws Exception {
    Path f = dir.resolve("servers.txt");
    Files.writeString(f, "# replicas\nhttp://gpu1:8000/v1\n\n  https://gpu2:8000   # second\n");
    assertThat(BaseUrlList.read(f)).containsExactly("http://gpu1:8000/v1", "https://gpu2:8000");
    Files.writeString(f, "http://gpu1:8000/v1\nftp://gpu2\n");
    assertThatThrownBy(() -> BaseUrlList.read(f)).hasMessage(f + " line 2: not an http(s) URL: 'ftp://gpu2'");
    Files.writeString(f, "# none\n");
    assertThatThrownBy(() -> BaseUrlList.read(f)).hasMessage(f + ": no server URL in it");
    assertThatThrownBy(() -> BaseUrlList.read(dir.resolve("missing.txt"))).hasMessageStartingWith(dir.resolve("missing.txt") + ": cannot read: ");
  }
}
