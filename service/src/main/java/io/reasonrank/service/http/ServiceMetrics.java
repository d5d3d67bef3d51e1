package io.reasonrank.service.http;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.reasonrank.rerank.WindowTrace;
import io.reasonrank.service.engine.EngineResult;
import io.reasonrank.service.engine.RerankEngine;
import java.time.Duration;

/**
 * The service's Prometheus metrics through Micrometer: requests by endpoint and status, request latency histograms,
 * LLM calls (generated, cached, failed), tokens in and out, parse paths, fallbacks by cause, queue depth, and requests
 * refused because the queue was full.
 */
final class ServiceMetrics {
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

  ServiceMetrics(RerankEngine engine) {
    Gauge.builder("reasonrank.queue.waiting", engine, e -> e.queueState().waiting()).description("Requests waiting for a place").register(registry);
    Gauge.builder("reasonrank.queue.running", engine, e -> e.queueState().running()).description("Requests being reranked").register(registry);
  }

  void request(String endpoint, int status, Duration elapsed) {
    Counter.builder("reasonrank.http.requests").description("HTTP requests by endpoint and status")
        .tag("endpoint", endpoint).tag("status", Integer.toString(status)).register(registry).increment();
    Timer.builder("reasonrank.http.request.duration").description("HTTP request latency").tag("endpoint", endpoint)
        .publishPercentileHistogram().register(registry).record(elapsed);
  }

  void rejected(String reason) {
    Counter.builder("reasonrank.rejected").description("Requests refused before reranking").tag("reason", reason).register(registry).increment();
  }

  void result(EngineResult r) {
    for (WindowTrace w : r.windows()) {
      String outcome = w.failed() ? "failed" : w.cached() ? "cached" : "generated";
      Counter.builder("reasonrank.llm.calls").description("LLM calls by outcome").tag("outcome", outcome).register(registry).increment();
      if (w.cached()) Counter.builder("reasonrank.cache.hits").description("Windows answered from the completion cache").register(registry).increment();
      Counter.builder("reasonrank.llm.tokens").description("LLM tokens").tag("direction", "in").register(registry).increment(w.promptTokens());
      Counter.builder("reasonrank.llm.tokens").description("LLM tokens").tag("direction", "out").register(registry).increment(w.completionTokens());
      Counter.builder("reasonrank.parse.paths").description("How window answers were parsed").tag("path", w.parsePath()).register(registry).increment();
      if (w.failed()) {
        String cause = w.error() != null && w.error().startsWith("deadline exceeded") ? "deadline" : "backend_error";
        Counter.builder("reasonrank.fallback.windows").description("Windows kept in their order because their call failed")
            .tag("cause", cause).register(registry).increment();
      }
    }
    if (r.degraded()) {
      String cause = r.deadlineExceeded() ? "deadline" : r.failedWindows() > 0 ? "backend_error" : "reranking_error";
      Counter.builder("reasonrank.fallback.requests").description("Requests answered with some input order").tag("cause", cause)
          .register(registry).increment();
    }
  }

  String scrape() {
    return registry.scrape();
  }
}
