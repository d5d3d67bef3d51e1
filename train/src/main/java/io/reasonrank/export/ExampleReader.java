package io.reasonrank.export;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.reasonrank.format.InputException;
import io.reasonrank.format.TextFiles;
import io.reasonrank.io.Json;
import io.reasonrank.synth.TrainingExample;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads {@link TrainingExample} rows (JSONL, {@code .gz} allowed), naming {@code file:line} on a bad row. */
public final class ExampleReader {
  private ExampleReader() {}

  /** A row and its 1-based line number. */
  public record Numbered(TrainingExample example, long line) {}

  public static List<Numbered> read(Path file) {
    List<Numbered> out = new ArrayList<>();
    long lineNo = 0;
    try (BufferedReader r = TextFiles.reader(file)) {
      String line;
      while ((line = r.readLine()) != null) {
        lineNo++;
        if (line.isBlank()) continue;
        JsonNode row;
        try {
          row = Json.MAPPER.readTree(line);
        } catch (JsonProcessingException e) {
          throw InputException.at(file, lineNo, "invalid JSON: " + e.getOriginalMessage());
        }
        if (row == null || !row.isObject()) throw InputException.at(file, lineNo, "expected a JSON object");
        try {
          out.add(new Numbered(TrainingExample.fromJson(row), lineNo));
        } catch (IllegalArgumentException e) {
          throw InputException.at(file, lineNo, e.getMessage());
        }
      }
    } catch (IOException e) {
      throw TextFiles.unchecked(file, e);
    }
    if (out.isEmpty()) throw InputException.at(file, "no training rows");
    return out;
  }
}
