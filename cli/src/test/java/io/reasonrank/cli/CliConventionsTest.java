package io.reasonrank.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.reasonrank.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The CLI's picocli conventions and one-line user errors. */
class CliConventionsTest {
  static final String QRELS = SharedData.path("anserini-tools/msmarco/qrels.dl19-passage.txt").toString();
  static final String RUN = SharedData.path("rank_llm/trec_results_dl19.txt").toString();

  @TempDir Path dir;

  @Test
  void unknownCommandsAndOptionsGetSuggestions() {
    CliRunner.Result r = CliRunner.run("rerenk");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("Unmatched argument at index 0: 'rerenk'").contains("Did you mean: reasonrank rerank");
    r = CliRunner.run("fuse", "--method", "rrf", "--output", "x", "--hit", "5", RUN, RUN);
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("--hits");
  }

  @Test
  void verboseAndQuietAreGlobalOptions() {
    assertThat(CliRunner.run("--help").out()).contains("--verbose").contains("--quiet");
    CliRunner.Result before = CliRunner.run("--quiet", "eval", "--qrels", QRELS, "--run", RUN, "-m", "map");
    assertThat(before.code()).as(before.err()).isZero();
    CliRunner.Result after = CliRunner.run("eval", "--qrels", QRELS, "--run", RUN, "-m", "map", "--verbose");
    assertThat(after.code()).as(after.err()).isZero();
    assertThat(after.out()).isEqualTo(before.out());
  }

  @Test
  void helpHasNoFormatWarningsOrUninterpolatedVariables() {
    CliRunner.Result convert = CliRunner.run("convert", "run", "--help");
    assertThat(convert.err()).doesNotContain("WARN");
    assertThat(convert.out().replaceAll("\\s+", "")).contains("scores%.6f");
    assertThat(CliRunner.run("export-configs", "--help").out()).contains("Folder to write the four files into");
    assertThat(CliRunner.run("reward-server", "--help").out()).contains("Default: 8848.");
    String fuse = CliRunner.run("fuse", "--help").out();
    assertThat(fuse).contains("--hits=<hits>").doesNotContain("-k, --hits").contains("RRF constant. Default: 60.");
    assertThat(CliRunner.run("eval", "--help").out()).contains("Randomization test seed. Default: 42.");
  }

  @Test
  void theCommandListShowsWholeFirstSentences() {
    String help = CliRunner.run("--help").out().replaceAll("\\s+", "");
    CommandLine cl = ReasonRankCli.commandLine();
    for (var e : cl.getSubcommands().entrySet()) {
      String sentence = CommandList.firstSentence(e.getValue().getCommandSpec());
      assertThat(sentence).as(e.getKey()).endsWith(".");
      assertThat(help).as(e.getKey()).contains((e.getKey() + sentence).replaceAll("\\s+", ""));
    }
    assertThat(help).contains("synthBuildonewindowperqueryfromthetop--list-sizeruncandidates,askateacher(any"
        + "OpenAI-compatibleendpoint,e.g.DeepSeek-R1)");
  }

  @Test
  void userErrorsNameTheOptionOrFile() {
    CliRunner.Result r = CliRunner.run("rerank", "--candidates", RUN, "--dataset", "dl19", "--output", dir.resolve("o").toString(),
        "--concurrency", "0");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).isEqualTo("reasonrank: --concurrency must be >= 1, got 0\n");

    r = CliRunner.run("eval", "--qrels", QRELS, "--run", dir.toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).isEqualTo("reasonrank: " + dir + ": cannot read: Is a directory\n");

    r = CliRunner.run("reward-server", "--port", "0", "--host", "192.0.2.1"); // TEST-NET-1: not this machine's
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("reasonrank: cannot listen on 192.0.2.1:0: --host 192.0.2.1 is not an address of this machine")
        .doesNotContain("internal error").doesNotContain("Port already in use");
  }

  @Test
  void brokenYamlSaysWhichFieldAndWhatItMustBe() throws Exception {
    Path y = dir.resolve("r.yaml");
    Files.writeString(y, "name: x\nrun: a\nqrels: b\nexpected: 5\n");
    CliRunner.Result r = CliRunner.run("reproduce", y.toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).isEqualTo("reasonrank: " + y + ":4: 'expected' must be a mapping of measure: number, e.g. {map: 0.1234}\n");
    Files.writeString(y, "name: x\nrun: a\nqrels: b\nexpected:\n  map: abc\n");
    assertThat(CliRunner.run("reproduce", y.toString()).err()).isEqualTo("reasonrank: " + y + ":5: 'expected.map' must be a number, got 'abc'\n");
  }

  @Test
  void explainDefaultsToNdcgAt10() {
    CliRunner.Result r = CliRunner.run("eval", "--qrels", QRELS, "--run", RUN, "--explain", "1037798");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.err()).contains("qid 1037798: ndcg_cut_10 = DCG/IDCG");
  }

  @Test
  void identicalRunsCompareAsScipyDoesAndTheJsonStaysJson() throws Exception {
    // scipy: ttest_rel and wilcoxon of identical samples (43 queries) are nan; JSON has no NaN, so null
    CliRunner.Result r = CliRunner.run("eval", "--qrels", QRELS, "--run", RUN, "--run", RUN, "-m", "map", "--json");
    assertThat(r.code()).as(r.err()).isZero();
    var cmp = io.reasonrank.io.Json.MAPPER.readTree(r.out()).path("comparison");
    var second = cmp.get(1);
    assertThat(second.path("p_ttest").isNull()).as(second.toString()).isTrue();
    assertThat(second.path("p_wilcoxon").isNull()).isTrue();
    CliRunner.Result text = CliRunner.run("eval", "--qrels", QRELS, "--run", RUN, "--run", RUN, "-m", "map");
    assertThat(text.out()).contains("n/a");
  }
}
