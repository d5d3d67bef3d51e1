package io.reasonrank.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class IndexSearchCommandTest {
  @TempDir Path tmp;

  record Result(int code, String err) {}

  static Result run(String... args) {
    CommandLine cl = ReasonRankCli.commandLine();
    StringWriter err = new StringWriter();
    cl.setErr(new PrintWriter(err, true));
    // progress bars go to System.err itself; replacing System.err would make picocli drop the writer set here
    return new Result(cl.execute(args), err.toString());
  }

  private Path corpus() throws IOException {
    Path corpus = tmp.resolve("corpus.jsonl");
    Files.writeString(corpus, """
        {"_id": "d1", "title": "Apples", "text": "apple banana apple"}
        {"_id": "d2", "title": "", "text": "banana cherry"}
        {"_id": "d3", "title": "", "text": "cherry date banana"}
        {"_id": "q1", "title": "", "text": "banana banana banana"}
        """);
    return corpus;
  }

  @Test
  void indexThenSearchWritesATrecRunWithExclusions() throws IOException {
    Path index = tmp.resolve("idx");
    Result idx = run("index", "--corpus", corpus().toString(), "--index", index.toString(), "--threads", "2");
    assertThat(idx.code()).isEqualTo(0);
    assertThat(idx.err()).startsWith("indexed 4 docs (4 with text), 12 terms (4 unique) in ");

    Path topics = tmp.resolve("topics.tsv");
    Files.writeString(topics, "q1\tbananas\nq2\tcherry apples\n");
    Path excluded = tmp.resolve("excluded.txt");
    Files.writeString(excluded, "q1 d2\n");
    Path out = tmp.resolve("run.trec");
    Result s = run("search", "--index", index.toString(), "--topics", topics.toString(), "--output", out.toString(),
        "--hits", "2", "--excluded", excluded.toString(), "--remove-query", "--tag", "mytag", "--threads", "1");
    assertThat(s.code()).as(s.err()).isEqualTo(0);
    assertThat(s.err()).startsWith("searched 2 queries (1 with excluded ids), 4 hits in ");
    List<String> lines = Files.readAllLines(out);
    assertThat(lines).hasSize(4);
    // q1: q1 (query id) and d2 (excluded) dropped; still 2 hits
    assertThat(lines.get(0)).matches("q1 Q0 d(1|3) 1 \\d+\\.\\d{6} mytag");
    assertThat(lines.subList(0, 2)).noneMatch(l -> l.contains(" d2 ") || l.contains(" q1 "));
    assertThat(lines.get(2)).startsWith("q2 Q0 d1 1 ");
    assertThat(lines.get(3)).startsWith("q2 Q0 d");
  }

  @Test
  void brightJsonlTopicsBringTheirOwnExcludedIds() throws IOException {
    Path index = tmp.resolve("idx");
    assertThat(run("index", "--corpus", corpus().toString(), "--index", index.toString()).code()).isEqualTo(0);
    Path topics = tmp.resolve("topics.bright-x-original.jsonl.gz");
    try (var w = new PrintWriter(new GZIPOutputStream(Files.newOutputStream(topics)), true, StandardCharsets.UTF_8)) {
      w.println("{\"id\": \"0\", \"query\": \"banana\\nsplit\", \"excluded_ids\": [\"q1\", \"d1\"], \"gold_ids\": [\"d2\"]}");
      w.println("{\"id\": \"1\", \"query\": \"cherry\", \"excluded_ids\": [\"N/A\"], \"gold_ids\": [\"d3\"]}");
    }
    Path out = tmp.resolve("run.trec");
    Result s = run("search", "--index", index.toString(), "--topics", topics.toString(), "--output", out.toString(),
        "--hits", "5");
    assertThat(s.code()).as(s.err()).isEqualTo(0);
    List<String> lines = Files.readAllLines(out);
    assertThat(lines).extracting(l -> l.split(" ")[0] + ":" + l.split(" ")[2])
        .containsExactly("0:d2", "0:d3", "1:d2", "1:d3");
  }

  @Test
  void userErrorsAreOneLineWithExitCode2() throws IOException {
    Result noCorpus = run("index", "--corpus", tmp.resolve("missing.jsonl").toString(), "--index", tmp.resolve("i").toString());
    assertThat(noCorpus.code()).isEqualTo(2);
    assertThat(noCorpus.err()).isEqualTo("reasonrank: " + tmp.resolve("missing.jsonl") + ": no such file" + System.lineSeparator());

    Path bad = tmp.resolve("bad.jsonl");
    Files.writeString(bad, "{\"_id\": \"a\", \"text\": \"x\"}\nnot json\n");
    Result badLine = run("index", "--corpus", bad.toString(), "--index", tmp.resolve("i2").toString());
    assertThat(badLine.code()).isEqualTo(2);
    assertThat(badLine.err()).startsWith("reasonrank: " + bad + ":2: invalid JSON").doesNotContain("\tat ");
    assertThat(badLine.err().lines()).hasSize(1);

    Path topics = tmp.resolve("t.tsv");
    Files.writeString(topics, "1\tx\n");
    Result noIndex = run("search", "--index", tmp.resolve("nope").toString(), "--topics", topics.toString(),
        "--output", tmp.resolve("o").toString());
    assertThat(noIndex.code()).isEqualTo(2);
    assertThat(noIndex.err()).isEqualTo("reasonrank: " + tmp.resolve("nope") + ": no such index directory" + System.lineSeparator());

    Result badB = run("search", "--index", tmp.toString(), "--topics", topics.toString(), "--output", "o", "--b", "2");
    assertThat(badB.code()).isEqualTo(2);
    assertThat(badB.err()).isEqualTo("reasonrank: --k1/--b: b must be in [0, 1], got 2.0" + System.lineSeparator());

    Path excl = tmp.resolve("ex.txt");
    Files.writeString(excl, "1 a b\n");
    assertThat(run("index", "--corpus", corpus().toString(), "--index", tmp.resolve("i3").toString()).code()).isEqualTo(0);
    Result badEx = run("search", "--index", tmp.resolve("i3").toString(), "--topics", topics.toString(), "--output",
        tmp.resolve("o").toString(), "--excluded", excl.toString());
    assertThat(badEx.code()).isEqualTo(2);
    assertThat(badEx.err()).isEqualTo("reasonrank: " + excl + ":1: expected 'qid docid', got 3 fields" + System.lineSeparator());
  }
}
