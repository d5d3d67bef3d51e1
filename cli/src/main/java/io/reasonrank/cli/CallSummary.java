package io.reasonrank.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reasonrank.llm.openai.OpenAiBackend;
import io.reasonrank.llm.openai.ServerSpeed;
import io.reasonrank.pipeline.CallRecorder;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.OptionalInt;
import io.reasonrank.pipeline.PromptTruncationCheck;
import io.reasonrank.pipeline.RunOutcome;
import io.reasonrank.pipeline.RunSummary;

/**
 * The console lines of a run's call accounting (the JSON is built by the library's {@link RunSummary}): calls attempted, succeeded and failed (by
 * {@link io.reasonrank.llm.LlmException.Kind}), each distinct error with its count, prompts the server cut, the
 * context the run was checked against and where it came from, the server's own prefill and decode speed where it
 * sends one (llama.cpp's {@code timings}), and the exit code (docs/rerank.md, "The JSON summary").
 */
final class CallSummary {
  private CallSummary() {}

  /** The call accounting, built by the library ({@link RunSummary#addCalls}). */
  static void add(ObjectNode o, CallRecorder recorder, PromptTruncationCheck truncation, OpenAiBackend http, OptionalInt ctx,
      String contextNote, RunOutcome outcome) {
    RunSummary.addCalls(o, recorder, truncation, http, ctx, contextNote, outcome);
  }

  static void print(PrintWriter err, String command, ObjectNode s) {
    JsonNode byKind = s.path("failed_calls_by_kind");
    if (byKind.size() > 0) err.printf("%s: failed calls by kind %s%n", command, byKind);
    if (s.path("prompts_truncated").asLong() > 0) {
      err.printf("%s: %d prompts were cut by the server to fit its context%n", command, s.path("prompts_truncated").asLong());
    }
    long neutral = s.path("parse_paths").path("neutral").asLong();
    if (neutral > 0) {
      err.printf("%s: warning: %d pointwise judgments could not be read (parse path neutral) and score 0.5; their order among"
          + " each other is the first stage's%n", command, neutral);
    }
    JsonNode sp = s.path("server_speed");
    if (sp.isObject()) {
      err.printf(Locale.ROOT, "%s: server speed (llama.cpp timings, per request, %d responses): prefill %.1f tokens/s, decode %.1f tokens/s%n",
          command, sp.path("responses").asLong(), sp.path("prefill_tokens_per_second").asDouble(), sp.path("decode_tokens_per_second").asDouble());
    }
  }

  /** The server's own speed line, when it sent timings. */
  static void printSpeed(PrintWriter err, String command, ServerSpeed sp) {
    if (sp.responses() == 0) return;
    err.printf(Locale.ROOT, "%s: server speed (llama.cpp timings, per request, %d responses): prefill %.1f tokens/s, decode %.1f tokens/s%n",
        command, sp.responses(), sp.prefillPerSecond().orElse(0), sp.decodePerSecond().orElse(0));
  }
}
