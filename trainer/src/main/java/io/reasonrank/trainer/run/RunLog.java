package io.reasonrank.trainer.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reasonrank.io.Json;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/** One JSON object per optimizer step, appended and flushed as it happens. */
public final class RunLog implements AutoCloseable {
  private final BufferedWriter out;
  private final List<ObjectNode> rows = new ArrayList<>();

  /**
   * Opens {@code file}; on resume the rows of steps after {@code keepThroughStep} (work lost with the interrupted run)
   * are dropped first, the rest kept. A fresh run ({@code keepThroughStep = 0}) starts an empty log.
   */
  public RunLog(Path file, long keepThroughStep) {
    try {
      List<String> kept = new ArrayList<>();
      if (keepThroughStep > 0 && Files.isRegularFile(file)) {
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
          if (line.isBlank()) continue;
          JsonNode n = Json.MAPPER.readTree(line);
          if (n.path("step").asLong() <= keepThroughStep) {
            kept.add(line);
            rows.add((ObjectNode) n);
          }
        }
      }
      Files.createDirectories(file.toAbsolutePath().getParent());
      Files.write(file, kept, StandardCharsets.UTF_8);
      out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the run log " + file, e);
    }
  }

  public void append(ObjectNode row) {
    try {
      out.write(Json.MAPPER.writeValueAsString(row));
      out.write('\n');
      out.flush();
      rows.add(row);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every row of this run, including those kept from before a resume. */
  public List<ObjectNode> rows() {
    return List.copyOf(rows);
  }

  @Override
  public void close() {
    try {
      out.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
