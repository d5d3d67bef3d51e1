package io.reasonrank.service.http;

import io.reasonrank.llm.cache.CompletionCache;
import io.reasonrank.llm.openai.OpenAiBackend;
import io.reasonrank.llm.openai.OpenAiTestServer;
import io.reasonrank.llm.tokenizer.HfTokenizer;
import io.reasonrank.service.engine.ReasonRankEngine;
import io.reasonrank.testing.ScriptedLlm;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * Test fixture: the rerank service on 127.0.0.1 and a free port, over an {@link OpenAiTestServer} answering with
 * the scripted LLM (or any responder), through the real {@link OpenAiBackend}, with a completion cache in a
 * temporary folder removed on close. Used by this module's tests and,
 * through the test-jar, by the integration modules'.
 */
public final class ServiceFixture implements AutoCloseable {
  private final OpenAiTestServer llm;
  private final ReasonRankEngine engine;
  private final RerankServer server;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private final Path dir;

  private ServiceFixture(OpenAiTestServer llm, ReasonRankEngine engine, RerankServer server, Path dir) {
    this.dir = dir;
    this.llm = llm;
    this.engine = engine;
    this.server = server;
  }

  /** The service over the scripted LLM with the reference's settings (sliding 20/10/100, reasoning mode, 100-token passages). */
  public static ServiceFixture scripted() {
    return start(OpenAiTestServer.startLlm(new ScriptedLlm()), 8, b -> {}, Limits.DEFAULT, ApiKeys.none());
  }

  /**
   * @param slots the backend's requests in flight ({@code --concurrency})
   * @param engineSettings changes to the engine's defaults
   */
  public static ServiceFixture start(OpenAiTestServer llm, int slots, Consumer<ReasonRankEngine.Builder> engineSettings, Limits limits,
      ApiKeys keys) {
    OpenAiBackend backend = OpenAiBackend.builder().baseUrl(llm.baseUrl()).model(OpenAiTestServer.MODEL).maxConcurrency(slots)
        .maxRetries(1).backoffBase(Duration.ofMillis(5)).backoffCap(Duration.ofMillis(20)).requestTimeout(Duration.ofSeconds(30)).build();
    Path dir;
    try {
      dir = Files.createTempDirectory("reasonrank-service-test");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ReasonRankEngine.Builder b = ReasonRankEngine.builder(backend).tokenizer(HfTokenizer.qwenDefault())
        .cache(CompletionCache.open(dir.resolve("cache.sqlite")), "openai-completions " + llm.baseUrl());
    engineSettings.accept(b);
    ReasonRankEngine engine = b.build();
    RerankServer server = new RerankServer(engine, limits, keys, Duration.ofSeconds(10));
    server.start("127.0.0.1", 0);
    return new ServiceFixture(llm, engine, server, dir);
  }

  public OpenAiTestServer llm() {
    return llm;
  }

  public ReasonRankEngine engine() {
    return engine;
  }

  public RerankServer server() {
    return server;
  }

  /** {@code http://127.0.0.1:PORT}. */
  public String baseUrl() {
    return "http://127.0.0.1:" + server.port();
  }

  public HttpResponse<String> post(String path, String body, String... headers) {
    HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(baseUrl() + path)).timeout(Duration.ofSeconds(120))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
    if (headers.length > 0) r.headers(headers);
    return send(r.build());
  }

  public HttpResponse<String> get(String path, String... headers) {
    HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(baseUrl() + path)).timeout(Duration.ofSeconds(30)).GET();
    if (headers.length > 0) r.headers(headers);
    return send(r.build());
  }

  public HttpResponse<String> send(HttpRequest request) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    try {
      server.close();
    } finally {
      try {
        engine.close();
      } finally {
        llm.close();
        try (var files = Files.walk(dir)) {
          files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
          // a leftover temp folder is harmless
        }
      }
    }
  }
}
