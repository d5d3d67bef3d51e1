package io.reasonrank.io;

import io.reasonrank.format.TsvTopics;
import io.reasonrank.model.Query;
import java.nio.file.Path;
import java.util.List;

/** Reads topics in any supported layout: JSONL rows ({@code .jsonl}, {@code .jsonl.gz}) or {@code qid<TAB>query} lines. */
public final class Topics {
  private Topics() {}

  public static List<Query> read(Path file) {
    if (isJsonl(file)) return BrightTopics.read(file).stream().map(BrightTopics.Row::query).toList();
    return TsvTopics.read(file);
  }

  public static boolean isJsonl(Path file) {
    String n = file.getFileName().toString();
    return n.endsWith(".jsonl") || n.endsWith(".jsonl.gz") || n.endsWith(".json");
  }
}
