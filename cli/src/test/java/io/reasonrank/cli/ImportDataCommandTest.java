package io.reasonrank.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImportDataCommandTest {
  @TempDir Path dir;

  @Test
  void importsAndReportsMissingIdsAsUserErrors() throws Exception {
    Files.writeString(dir.resolve("training_data_all.jsonl"),
        "{\"dataset\":\"msmarco\",\"qid\":\"9\",\"initial_list\":[\"p1\"],\"final_list\":[\"p1\"],\"relevant_docids\":[\"p1\"],\"reasoning\":\"r\"}\n");
    Files.createDirectories(dir.resolve("id_query"));
    Files.createDirectories(dir.resolve("id_doc"));
    Files.writeString(dir.resolve("id_query/q.json"), "{\"9\": \"what is rbo\"}");
    Files.writeString(dir.resolve("id_doc/d.json"), "{\"p1\": \"rank-biased overlap\"}");
    Path out = dir.resolve("rows.jsonl");
    assertThat(ReasonRankCli.execute("import-data", "--dir", dir.toString(), "--output", out.toString())).isEqualTo(0);
    assertThat(Files.readString(out)).isEqualTo(
        "{\"dataset\":\"msmarco\",\"qid\":\"9\",\"query\":\"what is rbo\",\"passages\":[{\"docid\":\"p1\",\"text\":\"rank-biased overlap\"}],"
            + "\"initial_list\":[\"p1\"],\"final_list\":[\"p1\"],\"relevant_docids\":[\"p1\"],\"reasoning\":\"r\"}\n");

    Files.writeString(dir.resolve("id_doc/d.json"), "{}");
    assertThat(ReasonRankCli.execute("import-data", "--dir", dir.toString(), "--output", out.toString())).isEqualTo(2);
  }
}
