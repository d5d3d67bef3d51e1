package io.reasonrank.format;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** TREC qrels ({@code qid iter docid rel}): graded judgments per query, judged-nonrelevant included. */
public final class Qrels {
  private final Map<String, Map<String, Integer>> byQuery;

  public Qrels(Map<String, Map<String, Integer>> byQuery) {
    LinkedHashMap<String, Map<String, Integer>> copy = new LinkedHashMap<>();
    byQuery.forEach((q, j) -> copy.put(q, Collections.unmodifiableMap(new LinkedHashMap<>(j))));
    this.byQuery = Collections.unmodifiableMap(copy);
  }

  public Set<String> queryIds() {
    return byQuery.keySet();
  }

  /** Judgments of one query (docid → relevance), empty when the query is not judged. */
  public Map<String, Integer> judgments(String qid) {
    return byQuery.getOrDefault(qid, Map.of());
  }

  public boolean contains(String qid) {
    return byQuery.containsKey(qid);
  }

  public Map<String, Map<String, Integer>> asMap() {
    return byQuery;
  }

  /** Reads a qrels file; a line without four fields or with a non-integer relevance is an error naming file:line. */
  public static Qrels read(Path file) {
    Map<String, Map<String, Integer>> byQuery = new LinkedHashMap<>();
    long lineNo = 0;
    try (BufferedReader r = TextFiles.reader(file)) {
      String line;
      while ((line = r.readLine()) != null) {
        lineNo++;
        String t = line.strip();
        if (t.isEmpty()) continue;
        String[] f = t.split("\\s+");
        if (f.length != 4) throw InputException.at(file, lineNo, "expected 4 fields 'qid iter docid rel', got " + f.length);
        int rel;
        try {
          rel = Integer.parseInt(f[3]);
        } catch (NumberFormatException e) {
          throw InputException.at(file, lineNo, "relevance is not an integer: '" + f[3] + "'");
        }
        byQuery.computeIfAbsent(f[0], k -> new LinkedHashMap<>()).put(f[2], rel);
      }
    } catch (IOException e) {
      throw InputException.at(file, lineNo, "cannot read: " + e.getMessage());
    }
    if (byQuery.isEmpty()) throw InputException.at(file, "empty qrels: no judgment lines");
    return new Qrels(byQuery);
  }

  /** Writes {@code qid 0 docid rel} lines, queries and judgments in their stored order. */
  public void write(Path file) {
    try (var w = TextFiles.writer(file)) {
      for (Map.Entry<String, Map<String, Integer>> q : byQuery.entrySet()) {
        for (Map.Entry<String, Integer> j : q.getValue().entrySet()) {
          w.append(q.getKey()).append(" 0 ").append(j.getKey()).append(' ').append(Integer.toString(j.getValue())).append('\n');
        }
      }
    } catch (IOException e) {
      throw TextFiles.unchecked(file, e);
    }
  }
}
