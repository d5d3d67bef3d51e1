package io.reasonrank.rewardserver;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.reasonrank.io.Json;
import io.reasonrank.reward.RewardException;
import io.reasonrank.reward.RewardOutcome;
import io.reasonrank.reward.RewardResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * An HTTP reward service for verl's GRPO trainer (docs/reference-behaviour.md §6, §7): {@code POST /reward} takes a JSON array of
 * {@link RewardCall} rows and answers a JSON array of {@code {"reward","ndcg_cut_10","recall_10","rbo"}} in the
 * same order; {@code GET /health} answers {@code {"status":"ok"}}; {@code GET /metrics} is Prometheus text.
 *
 * <p>A bad row answers 400 with {@code {"error", "row", "field"}} ({@code row} is the 0-based array index) and
 * scores nothing of that request: a trainer must not silently get rewards for part of a batch. A ground truth
 * that repeats an id (where the reference raises) is such a bad row, with field {@code ground_truth}.
 * Rows of a large batch are scored on {@code threads} workers; results keep the request order.
 */
public final class RewardServer implements AutoCloseable {

  /** Rows below this are scored on the request thread: splitting them costs more than it saves. */
  private static final int PARALLEL_MIN_ROWS = 64;

  private final Javalin app;
  private final ExecutorService workers;
  private final int threads;
  private final LongAdder requests = new LongAdder();
  private final LongAdder badRequests = new LongAdder();
  private final LongAdder[] outcomes = new LongAdder[RewardOutcome.values().length];
  private final AtomicLong scoringNanos = new AtomicLong();

  /**
   * @param threads scoring workers, at least 1
   * @param maxRequestBytes the largest accepted request body
   */
  public RewardServer(int threads, long maxRequestBytes) {
    if (threads < 1) throw new IllegalArgumentException("threads must be >= 1: " + threads);
    if (maxRequestBytes < 1) throw new IllegalArgumentException("maxRequestBytes must be >= 1: " + maxRequestBytes);
    this.threads = threads;
    for (int i = 0; i < outcomes.length; i++) outcomes[i] = new LongAdder();
    this.workers = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "reward-worker");
      t.setDaemon(true);
      return t;
    });
    this.app = Javalin.create(config -> {
      config.showJavalinBanner = false;
      config.http.maxRequestSize = maxRequestBytes;
    });
    app.post("/reward", this::reward);
    app.get("/health", ctx -> ctx.contentType("application/json").result("{\"status\":\"ok\"}"));
    app.get("/metrics", this::metrics);
  }

  /** Starts listening; port 0 picks a free port. Returns the bound port. */
  public int start(String host, int port) {
    app.start(host, port);
    return app.port();
  }

  public int port() {
    return app.port();
  }

  @Override
  public void close() {
    app.stop();
    workers.shutdownNow();
  }

  private void reward(Context ctx) {
    requests.increment();
    JsonNode body;
    try {
      body = Json.MAPPER.readTree(ctx.body());
    } catch (JsonProcessingException e) {
      badRequest(ctx, "invalid JSON: " + e.getOriginalMessage(), null, null);
      return;
    }
    if (body == null || !body.isArray()) {
      badRequest(ctx, "expected a JSON array of reward rows", null, null);
      return;
    }
    List<RewardCall> calls = new ArrayList<>(body.size());
    for (int i = 0; i < body.size(); i++) {
      try {
        calls.add(RewardCall.fromJson(body.get(i)));
      } catch (RewardCall.BadRowException e) {
        badRequest(ctx, "row " + i + ": " + e.getMessage(), i, e.field());
        return;
      }
    }
    long t0 = System.nanoTime();
    RewardResult[] results = new RewardResult[calls.size()];
    RewardException[] errors = new RewardException[calls.size()];
    int failedRow = score(calls, results, errors);
    scoringNanos.addAndGet(System.nanoTime() - t0);
    if (failedRow >= 0) {
      RewardException e = errors[failedRow];
      badRequest(ctx, "row " + failedRow + ": " + e.getMessage(), failedRow, e.field());
      return;
    }
    ArrayNode out = JsonNodeFactory.instance.arrayNode(results.length);
    for (RewardResult r : results) {
      outcomes[r.outcome().ordinal()].increment();
      out.add(RewardJson.toJson(r));
    }
    ctx.contentType("application/json").result(out.toString());
  }

  /** Fills {@code results}; returns the first row whose scoring raised, or −1. */
  private int score(List<RewardCall> calls, RewardResult[] results, RewardException[] errors) {
    int n = calls.size();
    if (threads == 1 || n < PARALLEL_MIN_ROWS) return scoreRange(calls, results, errors, 0, n);
    int chunk = (n + threads - 1) / threads;
    List<Future<Integer>> parts = new ArrayList<>();
    for (int from = 0; from < n; from += chunk) {
      int lo = from;
      int hi = Math.min(n, from + chunk);
      parts.add(workers.submit(() -> scoreRange(calls, results, errors, lo, hi)));
    }
    int failed = -1;
    for (Future<Integer> f : parts) {
      try {
        int r = f.get();
        if (r >= 0 && (failed < 0 || r < failed)) failed = r;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while scoring", e);
      } catch (ExecutionException e) {
        throw new IllegalStateException("scoring failed", e.getCause());
      }
    }
    return failed;
  }

  private static int scoreRange(
      List<RewardCall> calls, RewardResult[] results, RewardException[] errors, int from, int to) {
    for (int i = from; i < to; i++) {
      try {
        results[i] = RewardJson.score(calls.get(i));
      } catch (RewardException e) {
        errors[i] = e;
        return i;
      }
    }
    return -1;
  }

  private void badRequest(Context ctx, String message, Integer row, String field) {
    badRequests.increment();
    ObjectNode err = JsonNodeFactory.instance.objectNode().put("error", message);
    if (row != null) err.put("row", row);
    if (field != null) err.put("field", field);
    ctx.status(400).contentType("application/json").result(err.toString());
  }

  private void metrics(Context ctx) {
    StringBuilder b = new StringBuilder();
    b.append("# HELP reasonrank_reward_requests_total POST /reward requests.\n# TYPE reasonrank_reward_requests_total counter\n");
    b.append("reasonrank_reward_requests_total ").append(requests.sum()).append('\n');
    b.append("# HELP reasonrank_reward_bad_requests_total Requests answered 400.\n# TYPE reasonrank_reward_bad_requests_total counter\n");
    b.append("reasonrank_reward_bad_requests_total ").append(badRequests.sum()).append('\n');
    b.append("# HELP reasonrank_reward_rows_total Scored rows by outcome.\n# TYPE reasonrank_reward_rows_total counter\n");
    for (RewardOutcome o : RewardOutcome.values()) {
      b.append("reasonrank_reward_rows_total{outcome=\"").append(o.wireName()).append("\"} ")
          .append(outcomes[o.ordinal()].sum()).append('\n');
    }
    b.append("# HELP reasonrank_reward_scoring_seconds_total Time spent scoring.\n# TYPE reasonrank_reward_scoring_seconds_total counter\n");
    b.append("reasonrank_reward_scoring_seconds_total ")
        .append(String.format(Locale.ROOT, "%.6f", scoringNanos.get() / 1e9)).append('\n');
    ctx.contentType("text/plain; version=0.0.4").result(b.toString());
  }
}
