package io.reasonrank.io;

import com.fasterxml.jackson.databind.JsonNode;
import io.reasonrank.format.InputException;
import io.reasonrank.format.TextFiles;
import io.reasonrank.model.Query;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * BRIGHT {@code examples} rows ({@code topics.bright-<task>-original.jsonl.gz}): {@code id}, the raw
 * multi-line {@code query} (what ReasonRank reranks with, docs/reference-behaviour.md §1.4), {@code excluded_ids}
 * ({@code ["N/A"]} means none) and {@code gold_ids}.
 */
public final class BrightTopics {
  private BrightTopics() {}

  public record Row(Query query, Set<String> excludedIds, List<String> goldIds) {}

  public static List<Row> read(Path file) {
    List<Row> rows = new ArrayList<>();
    JsonLines.forEach(file, (row, line) -> {
      String id = JsonLines.requireText(row, file, line, "id", "qid", "_id");
      String text = JsonLines.requireText(row, file, line, "query", "text", "contents");
      rows.add(new Row(new Query(id, text), strings(row.get("excluded_ids")), List.copyOf(strings(row.get("gold_ids")))));
    });
    if (rows.isEmpty()) throw InputException.at(file, "no topics");
    return rows;
  }

  /** Excluded docids per query, {@code "N/A"} dropped. */
  public static Map<String, Set<String>> excludedIds(Path file) {
    Map<String, Set<String>> out = new LinkedHashMap<>();
    for (Row r : read(file)) out.put(r.query().id(), r.excludedIds());
    return out;
  }

  private static Set<String> strings(JsonNode arr) {
    Set<String> out = new LinkedHashSet<>();
    if (arr != null && arr.isArray()) {
      for (JsonNode n : arr) {
        String s = n.asText();
        if (!s.equals("N/A")) out.add(s);
      }
    }
    return out;
  }

  /** Writes rows in the BRIGHT {@code examples} shape ({@code id}, {@code query}, {@code excluded_ids}, {@code gold_ids}). */
  public static void write(Path file, List<Row> rows) {
    try (var w = TextFiles.writer(file)) {
      for (Row r : rows) {
        var o = Json.MAPPER.createObjectNode().put("id", r.query().id()).put("query", r.query().text());
        var ex = o.putArray("excluded_ids");
        if (r.excludedIds().isEmpty()) ex.add("N/A");
        else r.excludedIds().forEach(ex::add);
        r.goldIds().forEach(o.putArray("gold_ids")::add);
        w.write(Json.MAPPER.writeValueAsString(o));
        w.write('\n');
      }
    } catch (IOException e) {
      throw TextFiles.unchecked(file, e);
    }
  }
}
