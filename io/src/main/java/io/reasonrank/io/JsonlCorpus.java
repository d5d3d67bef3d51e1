package io.reasonrank.io;

import io.reasonrank.format.InputException;
import io.reasonrank.format.TextFiles;
import io.reasonrank.model.Document;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * BEIR / Pyserini JSONL corpora: id from {@code _id} or {@code id} (or {@code docid}), body from
 * {@code text} or {@code contents}, optional {@code title}.
 */
public final class JsonlCorpus {
  private JsonlCorpus() {}

  public static void forEach(Path file, Consumer<Document> sink) {
    JsonLines.forEach(file, (row, line) -> sink.accept(document(row, file, line)));
  }

  private static Document document(JsonNode row, Path file, long line) {
    String id = JsonLines.requireText(row, file, line, "_id", "id", "docid");
    String text = JsonLines.optText(row, "text", "contents", "segment", "body", "passage");
    if (text.isEmpty() && !row.has("text") && !row.has("contents")) {
      throw InputException.at(file, line, "missing field 'text' or 'contents'");
    }
    return new Document(id, JsonLines.optText(row, "title"), text);
  }

  /**
   * Streams the corpus and keeps only the documents whose ids are in {@code wanted}, so that memory holds what a run
   * needs rather than the corpus (an 8.8 M-passage MS MARCO file in a default heap). A row is first scanned for its id
   * alone (its other fields skipped, not decoded); only a wanted row is read in full, with the same fields and checks
   * as {@link #forEach}. Malformed JSON is an error on any line; a missing text field only on a wanted row. If an id
   * occurs twice the later row wins, as in {@link #load(Path)}. Ids of {@code wanted} that the corpus lacks are simply
   * absent from the result (the caller names them).
   */
  public static Map<String, Document> load(Path file, Set<String> wanted) {
    Map<String, Document> docs = new HashMap<>(Math.max(16, wanted.size() * 4 / 3 + 1));
    JsonFactory factory = Json.MAPPER.getFactory();
    JsonLines.forEachLine(file, (line, lineNo) -> {
      String id;
      try {
        id = scanId(factory, line);
      } catch (JsonProcessingException e) {
        throw JsonLines.invalid(file, lineNo, e);
      }
      if (id == NOT_AN_OBJECT) throw InputException.at(file, lineNo, "expected a JSON object");
      if (id != null && !wanted.contains(id)) return;
      Document d = document(JsonLines.parse(file, lineNo, line), file, lineNo);
      if (wanted.contains(d.id())) docs.put(d.id(), d);
    });
    return docs;
  }

  private static final String NOT_AN_OBJECT = new String("not an object");
  private static final String[] ID_FIELDS = {"_id", "id", "docid"};

  /**
   * The row's id when every id field present is a string or null (the id is then the first non-null one in
   * {@link #ID_FIELDS} order); {@code null} when the row must be read in full to know (a non-string id, or none, which
   * {@link #document} reports); {@link #NOT_AN_OBJECT} for a row that is not an object.
   */
  private static String scanId(JsonFactory factory, String line) throws IOException {
    String[] found = new String[ID_FIELDS.length];
    try (JsonParser p = factory.createParser(line)) {
      if (p.nextToken() != JsonToken.START_OBJECT) return NOT_AN_OBJECT;
      boolean complex = false;
      JsonToken t;
      while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken v = p.nextToken();
        int slot = -1;
        for (int i = 0; i < ID_FIELDS.length; i++) if (ID_FIELDS[i].equals(name)) slot = i;
        if (slot < 0) {
          p.skipChildren();
        } else if (v == JsonToken.VALUE_STRING) {
          found[slot] = p.getText();
        } else if (v != JsonToken.VALUE_NULL) {
          complex = true;
          p.skipChildren();
        }
      }
      if (t != JsonToken.END_OBJECT) throw new JsonParseException(p, "unexpected token " + t);
      if (complex) return null;
      for (String f : found) if (f != null) return f;
      return null;
    }
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
