package io.reasonrank.service.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reasonrank.model.Document;
import io.reasonrank.rerank.WindowTrace;
import io.reasonrank.service.engine.EngineResult;
import io.reasonrank.service.engine.RelevanceScores;
import java.util.ArrayList;
import java.util.List;

/**
 * The request and response shapes of each API the service speaks (see docs/serving.md). Parsing is strict about
 * the types of the fields it reads (a wrong type is a 400 naming the field) and ignores every other field, since
 * clients of one dialect send the fields of another ({@code max_chunks_per_doc}, {@code rank_fields},
 * {@code priority}, {@code truncation_direction}, …).
 */
final class Dialects {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private Dialects() {}

  /** Which API a request came in by. */
  enum Api {
    COHERE_V1("/v1/rerank"), COHERE_V2("/v2/rerank"), TEI("/rerank"), NATIVE("/v1/reasonrank/rerank");

    final String path;

    Api(String path) {
      this.path = path;
    }
  }

  /** A parsed request: the documents in request order (id = position), what to return, and the requested timeout. */
  record Parsed(String query, List<Document> documents, List<JsonNode> originals, Integer topN, boolean returnDocuments,
      Long timeoutMs, String model) {}

  static Parsed parse(Api api, JsonNode body, Limits limits) {
    if (body == null || !body.isObject()) throw new BadRequestException("invalid request: the body must be a JSON object");
    String query = string(body, "query", true);
    if (query.isBlank()) throw new BadRequestException("invalid request: query must not be empty or be only whitespace");
    if (query.length() > limits.maxQueryChars()) {
      throw new BadRequestException("invalid request: query has " + query.length() + " characters, more than max_query_chars "
          + limits.maxQueryChars());
    }
    String docsField = api == Api.TEI ? "texts" : "documents";
    JsonNode docs = body.get(docsField);
    if ((docs == null || docs.isNull()) && api == Api.TEI) docs = body.get("documents"); // Elasticsearch's hugging_face service
    if (docs == null || docs.isNull()) throw new BadRequestException("invalid request: '" + docsField + "' is required");
    if (!docs.isArray()) throw new BadRequestException("invalid request: '" + docsField + "' must be an array");
    if (docs.isEmpty()) throw new BadRequestException("invalid request: list of documents must not be empty");
    if (docs.size() > limits.maxDocuments()) {
      throw new BadRequestException("invalid request: " + docs.size() + " documents, more than max_documents " + limits.maxDocuments());
    }
    List<String> rankFields = rankFields(body);
    List<Document> out = new ArrayList<>(docs.size());
    List<JsonNode> originals = new ArrayList<>(docs.size());
    for (int i = 0; i < docs.size(); i++) {
      JsonNode d = docs.get(i);
      String text;
      if (d.isTextual()) text = d.asText();
      else if (d.isObject() && api != Api.TEI) text = objectText(d, rankFields, i);
      else throw new BadRequestException("invalid request: " + docsField + "[" + i + "] must be a string"
          + (api == Api.TEI ? "" : " or an object with 'text'"));
      if (text.length() > limits.maxDocumentChars()) {
        throw new BadRequestException("invalid request: " + docsField + "[" + i + "] has " + text.length()
            + " characters, more than max_document_chars " + limits.maxDocumentChars());
      }
      // the native API keeps a title apart, as the reference renders it ("Title: t Content: c")
      String title = api == Api.NATIVE && d.isObject() && d.path("title").isTextual() ? d.get("title").asText() : "";
      out.add(new Document(Integer.toString(i), title, text));
      originals.add(d);
    }
    Integer topN = positiveInt(body, "top_n");
    if (topN == null) topN = positiveInt(body, "top_k");
    boolean returnDocs = api == Api.TEI ? bool(body, "return_text", false) : bool(body, "return_documents", api == Api.NATIVE);
    if (api == Api.TEI) bool(body, "raw_scores", false);
    for (String f : List.of("max_tokens_per_doc", "max_chunks_per_doc", "priority")) nonNegativeInt(body, f);
    Long timeout = timeoutMs(body);
    JsonNode model = body.get("model");
    if (model != null && !model.isNull() && !model.isTextual()) throw new BadRequestException("invalid request: 'model' must be a string");
    return new Parsed(query, out, originals, topN, returnDocs, timeout, model == null || model.isNull() ? null : model.asText());
  }

  private static String objectText(JsonNode d, List<String> rankFields, int i) {
    if (rankFields.isEmpty()) {
      JsonNode t = d.get("text");
      if (t == null || !t.isTextual()) {
        throw new BadRequestException("invalid request: documents[" + i + "] does not have a 'text' field that can be used for reranking");
      }
      return t.asText();
    }
    // Cohere v1 ranks structured documents on rank_fields, in their order, as "field: value" lines.
    StringBuilder sb = new StringBuilder();
    for (String f : rankFields) {
      JsonNode v = d.get(f);
      if (v == null || v.isNull()) continue;
      if (!sb.isEmpty()) sb.append('\n');
      sb.append(f).append(": ").append(v.isTextual() ? v.asText() : v.toString());
    }
    if (sb.isEmpty()) throw new BadRequestException("invalid request: documents[" + i + "] has none of the rank_fields " + rankFields);
    return sb.toString();
  }

  private static List<String> rankFields(JsonNode body) {
    JsonNode rf = body.get("rank_fields");
    if (rf == null || rf.isNull()) return List.of();
    if (!rf.isArray()) throw new BadRequestException("invalid request: 'rank_fields' must be an array of strings");
    if (rf.isEmpty()) {
      throw new BadRequestException("invalid request: rank_fields cannot be empty, it must either contain at least one field or be omitted");
    }
    List<String> out = new ArrayList<>();
    for (JsonNode f : rf) {
      if (!f.isTextual()) throw new BadRequestException("invalid request: 'rank_fields' must be an array of strings");
      out.add(f.asText());
    }
    return out;
  }

  static Long timeoutMs(JsonNode body) {
    JsonNode t = body.get("timeout_ms");
    if (t == null || t.isNull()) return null;
    if (!t.canConvertToLong() || !t.isIntegralNumber() || t.asLong() < 1) {
      throw new BadRequestException("invalid request: 'timeout_ms' must be a positive integer");
    }
    return t.asLong();
  }

  private static String string(JsonNode body, String field, boolean required) {
    JsonNode v = body.get(field);
    if (v == null || v.isNull()) {
      if (required) throw new BadRequestException("invalid request: '" + field + "' is required");
      return null;
    }
    if (!v.isTextual()) throw new BadRequestException("invalid request: '" + field + "' must be a string");
    return v.asText();
  }

  private static Integer positiveInt(JsonNode body, String field) {
    JsonNode v = body.get(field);
    if (v == null || v.isNull()) return null;
    if (!v.isIntegralNumber() || !v.canConvertToInt() || v.asInt() < 1) {
      throw new BadRequestException("invalid request: '" + field + "' must be an integer >= 1");
    }
    return v.asInt();
  }

  private static void nonNegativeInt(JsonNode body, String field) {
    JsonNode v = body.get(field);
    if (v == null || v.isNull()) return;
    if (!v.isIntegralNumber() || v.asLong() < 0) throw new BadRequestException("invalid request: '" + field + "' must be an integer >= 0");
  }

  private static boolean bool(JsonNode body, String field, boolean dflt) {
    JsonNode v = body.get(field);
    if (v == null || v.isNull()) return dflt;
    if (!v.isBoolean()) throw new BadRequestException("invalid request: '" + field + "' must be a boolean");
    return v.asBoolean();
  }

  // ------------------------------------------------------------------ responses

  /** How many results to return: all, or {@code top_n} where it asks for fewer. */
  private static int count(Parsed p, EngineResult r) {
    int n = r.order().size();
    return p.topN() == null ? n : Math.min(n, p.topN());
  }

  /**
   * Cohere's response, with Jina's {@code model} and {@code usage} beside it: {@code id}, {@code results}
   * ({@code index}, {@code relevance_score}, {@code document.text} when asked), {@code meta} ({@code api_version},
   * {@code billed_units.search_units}: one per started 100 documents, as Cohere bills; {@code warnings} when the
   * answer fell back somewhere).
   */
  static ObjectNode cohere(Api api, String id, String model, Parsed p, EngineResult r) {
    ObjectNode o = F.objectNode();
    o.put("id", id);
    ArrayNode results = o.putArray("results");
    int k = count(p, r);
    for (int pos = 0; pos < k; pos++) {
      int index = r.order().get(pos);
      ObjectNode item = results.addObject();
      item.put("index", index).put("relevance_score", RelevanceScores.atPosition(pos));
      if (p.returnDocuments()) {
        JsonNode orig = p.originals().get(index);
        item.set("document", orig.isObject() ? orig : F.objectNode().put("text", orig.asText()));
      }
    }
    ObjectNode meta = o.putObject("meta");
    meta.putObject("api_version").put("version", api == Api.COHERE_V2 ? "2" : "1");
    meta.putObject("billed_units").put("search_units", (r.order().size() + 99) / 100);
    if (!r.warnings().isEmpty()) r.warnings().forEach(meta.putArray("warnings")::add);
    o.put("model", model);
    o.putObject("usage").put("prompt_tokens", r.promptTokens()).put("total_tokens", r.promptTokens() + r.completionTokens());
    return o;
  }

  /** TEI's bare array {@code [{index, score, text?}]}, best first. */
  static ArrayNode tei(Parsed p, EngineResult r) {
    ArrayNode a = F.arrayNode();
    int k = count(p, r);
    for (int pos = 0; pos < k; pos++) {
      int index = r.order().get(pos);
      ObjectNode item = a.addObject().put("index", index).put("score", RelevanceScores.atPosition(pos));
      if (p.returnDocuments()) item.put("text", p.documents().get(index).text());
    }
    return a;
  }

  /**
   * The native answer: the ranking, the permutation, and every window's trace (positions over the list at that
   * moment, the documents' indices before the call, the raw model output, the parse path, the permutation
   * applied, tokens, time, and whether it failed and why), plus the fallback flags.
   */
  static ObjectNode nativeResponse(String id, String model, Parsed p, EngineResult r) {
    ObjectNode o = F.objectNode();
    o.put("id", id).put("model", model);
    ArrayNode perm = o.putArray("permutation");
    r.order().forEach(perm::add);
    o.put("reranked", r.reranked());
    ArrayNode results = o.putArray("results");
    int k = count(p, r);
    for (int pos = 0; pos < k; pos++) {
      int index = r.order().get(pos);
      ObjectNode item = results.addObject().put("index", index).put("relevance_score", RelevanceScores.atPosition(pos));
      if (p.returnDocuments()) item.put("text", p.documents().get(index).text());
    }
    ArrayNode windows = o.putArray("windows");
    for (WindowTrace w : r.windows()) {
      ObjectNode t = windows.addObject().put("start", w.start()).put("end", w.end());
      ArrayNode before = t.putArray("indices_before");
      for (String d : w.docidsBefore()) before.add(Integer.parseInt(d));
      t.put("prompt_sha256", w.promptSha256()).put("response", w.response()).put("parse_path", w.parsePath());
      ArrayNode wp = t.putArray("permutation");
      w.permutation().forEach(wp::add);
      t.put("failed", w.failed());
      if (w.error() != null) t.put("error", w.error());
      t.put("prompt_tokens", w.promptTokens()).put("completion_tokens", w.completionTokens()).put("cached", w.cached())
          .put("millis", w.millis());
    }
    ObjectNode fb = o.putObject("fallback");
    fb.put("degraded", r.degraded()).put("deadline_exceeded", r.deadlineExceeded()).put("failed_windows", r.failedWindows());
    r.warnings().forEach(fb.putArray("warnings")::add);
    o.putObject("usage").put("prompt_tokens", r.promptTokens()).put("completion_tokens", r.completionTokens())
        .put("total_tokens", r.promptTokens() + r.completionTokens());
    o.put("millis", r.millis());
    return o;
  }

  /** Every error body: Cohere's {@code message} and {@code id}, TEI's {@code error} and {@code error_type}. */
  static ObjectNode error(String message, String requestId, String type) {
    return F.objectNode().put("message", message).put("id", requestId).put("error", message).put("error_type", type);
  }
}
