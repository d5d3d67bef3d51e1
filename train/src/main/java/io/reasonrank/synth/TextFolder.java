package io.reasonrank.synth;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import io.reasonrank.format.InputException;
import io.reasonrank.format.TextFiles;
import io.reasonrank.io.Json;
import io.reasonrank.io.JsonLines;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The id → text map of one folder of the released layout ({@code id_query/} or {@code id_doc/}). The file format
 * inside those folders is not documented, so every regular file under the folder (recursively, sorted, {@code .gz}
 * by extension, hidden files skipped) is read as either
 * <ul>
 *   <li>one JSON object {@code {"id": "text", …}} (values may also be objects with a text field), when the
 *       name ends in {@code .json}; a top-level array is read as an array of rows; or</li>
 *   <li>JSON Lines of rows {@code {"id"|"_id"|"docid"|"qid": …, "text"|"contents"|"query"|"doc": …}}, when it
 *       ends in {@code .jsonl}; other names are sniffed: a first line that is a whole JSON object with an id
 *       field means JSON Lines.</li>
 * </ul>
 * Only the ids in {@code wanted} are kept, so a corpus larger than memory is fine as long as the referenced texts
 * fit. The first text seen for an id wins; files named after a dataset ({@code biology.jsonl}) also form a
 * per-dataset scope, which is searched first (qids may repeat across datasets).
 */
final class TextFolder {
  static final List<String> ID_FIELDS = List.of("id", "_id", "docid", "doc_id", "qid", "query_id");
  static final List<String> TEXT_FIELDS = List.of("text", "contents", "content", "query", "doc", "passage");

  private final Path folder;
  private final Map<String, String> texts = new HashMap<>();
  private final Map<String, Map<String, String>> byScope = new HashMap<>();
  private final Set<String> conflicted = new java.util.HashSet<>();
  private int files;
  private long ambiguousLookups;

  private TextFolder(Path folder) {
    this.folder = folder;
  }

  static TextFolder load(Path folder, Set<String> wanted) {
    if (!Files.isDirectory(folder)) throw InputException.at(folder, "no such folder (expected the released layout: id_query/ and id_doc/)");
    TextFolder tf = new TextFolder(folder);
    List<Path> paths;
    try (Stream<Path> s = Files.walk(folder)) {
      paths = s.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList();
    } catch (IOException e) {
      throw TextFiles.unchecked(folder, e);
    }
    if (paths.isEmpty()) throw InputException.at(folder, "no files");
    for (Path p : paths) tf.read(p, wanted);
    return tf;
  }

  /** The text of {@code id}, preferring the file named after {@code dataset}; null if absent. */
  String get(String dataset, String id) {
    Map<String, String> scoped = byScope.get(dataset);
    if (scoped != null) {
      String t = scoped.get(id);
      if (t != null) return t;
    }
    if (conflicted.contains(id)) ambiguousLookups++;
    return texts.get(id);
  }

  /** Texts kept, counting an id once per file scope. */
  int size() {
    return byScope.values().stream().mapToInt(Map::size).sum();
  }

  int files() {
    return files;
  }

  /**
   * Lookups of an id that has different texts in different files and no file named after the row's dataset:
   * the first file (sorted path order) won, which may be the wrong one.
   */
  long ambiguousLookups() {
    return ambiguousLookups;
  }

  Path folder() {
    return folder;
  }

  private void put(Path file, String id, String text, Set<String> wanted) {
    if (!wanted.contains(id)) return;
    String prev = texts.putIfAbsent(id, text);
    if (prev != null && !prev.equals(text)) conflicted.add(id);
    byScope.computeIfAbsent(scope(file), k -> new HashMap<>()).putIfAbsent(id, text);
  }

  private static String scope(Path file) {
    String name = file.getFileName().toString();
    for (String ext : List.of(".gz", ".jsonl", ".json", ".txt")) {
      if (name.endsWith(ext)) name = name.substring(0, name.length() - ext.length());
    }
    return name;
  }

  private void read(Path file, Set<String> wanted) {
    files++;
    String name = file.getFileName().toString().replaceFirst("\\.gz$", "");
    boolean jsonl = name.endsWith(".jsonl") || (!name.endsWith(".json") && looksLikeJsonLines(file));
    if (jsonl) readLines(file, wanted);
    else readObject(file, wanted);
  }

  private static boolean looksLikeJsonLines(Path file) {
    try (BufferedReader r = TextFiles.reader(file)) {
      String first = r.readLine();
      while (first != null && first.isBlank()) first = r.readLine();
      if (first == null) return false;
      JsonNode n = Json.MAPPER.readTree(first);
      return n != null && n.isObject() && ID_FIELDS.stream().anyMatch(n::has);
    } catch (JsonProcessingException e) {
      return false;
    } catch (IOException e) {
      throw TextFiles.unchecked(file, e);
    }
  }

  private void readLines(Path file, Set<String> wanted) {
    JsonLines.forEach(file, (row, line) -> readRow(file, line, row, wanted));
  }

  private void readRow(Path file, long lineNo, JsonNode row, Set<String> wanted) {
    if (row == null || !row.isObject()) throw InputException.at(file, lineNo, "expected a JSON object row");
    String id = first(row, ID_FIELDS);
    String text = first(row, TEXT_FIELDS);
    if (id == null) throw InputException.at(file, lineNo, "row has no id field (one of " + ID_FIELDS + ")");
    if (text == null) throw InputException.at(file, lineNo, "row '" + id + "' has no text field (one of " + TEXT_FIELDS + ")");
    put(file, id, text, wanted);
  }

  private static String first(JsonNode row, List<String> fields) {
    for (String f : fields) {
      JsonNode v = row.get(f);
      if (v != null && v.isValueNode() && !v.isNull()) return v.asText();
    }
    return null;
  }

  /** A whole-file {@code {id: text}} object (or an array of rows), streamed so that unwanted texts are skipped. */
  private void readObject(Path file, Set<String> wanted) {
    try (BufferedReader r = TextFiles.reader(file); JsonParser p = Json.MAPPER.createParser(r)) {
      JsonToken t = p.nextToken();
      if (t == JsonToken.START_ARRAY) {
        long i = 0;
        while (p.nextToken() == JsonToken.START_OBJECT) readRow(file, ++i, Json.MAPPER.readTree(p), wanted);
        return;
      }
      if (t != JsonToken.START_OBJECT) throw InputException.at(file, "expected a JSON object {id: text} or JSON Lines rows");
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String id = p.currentName();
        JsonToken v = p.nextToken();
        if (!wanted.contains(id)) {
          p.skipChildren();
          continue;
        }
        String text;
        if (v == JsonToken.VALUE_STRING) {
          text = p.getText();
        } else if (v == JsonToken.START_OBJECT) {
          JsonNode o = Json.MAPPER.readTree(p);
          text = first(o, TEXT_FIELDS);
          if (text == null) throw InputException.at(file, "id '" + id + "' has no text field (one of " + TEXT_FIELDS + ")");
        } else {
          throw InputException.at(file, "id '" + id + "': expected a string text, got " + v);
        }
        put(file, id, text, wanted);
      }
    } catch (JsonProcessingException e) {
      String at = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr();
      throw InputException.at(file, "invalid JSON" + at + ": " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new UncheckedIOException(file + ": " + e.getMessage(), e);
    }
  }
}
