package io.reasonrank.format;

import io.reasonrank.model.Query;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** TREC topics as {@code qid<TAB>query} lines (Anserini's tsv topics, gzip transparent). */
public final class TsvTopics {
  private TsvTopics() {}

  public static List<Query> read(Path file) {
    List<Query> out = new ArrayList<>();
    long lineNo = 0;
    try (BufferedReader r = TextFiles.reader(file)) {
      String line;
      while ((line = r.readLine()) != null) {
        lineNo++;
        if (line.isBlank()) continue;
        int tab = line.indexOf('\t');
        if (tab <= 0) throw InputException.at(file, lineNo, "expected 'qid<TAB>query'");
        out.add(new Query(line.substring(0, tab).strip(), line.substring(tab + 1)));
      }
    } catch (IOException e) {
      throw InputException.at(file, lineNo, "cannot read: " + e.getMessage());
    }
    if (out.isEmpty()) throw InputException.at(file, "no topics");
    return out;
  }

  public static void write(Path file, List<Query> queries) {
    try (var w = TextFiles.writer(file)) {
      for (Query q : queries) w.append(q.id()).append('\t').append(q.text().replace('\n', ' ')).append('\n');
    } catch (IOException e) {
      throw TextFiles.unchecked(file, e);
    }
  }
}
