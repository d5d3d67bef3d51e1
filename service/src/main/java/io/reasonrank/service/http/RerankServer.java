package io.reasonrank.service.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.reasonrank.io.Json;
import io.reasonrank.service.engine.EngineOverloadedException;
import io.reasonrank.service.engine.EngineRequest;
import io.reasonrank.service.engine.EngineResult;
import io.reasonrank.service.engine.RerankEngine;
import io.reasonrank.service.http.Dialects.Api;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rerank HTTP service (Javalin on virtual threads) over one {@link RerankEngine}:
 * <ul>
 *   <li>{@code POST /v1/rerank}, {@code POST /v2/rerank}: Cohere's request and response, with Jina's {@code model} and
 *       {@code usage}; {@code POST /rerank}: Hugging Face TEI's; {@code POST /v1/reasonrank/rerank}: the native answer
 *       with every window's trace and the fallback flags ({@link Dialects});</li>
 *   <li>{@code GET /health} (liveness, never behind a key), {@code GET /ready} (backend reachable, context checked),
 *       {@code GET /metrics} (Prometheus), {@code GET /openapi.json}.</li>
 * </ul>
 * Every response carries {@code X-Request-Id} (the client's, when it sent a sane one) and every log line names it.
 * Every error is a JSON body {@code {"message", "id", "error", "error_type"}} with a 4xx status for anything the
 * client did (malformed JSON, wrong types, limits, unknown paths, missing key), 429 with {@code Retry-After} when the
 * queue is full, and 503 while shutting down; a model that fails or hangs never fails the request (the affected
 * windows keep their order, flagged in {@code meta.warnings} / {@code fallback} and the
 * {@code X-ReasonRank-Fallback} header).
 *
 * <p>{@link #close()} shuts down gracefully: new requests get 503, the ones in flight get up to the grace period
 * to finish, then the listener stops.
 */
public final class RerankServer implements AutoCloseable {
  /** The response header that flags a degraded answer: {@code deadline}, {@code failed-windows} or {@code reranking-error}. */
  public static final String FALLBACK_HEADER = "X-ReasonRank-Fallback";
  /** The request header that lowers the deadline of one request, in milliseconds. */
  public static final String TIMEOUT_HEADER = "X-ReasonRank-Timeout-Ms";
  public static final String REQUEST_ID_HEADER = "X-Request-Id";

  private static final Logger LOG = LoggerFactory.getLogger(RerankServer.class);
  private static final Pattern SANE_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
  private static final Set<String> PATHS = Set.of("/v1/rerank", "/v2/rerank", "/rerank", "/v1/reasonrank/rerank", "/health", "/ready",
      "/metrics", "/openapi.json");
  private static final String RID = "reasonrank.rid";
  private static final String T0 = "reasonrank.t0";

  private final RerankEngine engine;
  private final Limits limits;
  private final ApiKeys keys;
  private final Duration grace;
  private final ServiceMetrics metrics;
  private final Javalin app;
  private final AtomicInteger active = new AtomicInteger();
  private final String openApi;
  private volatile boolean draining;

  public RerankServer(RerankEngine engine, Limits limits, ApiKeys keys, Duration shutdownGrace) {
    this.engine = Objects.requireNonNull(engine, "engine");
    this.limits = Objects.requireNonNull(limits, "limits");
    this.keys = Objects.requireNonNull(keys, "keys");
    this.grace = Objects.requireNonNull(shutdownGrace, "shutdownGrace");
    this.metrics = new ServiceMetrics(engine);
    this.openApi = resource("openapi.json");
    this.app = Javalin.create(config -> {
      config.showJavalinBanner = false;
      config.useVirtualThreads = true;
      config.http.maxRequestSize = limits.maxBodyBytes();
      config.requestLogger.http((ctx, ms) -> finished(ctx));
    });
    app.before(this::before);
    for (Api api : Api.values()) app.post(api.path, ctx -> rerank(ctx, api));
    app.get("/health", ctx -> ctx.json(Json.MAPPER.createObjectNode().put("status", "ok")));
    app.get("/ready", this::ready);
    app.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape()));
    app.get("/openapi.json", ctx -> ctx.contentType("application/json").result(openApi));
    app.exception(BadRequestException.class, (e, ctx) -> error(ctx, e.status(), e.getMessage(), e.status() == 401 ? "unauthorized" : "validation"));
    app.exception(EngineOverloadedException.class, (e, ctx) -> {
      metrics.rejected("queue_full");
      ctx.header("Retry-After", Long.toString(Math.max(1, e.retryAfter().toSeconds())));
      error(ctx, 429, e.getMessage(), "overloaded");
    });
    app.exception(HttpResponseException.class, (e, ctx) -> {
      int s = e.getStatus();
      String msg = s == 404 ? "no such endpoint: " + ctx.method() + " " + ctx.path()
          : s == 413 ? "request body larger than max_body_bytes " + limits.maxBodyBytes() : e.getMessage();
      error(ctx, s, msg, s == 413 ? "payload_too_large" : "validation");
    });
    app.exception(Exception.class, (e, ctx) -> {
      LOG.error("request_id={} {} {} failed: {}", rid(ctx), ctx.method(), ctx.path(), e.toString(), e);
      error(ctx, 500, "internal error (request id " + rid(ctx) + ")", "backend");
    });
    app.error(404, ctx -> {
      if (!ctx.result().isBlank() && ctx.result().startsWith("{")) return;
      error(ctx, 404, "no such endpoint: " + ctx.method() + " " + ctx.path(), "validation");
    });
    app.error(405, ctx -> error(ctx, 405, "method " + ctx.method() + " not allowed on " + ctx.path(), "validation"));
  }

  /** Starts listening on {@code host}; port 0 picks a free port. Returns the bound port. */
  public int start(String host, int port) {
    app.start(host, port);
    return app.port();
  }

  public int port() {
    return app.port();
  }

  /** Requests being handled now. */
  public int active() {
    return active.get();
  }

  // ------------------------------------------------------------------ lifecycle of a request

  private void before(Context ctx) {
    String given = ctx.header(REQUEST_ID_HEADER);
    String rid = given != null && SANE_ID.matcher(given).matches() ? given : UUID.randomUUID().toString();
    ctx.attribute(RID, rid);
    ctx.attribute(T0, System.nanoTime());
    ctx.header(REQUEST_ID_HEADER, rid);
    if (ctx.path().equals("/health")) return;
    if (!keys.accepts(ctx.header("Authorization"))) {
      metrics.rejected("auth");
      throw new BadRequestException(401, ctx.header("Authorization") == null ? "no api key supplied" : "invalid api token");
    }
    long length = ctx.contentLength();
    if (length > limits.maxBodyBytes()) {
      metrics.rejected("body_too_large");
      throw new BadRequestException(413, "request body of " + length + " bytes is larger than max_body_bytes " + limits.maxBodyBytes());
    }
    if (draining && ctx.method().name().equals("POST")) {
      ctx.header("Retry-After", "5");
      throw new BadRequestException(503, "the server is shutting down");
    }
  }

  private void rerank(Context ctx, Api api) {
    active.incrementAndGet();
    try {
      String rid = rid(ctx);
      JsonNode body;
      try {
        byte[] bytes = ctx.bodyAsBytes();
        if (bytes.length == 0) throw new BadRequestException("invalid request: the body is empty; expected a JSON object");
        body = Json.MAPPER.readTree(bytes);
      } catch (IOException e) {
        throw new BadRequestException("invalid request: malformed JSON: " + firstLine(e.getMessage()));
      }
      Dialects.Parsed p = Dialects.parse(api, body, limits);
      Duration deadline = deadline(ctx, p);
      EngineResult r = engine.rerank(new EngineRequest(rid, p.query(), p.documents(), Instant.now().plus(deadline)));
      metrics.result(r);
      if (r.degraded()) {
        String flag = r.deadlineExceeded() ? "deadline" : r.failedWindows() > 0 ? "failed-windows" : "reranking-error";
        ctx.header(FALLBACK_HEADER, flag);
        LOG.warn("request_id={} {} degraded ({}): {}", rid, api.path, flag, String.join("; ", r.warnings()));
      }
      String model = engine.model();
      Object out = switch (api) {
        case COHERE_V1, COHERE_V2 -> Dialects.cohere(api, rid, model, p, r);
        case TEI -> Dialects.tei(p, r);
        case NATIVE -> Dialects.nativeResponse(rid, model, p, r);
      };
      ctx.contentType("application/json").result(out.toString());
    } finally {
      active.decrementAndGet();
    }
  }

  private Duration deadline(Context ctx, Dialects.Parsed p) {
    Duration d = limits.defaultDeadline();
    if (p.timeoutMs() != null) d = min(d, Duration.ofMillis(p.timeoutMs()));
    String h = ctx.header(TIMEOUT_HEADER);
    if (h != null) {
      long ms;
      try {
        ms = Long.parseLong(h.strip());
      } catch (NumberFormatException e) {
        throw new BadRequestException("invalid request: header " + TIMEOUT_HEADER + " must be a positive integer (milliseconds)");
      }
      if (ms < 1) throw new BadRequestException("invalid request: header " + TIMEOUT_HEADER + " must be a positive integer (milliseconds)");
      d = min(d, Duration.ofMillis(ms));
    }
    return d;
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  private void ready(Context ctx) {
    RerankEngine.Readiness r = engine.readiness();
    RerankEngine.QueueState q = engine.queueState();
    var o = Json.MAPPER.createObjectNode().put("status", draining ? "draining" : r.ready() ? "ready" : "not ready").put("detail", r.detail());
    o.putObject("queue").put("waiting", q.waiting()).put("running", q.running()).put("max_running", q.maxRunning())
        .put("max_waiting", q.maxWaiting());
    ctx.status(r.ready() && !draining ? 200 : 503).json(o);
  }

  private void finished(Context ctx) {
    Long t0 = ctx.attribute(T0);
    Duration elapsed = Duration.ofNanos(t0 == null ? 0 : System.nanoTime() - t0);
    String endpoint = PATHS.contains(ctx.path()) ? ctx.path() : "unmatched";
    int status = ctx.statusCode();
    metrics.request(endpoint, status, elapsed);
    if (!ctx.path().equals("/health") && !ctx.path().equals("/metrics")) {
      LOG.info("request_id={} {} {} status={} ms={}", rid(ctx), ctx.method(), ctx.path(), status, elapsed.toMillis());
    }
  }

  private void error(Context ctx, int status, String message, String type) {
    ctx.status(status).contentType("application/json").result(Dialects.error(message, rid(ctx), type).toString());
  }

  private static String rid(Context ctx) {
    String r = ctx.attribute(RID);
    return r == null ? "-" : r;
  }

  private static String firstLine(String s) {
    if (s == null) return "unreadable body";
    int nl = s.indexOf('\n');
    return (nl < 0 ? s : s.substring(0, nl)).strip();
  }

  private static String resource(String name) {
    try (InputStream in = RerankServer.class.getResourceAsStream("/io/reasonrank/service/" + name)) {
      if (in == null) throw new IllegalStateException("missing resource " + name);
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Graceful shutdown: refuse new rerank requests (503), wait up to the grace period for the ones in flight,
   * then stop listening. The engine is not closed; whoever made it closes it.
   */
  @Override
  public void close() {
    draining = true;
    long until = System.nanoTime() + grace.toNanos();
    while (active.get() > 0 && System.nanoTime() < until) {
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    int left = active.get();
    if (left == 0) {
      // a handler has returned but Jetty may still be writing its response; stopping cuts open connections
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (left > 0) LOG.warn("shutdown: {} requests still in flight after the grace period of {} s", left, grace.toSeconds());
    app.stop();
  }

  /** The paths the server answers, for tests and the OpenAPI check. */
  static List<String> paths() {
    return PATHS.stream().sorted().toList();
  }
}
