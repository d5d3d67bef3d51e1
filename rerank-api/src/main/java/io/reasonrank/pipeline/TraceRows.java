package io.reasonrank.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reasonrank.io.Json;
import io.reasonrank.rerank.WindowTrace;
import java.util.ArrayList;
import java.util.List;

/**
 * The JSON shape of one LLM call in {@code reasonrank rerank --trace} and in the resume checkpoint: {@code qid},
 * {@code strategy}, {@code window} [start, end), {@code docids_before}, {@code prompt_sha256}, {@code response},
 * {@code parse_path}, {@code permutation}, {@code failed}, {@code error}, {@code prompt_tokens},
 * {@code completion_tokens}, {@code cached}, {@code millis}. The field names follow the golden traces
 * ({@code golden/scripted_rerank_dl19.*.trace.jsonl.gz}) where they overlap, so the two can be diffed.
 */
public final class TraceRows {
  private TraceRows() {}

  /** One call of query {@code qid} as a row. */
  public static ObjectNode toJson(String qid, String strategy, WindowTrace t) {
    ObjectNode o = Json.MAPPER.createObjectNode();
    o.put("qid", qid);
    o.put("strategy", strategy);
    o.putArray("window").add(t.start()).add(t.end());
    ArrayNode before = o.putArray("docids_before");
    t.docidsBefore().forEach(before::add);
    o.put("prompt_sha256", t.promptSha256());
    o.put("response", t.response());
    o.put("parse_path", t.parsePath());
    ArrayNode perm = o.putArray("permutation");
    t.permutation().forEach(perm::add);
    o.put("failed", t.failed());
    if (t.error() == null) o.putNull("error");
    else o.put("error", t.error());
    o.put("prompt_tokens", t.promptTokens());
    o.put("completion_tokens", t.completionTokens());
    o.put("cached", t.cached());
    o.put("millis", t.millis());
    return o;
  }

  /** The call a row describes (the inverse of {@link #toJson}). */
  public static WindowTrace fromJson(JsonNode o) {
    List<String> before = new ArrayList<>();
    o.path("docids_before").forEach(n -> before.add(n.asText()));
    List<Integer> perm = new ArrayList<>();
    o.path("permutation").forEach(n -> perm.add(n.asInt()));
    JsonNode err = o.path("error");
    return new WindowTrace(o.path("window").path(0).asInt(), o.path("window").path(1).asInt(), before,
        o.path("prompt_sha256").asText(), o.path("response").asText(), o.path("parse_path").asText(), perm,
        o.path("failed").asBoolean(), err.isNull() || err.isMissingNode() ? null : err.asText(),
        o.path("prompt_tokens").asInt(), o.path("completion_tokens").asInt(), o.path("cached").asBoolean(),
        o.path("millis").asLong());
  }
}
