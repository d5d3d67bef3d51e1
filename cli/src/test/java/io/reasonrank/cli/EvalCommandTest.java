package io.reasonrank.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.reasonrank.io.Json;
import io.reasonrank.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvalCommandTest {
  @TempDir Path dir;

  Path write(String name, String text) throws Exception {
    Path p = dir.resolve(name);
    Files.writeString(p, text);
    return p;
  }

  @Test
  void printsTrecEvalLayoutForTheDefaultMeasures() {
    String qrels = SharedData.path("anserini-tools/bright/qrels/qrels.bright-biology.txt").toString();
    String run = SharedData.path("reasonrank-runs/biology.txt").toString();
    CliRunner.Result r = CliRunner.run("eval", "--qrels", qrels, "--run", run);
    assertThat(r.code()).isEqualTo(0);
    assertThat(r.out().lines()).hasSize(15).contains("ndcg_cut_10           \tall\t0.4349", "recall_100            \tall\t0.8383",
        "map                   \tall\t0.3744");
    assertThat(r.out().lines().findFirst()).hasValue("map                   \tall\t0.3744");
  }

  @Test
  void perQueryLinesThenAll() throws Exception {
    Path qrels = write("q.txt", "1 0 a 1\n2 0 b 2\n2 0 c 1\n3 0 z 1\n");
    Path run = write("r.txt", "1 Q0 a 1 1.0 t\n2 Q0 c 1 2.0 t\n2 Q0 b 2 1.0 t\n9 Q0 a 1 1.0 t\n");
    CliRunner.Result r = CliRunner.run("eval", "--qrels", qrels.toString(), "--run", run.toString(), "-m", "P.1", "-m", "recip_rank", "-q");
    assertThat(r.code()).isEqualTo(0);
    assertThat(r.out()).isEqualTo("""
        recip_rank            \t1\t1.0000
        P_1                   \t1\t1.0000
        recip_rank            \t2\t1.0000
        P_1                   \t2\t1.0000
        recip_rank            \tall\t1.0000
        P_1                   \tall\t1.0000
        """);
    assertThat(r.err()).contains("1 run query(ies) have no qrels and are skipped, e.g. '9'")
        .contains("1 judged query(ies) have no run line and are ignored (use -c to count them as 0), e.g. '3'");
    CliRunner.Result c = CliRunner.run("eval", "--qrels", qrels.toString(), "--run", run.toString(), "-m", "P.1", "-c");
    assertThat(c.out()).isEqualTo("P_1                   \tall\t0.6667\n");
  }

  @Test
  void jsonHasPerQueryAndAggregateValues() throws Exception {
    Path qrels = write("q.txt", "1 0 a 1\n2 0 b 1\n");
    Path run = write("r.txt", "1 Q0 a 1 1.0 t\n2 Q0 x 1 2.0 t\n2 Q0 b 2 1.0 t\n");
    CliRunner.Result r = CliRunner.run("eval", "--qrels", qrels.toString(), "--run", run.toString(), "-m", "ndcg_cut.10", "--json");
    assertThat(r.code()).isEqualTo(0);
    JsonNode j = Json.MAPPER.readTree(r.out());
    assertThat(j.at("/per_query/1/ndcg_cut_10").asDouble()).isEqualTo(1.0);
    assertThat(j.at("/per_query/2/ndcg_cut_10").asDouble()).isEqualTo(1 / (Math.log(3) / Math.log(2)));
    assertThat(j.at("/all/ndcg_cut_10").asDouble()).isEqualTo((1 + 1 / (Math.log(3) / Math.log(2))) / 2);
    assertThat(j.at("/queries").asInt()).isEqualTo(2);
  }

  @Test
  void userErrorsAreOneLineWithExitTwo() throws Exception {
    Path qrels = write("q.txt", "1 0 a 1\n");
    Path run = write("r.txt", "1 Q0 a 1 1.0 t\n");
    CliRunner.Result unknown = CliRunner.run("eval", "--qrels", qrels.toString(), "--run", run.toString(), "-m", "ndcg@10");
    assertThat(unknown.code()).isEqualTo(2);
    assertThat(unknown.err()).startsWith("reasonrank: unknown measure 'ndcg@10'; known measures: map, recip_rank").hasLineCount(1);

    Path empty = write("empty.txt", "\n");
    CliRunner.Result e = CliRunner.run("eval", "--qrels", qrels.toString(), "--run", empty.toString());
    assertThat(e.code()).isEqualTo(2);
    assertThat(e.err()).isEqualTo("reasonrank: " + empty + ": empty run: no result lines\n");

    Path other = write("other.txt", "7 Q0 a 1 1.0 t\n");
    CliRunner.Result none = CliRunner.run("eval", "--qrels", qrels.toString(), "--run", other.toString());
    assertThat(none.code()).isEqualTo(2);
    assertThat(none.err()).isEqualTo("reasonrank: " + other + " vs " + qrels
        + ": the run and the qrels have no query in common (run queries: 1, e.g. '7'; judged queries: 1, e.g. '1')\n");

    CliRunner.Result missing = CliRunner.run("eval", "--qrels", dir.resolve("nope.txt").toString(), "--run", run.toString());
    assertThat(missing.code()).isEqualTo(2);
    assertThat(missing.err()).isEqualTo("reasonrank: " + dir.resolve("nope.txt") + ": no such file\n");

    Path bad = write("bad.txt", "1 Q0 a 1 1.0 t\n1 Q0 b 2 t\n");
    CliRunner.Result malformed = CliRunner.run("eval", "--qrels", qrels.toString(), "--run", bad.toString());
    assertThat(malformed.err()).isEqualTo("reasonrank: " + bad + ":2: expected 6 fields 'qid Q0 docid rank score tag', got 5\n");
  }

  @Test
  void severalRunsPrintAComparison() throws Exception {
    Path qrels = write("q.txt", "1 0 a 1\n2 0 a 1\n3 0 a 1\n");
    Path base = write("base.txt", "1 Q0 x 1 2 t\n1 Q0 a 2 1 t\n2 Q0 x 1 2 t\n2 Q0 a 2 1 t\n3 Q0 a 1 1 t\n");
    Path better = write("better.txt", "1 Q0 a 1 2 t\n2 Q0 a 1 2 t\n3 Q0 a 1 1 t\n");
    CliRunner.Result md = CliRunner.run("eval", "--qrels", qrels.toString(), "--run", base.toString(), "--run", better.toString(),
        "-m", "recip_rank", "--format", "markdown");
    assertThat(md.code()).isEqualTo(0);
    assertThat(md.out()).startsWith("""
        | run | recip_rank |
        |---|---:|
        | base.txt | 0.6667 |
        | better.txt | 1.0000 |
        """).contains("| recip_rank | better.txt | 1.0000 | +0.3333 |").contains("| 2/1/0 |");
    CliRunner.Result csv = CliRunner.run("eval", "--qrels", qrels.toString(), "--run", base.toString(), "--run", better.toString(),
        "-m", "recip_rank", "--format", "csv");
    assertThat(csv.out().lines()).hasSize(3);
    assertThat(csv.out().lines().toList().get(2)).startsWith("better.txt,recip_rank,3,1.0000,0.3333,").endsWith(",2,1,0");
    CliRunner.Result j = CliRunner.run("eval", "--qrels", qrels.toString(), "--run", base.toString(), "--run", better.toString(),
        "-m", "recip_rank", "--json");
    JsonNode root = Json.MAPPER.readTree(j.out());
    assertThat(root.at("/runs/1/per_query/1/recip_rank").asDouble()).isEqualTo(1.0);
    assertThat(root.at("/comparison/1/run").asText()).isEqualTo("better.txt");
    assertThat(root.at("/comparison/1/wins").asInt()).isEqualTo(2);
    assertThat(root.at("/comparison/1/p_randomization").asDouble()).isBetween(0.0, 1.0);
    CliRunner.Result q = CliRunner.run("eval", "--qrels", qrels.toString(), "--run", base.toString(), "--run", better.toString(), "-q");
    assertThat(q.code()).isEqualTo(2);
    assertThat(q.err()).isEqualTo("reasonrank: -q prints one run; give a single --run\n");
  }

  @Test
  void explainPrintsGainsAndDiscountsOnStderr() throws Exception {
    Path qrels = write("q.txt", "1 0 a 2\n1 0 b 1\n");
    Path run = write("r.txt", "1 Q0 b 1 2 t\n1 Q0 x 2 1.5 t\n1 Q0 a 3 1 t\n");
    CliRunner.Result r = CliRunner.run("eval", "--qrels", qrels.toString(), "--run", run.toString(), "-m", "ndcg_cut.3", "--explain", "1");
    assertThat(r.code()).isEqualTo(0);
    assertThat(r.err()).contains(" rank  rel  discount        DCG  ideal       IDCG")
        .contains("    1    1    1.0000   1.000000      2   2.000000")
        .contains("    2    -    1.5850   1.000000      1   2.630930")
        .contains("    3    2    2.0000   2.000000      0   2.630930")
        .contains("ndcg_cut_3 = 0.760188");
  }
}
