package io.reasonrank.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.reasonrank.io.RankLlmResults;
import io.reasonrank.model.RerankRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --run --topics --corpus}: the corpus streams, only the run's documents are read, a missing one is named. */
class CandidateInputTest {
  @TempDir Path dir;
  Path corpus;

  @BeforeEach
  void corpus() throws Exception {
    corpus = dir.resolve("corpus.jsonl");
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 5_000; i++) sb.append("{\"_id\": \"d").append(i).append("\", \"title\": \"\", \"text\": \"passage ").append(i).append("\"}\n");
    Files.writeString(corpus, sb);
    Files.writeString(dir.resolve("topics.tsv"), "q1\tfirst query\nq2\tsecond query\n");
  }

  private CliRunner.Result convert(String run) throws Exception {
    Files.writeString(dir.resolve("run.trec"), run);
    return CliRunner.run("convert", "candidates", "--run", dir.resolve("run.trec").toString(), "--topics", dir.resolve("topics.tsv").toString(),
        "--corpus", corpus.toString(), "--output", dir.resolve("c.json").toString());
  }

  @Test
  void theRunsDocumentsComeFromTheCorpus() throws Exception {
    CliRunner.Result r = convert("q1 Q0 d4999 1 3.0 bm25\nq1 Q0 d7 2 2.0 bm25\nq2 Q0 d7 1 1.5 bm25\n");
    assertThat(r.code()).as(r.err()).isZero();
    List<RerankRequest> back = RankLlmResults.read(dir.resolve("c.json"));
    assertThat(back).hasSize(2);
    assertThat(back.get(0).candidates()).extracting(c -> c.docid() + ":" + c.doc().text())
        .containsExactly("d4999:passage 4999", "d7:passage 7");
    assertThat(back.get(1).candidates()).extracting(c -> c.doc().text()).containsExactly("passage 7");
  }

  @Test
  void aDocidMissingFromTheCorpusIsOneLineNamingIt() throws Exception {
    CliRunner.Result r = convert("q1 Q0 d1 1 3.0 bm25\nq2 Q0 d-missing 1 1.5 bm25\n");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).isEqualTo("reasonrank: " + dir.resolve("run.trec") + ": query q2: docid d-missing is not in " + corpus
        + System.lineSeparator());
  }
}
