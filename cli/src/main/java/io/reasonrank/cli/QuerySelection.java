package io.reasonrank.cli;

import io.reasonrank.format.InputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import picocli.CommandLine.Option;

/**
 * {@code --qids FILE|LIST} and {@code --limit N}: run a subset of the input's queries, in the input's order, without
 * filtering files by hand. Ids come from a file (one per line, the first whitespace-separated field, so a TSV topics
 * file works; {@code #} lines are skipped) or a comma-separated list; an id the input lacks is an error.
 */
final class QuerySelection {
  @Option(names = "--qids", paramLabel = "FILE|LIST", description = "Only these queries: a file of query ids (one per line, first field) or a comma-separated list.")
  String qids;

  @Option(names = "--limit", paramLabel = "N", description = "Only the first N queries (after --qids), in input order.")
  Integer limit;

  /** Validates the options alone (before any input is read). */
  void validate() {
    if (limit != null && limit < 1) throw new InputException("--limit must be >= 1, got " + limit);
    if (qids != null && qids.isBlank()) throw new InputException("--qids must name a file or list query ids");
  }

  /** The selected items of {@code all}, in their order. */
  <T> List<T> apply(List<T> all, Function<T, String> id) {
    validate();
    List<T> out = all;
    if (qids != null) {
      Set<String> wanted = ids();
      Set<String> present = new LinkedHashSet<>();
      out = new ArrayList<>();
      for (T t : all) {
        if (wanted.contains(id.apply(t))) {
          out.add(t);
          present.add(id.apply(t));
        }
      }
      List<String> missing = wanted.stream().filter(q -> !present.contains(q)).toList();
      if (!missing.isEmpty()) {
        throw new InputException("--qids: " + missing.size() + " of " + wanted.size() + " ids are not in the input: "
            + String.join(", ", missing.subList(0, Math.min(5, missing.size()))) + (missing.size() > 5 ? ", …" : ""));
      }
    }
    if (limit != null && out.size() > limit) out = out.subList(0, limit);
    return out;
  }

  private Set<String> ids() {
    Set<String> ids = new LinkedHashSet<>();
    Path file = Path.of(qids);
    if (Files.isRegularFile(file)) {
      try {
        for (String line : Files.readAllLines(file)) {
          String t = line.strip();
          if (t.isEmpty() || t.startsWith("#")) continue;
          ids.add(t.split("\\s+", 2)[0]);
        }
      } catch (IOException e) {
        throw new InputException("--qids: cannot read " + file + ": " + e.getMessage());
      }
      if (ids.isEmpty()) throw new InputException("--qids: " + file + " lists no query ids");
    } else {
      for (String s : qids.split(",")) if (!s.isBlank()) ids.add(s.strip());
    }
    return ids;
  }
}
