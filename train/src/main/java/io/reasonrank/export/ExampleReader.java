package io.reasonrank.export;

import io.reasonrank.format.InputException;
import io.reasonrank.io.JsonLines;
import io.reasonrank.synth.TrainingExample;
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
    JsonLines.forEach(file, (row, lineNo) -> {
      try {
        out.add(new Numbered(TrainingExample.fromJson(row), lineNo));
      } catch (IllegalArgumentException e) {
        throw InputException.at(file, lineNo, e.getMessage());
      }
    });
    if (out.isEmpty()) throw InputException.at(file, "no training rows");
    return out;
  }
}
