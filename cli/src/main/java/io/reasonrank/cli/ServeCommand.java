package io.reasonrank.cli;

import io.reasonrank.format.InputException;
import io.reasonrank.llm.LlmBackend;
import io.reasonrank.llm.LlmException;
import io.reasonrank.llm.cache.CompletionCache;
import io.reasonrank.service.engine.ReasonRankEngine;
import io.reasonrank.service.engine.RerankEngine;
import io.reasonrank.service.http.ApiKeys;
import io.reasonrank.service.http.Limits;
import io.reasonrank.service.http.RerankServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code reasonrank serve}: the rerank HTTP service (Cohere v1/v2 and Jina, TEI, native; see docs/serving.md) over one
 * backend opened as {@code rerank} opens it. Prints {@code listening on http://HOST:PORT} on stdout once it accepts
 * requests and runs until SIGTERM/SIGINT, then shuts down gracefully.
 */
@Command(name = "serve", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Serve ReasonRank reranking over HTTP: POST /v1/rerank, /v2/rerank (Cohere, Jina), /rerank (TEI), /v1/reasonrank/rerank (native),",
        "GET /health, /ready, /metrics, /openapi.json. Runs until interrupted; SIGTERM finishes the requests in flight."})
public final class ServeCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin RerankBackendOptions rerank;

  @Option(names = "--host", defaultValue = "127.0.0.1", paramLabel = "HOST", description = "Bind address. Default: ${DEFAULT-VALUE}.")
  String host;

  @Option(names = "--port", defaultValue = "8080", paramLabel = "N", description = "TCP port (0 = any free port). Default: ${DEFAULT-VALUE}.")
  int port;

  @Option(names = "--api-keys-file", paramLabel = "FILE", description = "Accepted API keys, one per line (default: the comma-separated keys of $"
      + ApiKeys.ENV + "; neither = no authentication).")
  Path apiKeysFile;

  @Option(names = "--deadline", defaultValue = "60", paramLabel = "SECONDS", description = "Per-request deadline; what is not reranked by then keeps its input order (a request may ask for less). Default: ${DEFAULT-VALUE}.")
  double deadlineSeconds;

  @Option(names = "--max-documents", defaultValue = "1000", paramLabel = "N", description = "Documents per request. Default: ${DEFAULT-VALUE}.")
  int maxDocuments;

  @Option(names = "--max-document-chars", defaultValue = "16384", paramLabel = "N", description = "Characters per document. Default: ${DEFAULT-VALUE}.")
  int maxDocumentChars;

  @Option(names = "--max-query-chars", defaultValue = "8192", paramLabel = "N", description = "Characters per query. Default: ${DEFAULT-VALUE}.")
  int maxQueryChars;

  @Option(names = "--max-body-mb", defaultValue = "16", paramLabel = "MB", description = "Largest request body. Default: ${DEFAULT-VALUE}.")
  int maxBodyMb;

  @Option(names = "--max-waiting", defaultValue = "-1", paramLabel = "N", description = "Requests that may wait for a place before 429 (-1 = 4 x the requests reranked at once). Default: ${DEFAULT-VALUE}.")
  int maxWaiting;

  @Option(names = "--grace", defaultValue = "30", paramLabel = "SECONDS", description = "On SIGTERM, how long requests in flight may take to finish. Default: ${DEFAULT-VALUE}.")
  int graceSeconds;

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter err = spec.commandLine().getErr();
    rerank.validate();
    if (port < 0 || port > 65535) throw new InputException("--port must be in 0..65535, got " + port);
    if (!(deadlineSeconds > 0)) throw new InputException("--deadline must be > 0, got " + deadlineSeconds);
    if (maxBodyMb < 1) throw new InputException("--max-body-mb must be >= 1, got " + maxBodyMb);
    if (graceSeconds < 0) throw new InputException("--grace must be >= 0, got " + graceSeconds);
    Limits limits;
    try {
      limits = new Limits(maxBodyMb * 1024L * 1024L, maxDocuments, maxDocumentChars, maxQueryChars,
          Duration.ofMillis(Math.round(deadlineSeconds * 1000)));
    } catch (IllegalArgumentException e) {
      throw new InputException(e.getMessage());
    }
    ApiKeys keys = apiKeys();

    LlmBackend backend = rerank.openBackend(err, "serve");
    RerankEngine engine = null;
    RerankServer server = null;
    Path tempCache = null;
    try {
      String model = backend.model(); // an unreachable server fails here, before we listen
      ReasonRankEngine.Builder b = ReasonRankEngine.builder(backend).strategy(rerank.parsedStrategy()).mode(rerank.promptMode())
          .tokenizer(TokenizerOption.load(rerank.tokenizerPath, rerank.promptMode())).maxPassageTokens(rerank.passageTokens())
          .settings(rerank.settings()).scoreMode(rerank.parsedScoreMode()).maxTokens(rerank.maxTokens);
      if (rerank.maxQueriesInFlight > 0) b.maxRunning(rerank.maxQueriesInFlight);
      if (maxWaiting >= 0) b.maxWaiting(maxWaiting);
      if (!rerank.noCache) {
        Path cachePath = rerank.cacheFile;
        if (cachePath == null) cachePath = tempCache = Files.createTempFile("reasonrank-serve-", ".sqlite");
        b.cache(CompletionCache.open(cachePath), rerank.backendKind());
      }
      engine = b.build();
      RerankEngine.Readiness ready = engine.readiness();
      if (!ready.ready()) throw new UserException(ready.detail());
      server = new RerankServer(engine, limits, keys, Duration.ofSeconds(graceSeconds));
      int bound;
      try {
        bound = server.start(host, port);
      } catch (RuntimeException bindFailure) { // Javalin's bind exception: a port in use, a host not of this machine
        throw new UserException(ServerBind.describe(host, port, bindFailure));
      }
      RerankServer s = server;
      RerankEngine e = engine;
      Path t = tempCache;
      ServerBind.Shutdown shutdown = ServerBind.onShutdown("serve", () -> {
        try {
          s.close();
        } finally {
          e.close();
          deleteCache(t);
        }
      });
      err.printf("serve: model %s, strategy %s, mode %s, %s; %s%n", model, rerank.strategy, rerank.mode,
          keys.enabled() ? keys.size() + " API keys" : "no API keys (open)", ready.detail());
      err.flush();
      PrintWriter out = spec.commandLine().getOut();
      out.printf("listening on http://%s:%d%n", ServerBind.urlHost(host), bound);
      out.flush();
      engine = null; // owned by the shutdown hook from here on
      tempCache = null;
      shutdown.await();
      return 0;
    } catch (LlmException ex) {
      throw new UserException(RerankCommand.oneLine(ex));
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    } finally {
      if (engine != null) {
        if (server != null) server.close();
        engine.close();
      } else if (server == null) {
        backend.close();
      }
      deleteCache(tempCache);
    }
  }

  private ApiKeys apiKeys() {
    if (apiKeysFile != null) {
      if (!Files.isRegularFile(apiKeysFile)) throw new InputException("--api-keys-file: no such file: " + apiKeysFile);
      try {
        return ApiKeys.fromFile(apiKeysFile);
      } catch (IllegalArgumentException | UncheckedIOException e) {
        throw new InputException(e.getMessage());
      }
    }
    return ApiKeys.fromEnvironment(System.getenv(ApiKeys.ENV));
  }

  private static void deleteCache(Path file) {
    if (file == null) return;
    for (String suffix : new String[] {"", "-wal", "-shm", "-journal"}) {
      try {
        Files.deleteIfExists(Path.of(file + suffix));
      } catch (IOException ignored) {
        // a leftover temporary file is harmless
      }
    }
  }
}
