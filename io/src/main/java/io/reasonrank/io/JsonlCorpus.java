package io.reasonrank.io;

import io.reasonrank.format.InputException;
import io.reasonrank.format.TextFiles;
import io.reasonrank.model.Document;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * BEIR / Pyserini JSONL corpora: id from {@code _id} or {@code id} (or {@code docid}), body from
 * {@code text} or {@code contents}, optional {@code title}.
 */
public final class JsonlCorpus {
  private JsonlCorpus() {}

  public static void forEach(Path file, Consumer<Document> sink) {
    JsonLines.forEach(file, (row, line) -> {
      String id = JsonLines.requireText(row, file, line, "_id", "id", "docid");
      String text = JsonLines.optText(row, "text", "contents", "segment", "body", "passage");
      if (text.isEmpty() && !row.has("text") && !row.has("contents")) {
        throw InputException.at(file, line, "missing field 'text' or 'contents'");
      }
      sink.accept(new Document(id, JsonLines.optText(row, "title"), text));
    });
  }

  /** Loads the whole corpus into memory, keyed by docid. */
  public static Map<String, Document> load(Path file) {
    Map<String, Document> docs = new HashMap<>();
    forEach(file, d -> docs.put(d.id(), d));
    return docs;
  }

  /** Writes BEIR rows ({@code _id}, {@code title}, {@code text}), one per line, gzip by extension. */
  public static void write(Path file, Iterable<Document> docs) {
    try (var w = TextFiles.writer(file)) {
      for (Document d : docs) {
        var row = Json.MAPPER.createObjectNode().put("_id", d.id()).put("title", d.title()).put("text", d.text());
        w.write(Json.MAPPER.writeValueAsString(row));
        w.write('\n');
      }
    } catch (IOException e) {
      throw TextFiles.unchecked(file, e);
    }
  }
}
