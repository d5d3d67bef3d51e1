package io.reasonrank.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FilterCommandTest {
  @TempDir Path dir;

  @Test
  void filtersAndWritesTheReport() throws Exception {
    Path in = dir.resolve("t.jsonl");
    Files.writeString(in, """
        {"dataset":"msmarco","qid":"1","final_list":["a","b"],"relevant_docids":["a"],"reasoning":"x"}
        {"dataset":"msmarco","qid":"2","final_list":["a","b","c","d","e"],"relevant_docids":["e"],"reasoning":"x"}
        """);
    Path out = dir.resolve("kept.jsonl");
    Path report = dir.resolve("report.md");
    PrintStream old = System.out;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    int code;
    try {
      System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
      code = ReasonRankCli.execute("filter", "--input", in.toString(), "--output", out.toString(), "--min-ndcg", "0.4",
          "--report", report.toString());
    } finally {
      System.setOut(old);
    }
    assertThat(code).isEqualTo(0);
    assertThat(Files.readAllLines(out)).hasSize(1).allMatch(l -> l.contains("\"qid\":\"1\""));
    assertThat(Files.readString(report)).contains("| msmarco | 2 | 1 | 50.0 |");
    assertThat(buf.toString(StandardCharsets.UTF_8)).isEqualTo(Files.readString(report));
  }

  @Test
  void rejectsAlphaOutsideTheUnitInterval() {
    assertThat(ReasonRankCli.execute("filter", "--input", "x", "--output", "y", "--min-ndcg", "2")).isEqualTo(2);
  }
}
