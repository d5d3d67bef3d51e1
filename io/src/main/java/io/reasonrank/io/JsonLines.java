package io.reasonrank.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.reasonrank.format.InputException;
import io.reasonrank.format.TextFiles;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.function.BiConsumer;

/** Streams a JSONL file (gzip by extension), one object per non-blank line; a bad line is an error naming file:line. */
public final class JsonLines {
  private JsonLines() {}

  /** Receives each row with its raw text (for copying rows through unchanged) and its 1-based line number. */
  @FunctionalInterface
  public interface RowHandler {
    void accept(JsonNode row, String rawLine, long line) throws IOException;
  }

  /** Calls {@code sink} with each row and its 1-based line number. */
  public static void forEach(Path file, BiConsumer<JsonNode, Long> sink) {
    forEachRow(file, (row, raw, line) -> sink.accept(row, line));
  }

  /** Like {@link #forEach}, also handing over the raw line; an IOException of the handler surfaces as unchecked. */
  public static void forEachRow(Path file, RowHandler sink) {
    forEachLine(file, (line, lineNo) -> {
      JsonNode node = parse(file, lineNo, line);
      if (node == null || !node.isObject()) throw InputException.at(file, lineNo, "expected a JSON object");
      sink.accept(node, line, lineNo);
    });
  }

  /** Receives a non-blank line and its 1-based number. */
  @FunctionalInterface
  interface LineHandler {
    void accept(String line, long lineNo) throws IOException;
  }

  /** Calls {@code sink} with each non-blank line; an IOException, reading or of the handler, is unchecked and names file:line. */
  static void forEachLine(Path file, LineHandler sink) {
    long lineNo = 0;
    try (BufferedReader r = TextFiles.reader(file)) {
      String line;
      while ((line = r.readLine()) != null) {
        lineNo++;
        if (line.isBlank()) continue;
        sink.accept(line, lineNo);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(file + ":" + lineNo + ": " + e.getMessage(), e);
    }
  }

  /** One line's JSON, or an error naming file:line. */
  static JsonNode parse(Path file, long lineNo, String line) {
    try {
      return Json.MAPPER.readTree(line);
    } catch (JsonProcessingException e) {
      throw invalid(file, lineNo, e);
    }
  }

  static InputException invalid(Path file, long lineNo, JsonProcessingException e) {
    return InputException.at(file, lineNo, "invalid JSON: " + e.getOriginalMessage());
  }

  /** A required string field, or an error naming file:line and the field. */
  public static String requireText(JsonNode row, Path file, long line, String... names) {
    for (String n : names) {
      JsonNode v = row.get(n);
      if (v != null && !v.isNull()) return v.isTextual() ? v.asText() : v.toString();
    }
    throw InputException.at(file, line, "missing field '" + String.join("' or '", names) + "'");
  }

  /** An optional string field ({@code ""} when absent). */
  public static String optText(JsonNode row, String... names) {
    for (String n : names) {
      JsonNode v = row.get(n);
      if (v != null && !v.isNull()) return v.isTextual() ? v.asText() : v.toString();
    }
    return "";
  }
}
