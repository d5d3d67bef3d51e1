package io.reasonrank.pipeline;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reasonrank.io.Json;
import io.reasonrank.llm.cache.CacheStats;
import io.reasonrank.llm.cache.CachingBackend;
import io.reasonrank.llm.openai.OpenAiBackend;
import io.reasonrank.llm.openai.ServerSpeed;
import io.reasonrank.rerank.RerankResult;
import io.reasonrank.rerank.WindowTrace;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;

/**
 * The content of a run's JSON summary (docs/rerank.md, "The JSON summary"), built here so that every front end
 * reports a run alike; the CLI adds its header and settings and prints.
 */
public final class RunSummary {
  private RunSummary() {}

  /**
   * The run's counts: {@code queries}, {@code queries_resumed}, {@code queries_failed},
   * {@code queries_with_failed_calls}, {@code failed_queries}, {@code llm_calls} (windows in the results, resumed
   * ones included), {@code llm_calls_made} and {@code llm_calls_cached} (this run's), {@code failed_calls},
   * {@code prompt_tokens}, {@code completion_tokens}, {@code parse_paths}, {@code wall_seconds},
   * {@code seconds_per_query} (over the queries reranked now) and, with a cache, {@code cache} (hits, misses, shared,
   * failures, seconds saved).
   *
   * @param caching the cache decorator, or null without a cache
   */
  public static ObjectNode counts(List<RerankResult> results, int resumed, List<String> failedQueries, CallRecorder recorder,
      CachingBackend caching, double wallSeconds) {
    long calls = 0, failed = 0, promptTokens = 0, completionTokens = 0;
    Map<String, Long> paths = new TreeMap<>();
    for (RerankResult r : results) {
      for (WindowTrace t : r.windows()) {
        calls++;
        if (t.failed()) failed++;
        promptTokens += t.promptTokens();
        completionTokens += t.completionTokens();
        paths.merge(t.parsePath(), 1L, Long::sum);
      }
    }
    int queries = results.size();
    ObjectNode o = Json.MAPPER.createObjectNode();
    long incomplete = results.stream().filter(r -> r.failedWindows() > 0).count();
    o.put("queries", queries).put("queries_resumed", resumed).put("queries_failed", failedQueries.size())
        .put("queries_with_failed_calls", incomplete);
    failedQueries.forEach(o.putArray("failed_queries")::add);
    o.put("llm_calls", calls).put("llm_calls_made", recorder.generatedCalls()).put("llm_calls_cached", recorder.cachedCalls())
        .put("failed_calls", failed).put("prompt_tokens", promptTokens).put("completion_tokens", completionTokens);
    ObjectNode p = o.putObject("parse_paths");
    paths.forEach(p::put);
    o.put("wall_seconds", Math.round(wallSeconds * 1000) / 1000.0)
        .put("seconds_per_query", queries - resumed > 0 ? Math.round(wallSeconds / (queries - resumed) * 1000) / 1000.0 : 0.0);
    if (caching != null) {
      CacheStats cs = caching.stats();
      o.putObject("cache").put("hits", cs.hits()).put("misses", cs.misses()).put("shared", cs.shared()).put("failures", cs.failures())
          .put("seconds_saved", Math.round(cs.secondsSaved() * 1000) / 1000.0);
    }
    return o;
  }

  /**
   * Adds the call accounting: calls attempted, succeeded and failed (by {@link io.reasonrank.llm.LlmException.Kind}),
   * each distinct error with its count, prompts the server cut, the context the run was checked against and where it
   * came from, the server's own prefill and decode speed where it sends one (llama.cpp's {@code timings}), and the
   * exit code.
   *
   * @param truncation the truncation check, or null when none ran
   * @param http the HTTP backend, or null
   */
  public static void addCalls(ObjectNode o, CallRecorder recorder, PromptTruncationCheck truncation, OpenAiBackend http, OptionalInt ctx,
      String contextNote, RunOutcome outcome) {
    o.put("llm_calls_attempted", recorder.attemptedCalls()).put("llm_calls_succeeded", recorder.succeededCalls());
    ObjectNode byKind = o.putObject("failed_calls_by_kind");
    recorder.failedByKind().entrySet().stream().sorted(Map.Entry.comparingByKey())
        .forEach(e -> byKind.put(e.getKey().name().toLowerCase(Locale.ROOT), e.getValue()));
    ArrayNode errors = o.putArray("errors");
    recorder.errors().forEach((m, n) -> errors.addObject().put("message", m).put("count", n));
    if (recorder.otherErrors() > 0) o.put("errors_not_listed", recorder.otherErrors());
    o.put("prompts_truncated", truncation == null ? 0 : truncation.truncatedCalls());
    if (ctx.isPresent()) o.put("context_length", ctx.getAsInt());
    o.put("context", contextNote);
    if (http != null) {
      ServerSpeed sp = http.serverSpeed();
      if (sp.responses() > 0) {
        ObjectNode speed = o.putObject("server_speed");
        speed.put("responses", sp.responses()).put("prompt_tokens", sp.promptTokens()).put("prompt_ms", round(sp.promptMillis()))
            .put("predicted_tokens", sp.predictedTokens()).put("predicted_ms", round(sp.predictedMillis()));
        sp.prefillPerSecond().ifPresent(v -> speed.put("prefill_tokens_per_second", round(v)));
        sp.decodePerSecond().ifPresent(v -> speed.put("decode_tokens_per_second", round(v)));
      }
    }
    o.put("exit_code", outcome.exitCode());
  }

  private static double round(double v) {
    return Math.round(v * 10) / 10.0;
  }
}
