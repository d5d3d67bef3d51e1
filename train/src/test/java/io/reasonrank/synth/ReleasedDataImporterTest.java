package io.reasonrank.synth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reasonrank.format.InputException;
import io.reasonrank.format.TextFiles;
import io.reasonrank.io.Json;
import io.reasonrank.model.Document;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Small hand-made copies of the released layout in a temp dir, in each supported text-file format. */
class ReleasedDataImporterTest {
  @TempDir Path dir;

  private static final String ROWS = """
      {"dataset":"biology","qid":"1","initial_list":["b1","b2","b3"],"final_list":["b2","b1","b3"],"relevant_docids":["b2"],"reasoning":"b2 explains it"}
      {"dataset":"leetcode","qid":1,"initial_list":["l1","l2"],"final_list":["l2","l1"],"relevant_docids":["l2"],"reasoning":"l2 solves it"}
      """;

  private void write(String relative, String text) throws IOException {
    Path p = dir.resolve(relative);
    Files.createDirectories(p.getParent());
    try (BufferedWriter w = TextFiles.writer(p)) {
      w.write(text);
    }
  }

  private List<TrainingExample> read(Path out) throws IOException {
    List<TrainingExample> rows = new ArrayList<>();
    try (var r = TextFiles.reader(out)) {
      for (String line : r.lines().toList()) rows.add(TrainingExample.fromJson(Json.MAPPER.readTree(line)));
    }
    return rows;
  }

  @Test
  void jsonObjectFilesSplitOverSeveralFiles() throws IOException {
    write("training_data_all.jsonl", ROWS);
    write("id_query/biology.json", "{\"1\": \"Why do cells divide?\"}");
    write("id_query/leetcode.json", "{\"1\": \"Two sum.\"}");
    write("id_doc/part-0.json", "{\"b1\": \"Cell text one.\", \"b2\": \"Mitosis\\nexplained.\", \"unused\": {\"text\": \"x\"}}");
    write("id_doc/part-1.json", "{\"b3\": \"Other.\", \"l1\": {\"contents\": \"Loop.\"}, \"l2\": \"Hash map.\"}");
    Path out = dir.resolve("rows.jsonl.gz");
    List<String> log = new ArrayList<>();
    ReleasedDataImporter.Summary s = ReleasedDataImporter.importData(dir, null, out, log::add);

    assertThat(s.rows()).isEqualTo(2);
    assertThat(s.docTexts()).isEqualTo(5); // "unused" is not referenced and not kept
    List<TrainingExample> rows = read(out);
    TrainingExample bio = rows.get(0);
    assertThat(bio.query()).isEqualTo("Why do cells divide?");
    assertThat(bio.passages()).containsExactly(Document.of("b1", "Cell text one."), Document.of("b2", "Mitosis\nexplained."),
        Document.of("b3", "Other."));
    assertThat(bio.finalList()).containsExactly("b2", "b1", "b3");
    assertThat(bio.relevantDocids()).containsExactly("b2");
    assertThat(bio.reasoning()).isEqualTo("b2 explains it");
    // qid 1 exists in both datasets: the file named after the dataset wins
    TrainingExample leet = rows.get(1);
    assertThat(leet.qid()).isEqualTo("1");
    assertThat(leet.query()).isEqualTo("Two sum.");
    assertThat(leet.passages()).extracting(Document::text).containsExactly("Loop.", "Hash map.");
    assertThat(log).anyMatch(l -> l.contains("2 query texts from 2 files"));
    assertThat(s.ambiguousQueries()).isZero();
  }

  @Test
  void jsonLinesFilesWithEitherIdAndTextSpelling() throws IOException {
    write("training_data_all.jsonl.gz", ROWS.lines().limit(1).toList().get(0) + "\n");
    write("id_query/queries.jsonl", "{\"_id\": \"1\", \"text\": \"Why do cells divide?\"}\n");
    write("id_doc/docs.jsonl.gz", """
        {"id": "b1", "contents": "Cell text one."}
        {"_id": "b2", "text": "Mitosis."}
        """);
    write("id_doc/more", "{\"docid\": \"b3\", \"text\": \"Sniffed as JSON Lines.\"}\n");
    Path out = dir.resolve("rows.jsonl");
    ReleasedDataImporter.importData(dir, null, out, m -> {});
    TrainingExample ex = read(out).get(0);
    assertThat(ex.passages()).extracting(Document::text).containsExactly("Cell text one.", "Mitosis.", "Sniffed as JSON Lines.");
    assertThat(Files.readString(out)).startsWith("{\"dataset\":\"biology\",\"qid\":\"1\",\"query\":\"Why do cells divide?\",\"passages\":[");
  }

  @Test
  void oneFileWithARepeatedQidTakesTheFirstAndWarns() throws IOException {
    write("training_data_all.jsonl", ROWS);
    write("id_query/all.jsonl", "{\"id\": \"1\", \"text\": \"Bio?\"}\n{\"id\": \"1\", \"text\": \"Leet?\"}\n");
    write("id_doc/d.json", "{\"b1\": \"x\", \"b2\": \"y\", \"b3\": \"z\", \"l1\": \"w\", \"l2\": \"v\"}");
    List<String> log = new ArrayList<>();
    ReleasedDataImporter.Summary s = ReleasedDataImporter.importData(dir, null, dir.resolve("o.jsonl"), log::add);
    assertThat(s.ambiguousQueries()).isEqualTo(2);
    assertThat(log).anyMatch(l -> l.startsWith("import-data: warning: 2 query and 0 passage lookups"));
  }

  @Test
  void missingDocidNamesFileLineFieldAndId() throws IOException {
    write("training_data_all.jsonl", ROWS);
    write("id_query/q.json", "{\"1\": \"Q\"}");
    write("id_doc/d.json", "{\"b1\": \"x\", \"b2\": \"y\", \"b3\": \"z\", \"l1\": \"w\"}");
    Path rows = dir.resolve("training_data_all.jsonl");
    assertThatThrownBy(() -> ReleasedDataImporter.importData(dir, null, dir.resolve("o.jsonl"), m -> {}))
        .isInstanceOf(InputException.class)
        .hasMessage(rows + ":2: docid 'l2' (initial_list[1]) has no text in " + dir.resolve("id_doc") + " (1 files)");
  }

  @Test
  void missingQidAndMissingFolderAreClearErrors() throws IOException {
    write("training_data_all.jsonl", ROWS);
    write("id_query/q.jsonl", "{\"id\": \"7\", \"text\": \"Q\"}\n");
    write("id_doc/d.json", "{}");
    assertThatThrownBy(() -> ReleasedDataImporter.importData(dir, null, dir.resolve("o.jsonl"), m -> {}))
        .hasMessage(dir.resolve("training_data_all.jsonl") + ":1: qid '1' has no text in " + dir.resolve("id_query") + " (1 files)");
    Path empty = dir.resolve("empty");
    Files.createDirectories(empty);
    assertThatThrownBy(() -> ReleasedDataImporter.importData(empty, null, dir.resolve("o.jsonl"), m -> {}))
        .hasMessageContaining("no training_data_all.jsonl");
  }

  @Test
  void badTextRowNamesItsFileAndLine() throws IOException {
    write("training_data_all.jsonl", ROWS);
    write("id_query/q.jsonl", "{\"id\": \"1\", \"text\": \"Q\"}\n{\"id\": \"2\"}\n");
    write("id_doc/d.json", "{}");
    assertThatThrownBy(() -> ReleasedDataImporter.importData(dir, null, dir.resolve("o.jsonl"), m -> {}))
        .hasMessageStartingWith(dir.resolve("id_query/q.jsonl") + ":2: row '2' has no text field");
  }
}
