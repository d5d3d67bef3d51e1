package io.reasonrank.synth;

import com.fasterxml.jackson.databind.JsonNode;
import io.reasonrank.format.InputException;
import io.reasonrank.format.TextFiles;
import io.reasonrank.io.Json;
import io.reasonrank.io.JsonLines;
import io.reasonrank.model.Document;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Imports the released {@code liuwenhan/reasonrank_data_13k} layout (docs/reference-behaviour.md §9): {@code training_data_all.jsonl}
 * (rows {@code dataset, qid, initial_list, final_list, reasoning, relevant_docids}) whose texts live in the folders
 * {@code id_query/} and {@code id_doc/}, and writes self-contained {@link TrainingExample} rows.
 *
 * <p>Two passes over the rows: the first collects the referenced ids, so only those texts are held in memory
 * ({@link TextFolder} documents the accepted file formats); the second joins and writes. A qid or docid without a
 * text is an error naming the rows file, line, field and id.
 */
public final class ReleasedDataImporter {
  private ReleasedDataImporter() {}

  public static final String ROWS_FILE = "training_data_all.jsonl";

  /** What an import read and wrote. */
  /**
   * What an import read and wrote; the ambiguous counts are lookups that fell back to the first of several
   * different texts for one id (see {@link TextFolder}).
   */
  public record Summary(long rows, int queryTexts, int docTexts, long ambiguousQueries, long ambiguousDocs) {}

  /** The rows file of {@code dir}: {@value #ROWS_FILE} or its {@code .gz}. */
  public static Path rowsFile(Path dir) {
    for (String name : List.of(ROWS_FILE, ROWS_FILE + ".gz")) {
      Path p = dir.resolve(name);
      if (Files.isRegularFile(p)) return p;
    }
    throw InputException.at(dir, "no " + ROWS_FILE + " (expected the released reasonrank_data_13k layout)");
  }

  /**
   * Joins {@code rows} (null: {@link #rowsFile(Path)}) with the texts under {@code dir} and writes JSONL
   * ({@code .gz} by extension) to {@code output}; {@code progress} receives one-line status messages.
   */
  public static Summary importData(Path dir, Path rows, Path output, Consumer<String> progress) {
    Path rowsFile = rows != null ? rows : rowsFile(dir);
    Set<String> qids = new HashSet<>();
    Set<String> docids = new HashSet<>();
    JsonLines.forEach(rowsFile, (row, line) -> {
      qids.add(LabelFields.text(row, "qid", rowsFile, line));
      docids.addAll(LabelFields.ids(row, "initial_list", rowsFile, line));
    });
    progress.accept(String.format("import-data: %d distinct qids, %d distinct docids referenced; loading texts", qids.size(),
        docids.size()));
    TextFolder queries = TextFolder.load(dir.resolve("id_query"), qids);
    TextFolder docs = TextFolder.load(dir.resolve("id_doc"), docids);
    progress.accept(String.format("import-data: %d query texts from %d files, %d passage texts from %d files", queries.size(),
        queries.files(), docs.size(), docs.files()));
    long[] written = {0};
    try (BufferedWriter out = TextFiles.writer(output)) {
      JsonLines.forEach(rowsFile, (row, line) -> {
        TrainingExample ex = join(row, rowsFile, line, queries, docs);
        try {
          out.write(Json.MAPPER.writeValueAsString(ex.toJson()));
          out.write('\n');
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        written[0]++;
      });
    } catch (IOException e) {
      throw TextFiles.unchecked(output, e);
    }
    if (queries.ambiguousLookups() + docs.ambiguousLookups() > 0) {
      progress.accept(String.format("import-data: warning: %d query and %d passage lookups found several different texts"
          + " for one id and took the first file's (sorted path order)", queries.ambiguousLookups(), docs.ambiguousLookups()));
    }
    return new Summary(written[0], queries.size(), docs.size(), queries.ambiguousLookups(), docs.ambiguousLookups());
  }

  private static TrainingExample join(JsonNode row, Path file, long line, TextFolder queries, TextFolder docs) {
    String dataset = LabelFields.text(row, "dataset", file, line);
    String qid = LabelFields.text(row, "qid", file, line);
    String query = queries.get(dataset, qid);
    if (query == null) {
      throw InputException.at(file, line, "qid '" + qid + "' has no text in " + queries.folder() + " (" + queries.files()
          + " files)");
    }
    List<String> initial = LabelFields.ids(row, "initial_list", file, line);
    List<Document> passages = new ArrayList<>(initial.size());
    for (int i = 0; i < initial.size(); i++) {
      String docid = initial.get(i);
      String text = docs.get(dataset, docid);
      if (text == null) {
        throw InputException.at(file, line, "docid '" + docid + "' (initial_list[" + i + "]) has no text in "
            + docs.folder() + " (" + docs.files() + " files)");
      }
      passages.add(Document.of(docid, text));
    }
    JsonNode reasoning = row.get("reasoning");
    return new TrainingExample(dataset, qid, query, passages, initial, LabelFields.ids(row, "final_list", file, line),
        LabelFields.ids(row, "relevant_docids", file, line), reasoning == null || reasoning.isNull() ? "" : reasoning.asText());
  }

}
