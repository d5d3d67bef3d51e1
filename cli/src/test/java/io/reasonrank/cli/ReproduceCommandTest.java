package io.reasonrank.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.reasonrank.reproduce.Reproduction;
import io.reasonrank.reproduce.Reproductions;
import io.reasonrank.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReproduceCommandTest {
  @TempDir Path dir;

  @Test
  void builtInsParseAndAreNamedAfterTheirFiles() {
    assertThat(Reproductions.builtInNames()).hasSizeGreaterThanOrEqualTo(12).contains("bright-biology-reasonir", "bright-aops-reasonir",
        "bright-earth-science-reasonir", "bright-theoremqa-theorems-reasonir");
    for (String n : Reproductions.builtInNames()) {
      Reproduction r = Reproductions.load(n);
      assertThat(r.name()).isEqualTo(n);
      assertThat(r.expected()).isNotEmpty();
    }
    CliRunner.Result list = CliRunner.run("reproduce", "--list");
    assertThat(list.code()).isEqualTo(0);
    assertThat(list.out()).contains("bright-pony-reasonir");
  }

  @Test
  void everyBuiltInReproductionIsOk() {
    CliRunner.Result r = CliRunner.run("reproduce", "--data", SharedData.root().toString());
    int n = Reproductions.builtInNames().size();
    assertThat(r.code()).isEqualTo(0);
    // reproductions that talk to a server the user names (${base_url}) are skipped when it is not given
    java.util.function.Predicate<String> needsServer = x -> Reproductions.load(x).steps().stream().flatMap(java.util.List::stream)
        .anyMatch(a -> a.contains("${base_url}"));
    long skipped = Reproductions.builtInNames().stream().filter(needsServer).count();
    long measures = Reproductions.builtInNames().stream().filter(needsServer.negate())
        .mapToLong(x -> Reproductions.load(x).expected().size()).sum();
    assertThat(r.out().lines().filter(l -> l.startsWith("  OK ")).count()).isEqualTo(measures);
    assertThat(r.out().lines().filter(l -> l.startsWith("  SKIP ")).count()).isEqualTo(skipped);
    assertThat(r.out()).endsWith(n + " reproduction(s): " + measures + " OK, 0 OKish, 0 FAIL measure(s); 0 reproduction(s) failed"
        + (skipped > 0 ? ", " + skipped + " skipped" : "") + "\n");
  }

  @Test
  void brightReproductionIsOk() {
    CliRunner.Result r = CliRunner.run("reproduce", "--data", SharedData.root().toString(), "bright-robotics-reasonir");
    assertThat(r.code()).isEqualTo(0);
    assertThat(r.out()).contains("  OK      ndcg_cut.10    expected 0.2082  got 0.2082  (+0.0000)")
        .doesNotContain("-0.0000")
        .endsWith("1 reproduction(s): 3 OK, 0 OKish, 0 FAIL measure(s); 0 reproduction(s) failed\n");
  }

  @Test
  void handMadeYamlWithStepsReportsOkishAndFail() throws Exception {
    Path qrels = dir.resolve("q.txt");
    Files.writeString(qrels, "1 0 a 1\n2 0 b 1\n");
    Path a = dir.resolve("a.txt"), b = dir.resolve("b.txt");
    Files.writeString(a, "1 Q0 a 1 2 A\n1 Q0 x 2 1 A\n2 Q0 x 1 2 A\n2 Q0 b 2 1 A\n");
    Files.writeString(b, "1 Q0 x 1 2 B\n1 Q0 a 2 1 B\n2 Q0 b 1 2 B\n");
    Path yaml = dir.resolve("mine.yaml");
    // RRF: q1 a and x both score 1/61 + 1/62, the tie puts x first (docid descending); q2 b first. P@1 = 0.5, MRR = 0.75
    Files.writeString(yaml, """
        name: mine
        description: hand-made fusion reproduction
        steps:
          - [fuse, --method, rrf, --output, "${work}/fused.txt", "${dir}/a.txt", "${dir}/b.txt"]
        run: ${work}/fused.txt
        qrels: ${dir}/q.txt
        expected:
          P.1: 0.5
          recip_rank: 0.7505
          ndcg_cut.10: 0.9
        tolerance: 0.001
        """);
    CliRunner.Result r = CliRunner.run("reproduce", "--data", dir.toString(), "--work", dir.resolve("work").toString(),
        "--set", "dir=" + dir, yaml.toString());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out()).contains("  OK      P.1            expected 0.5000  got 0.5000")
        .contains("  OKish   recip_rank     expected 0.7505  got 0.7500")
        .contains("  FAIL    ndcg_cut.10    expected 0.9000  got 0.8155")
        .endsWith("1 reproduction(s): 1 OK, 1 OKish, 1 FAIL measure(s); 1 reproduction(s) failed\n");
  }

  @Test
  void brokenYamlAndUnknownNamesAreUserErrors() throws Exception {
    CliRunner.Result unknown = CliRunner.run("reproduce", "--data", dir.toString(), "nope");
    assertThat(unknown.code()).isEqualTo(2);
    assertThat(unknown.err()).startsWith("reasonrank: unknown reproduction 'nope'; known: bright-aops-reasonir, ");
    Path yaml = dir.resolve("bad.yaml");
    Files.writeString(yaml, "name: bad\nrun: x\nqrels: y\nexpectd:\n  map: 0.1\n");
    CliRunner.Result bad = CliRunner.run("reproduce", "--data", dir.toString(), yaml.toString());
    assertThat(bad.code()).isEqualTo(2);
    assertThat(bad.err()).isEqualTo("reasonrank: " + yaml + ": unknown field 'expectd'; fields: name, description, steps, run, qrels, expected, "
        + "tolerance, relevance_level, score_precision\n");
    Files.writeString(yaml, "name: bad\n  run: x\nqrels: y\n");
    CliRunner.Result syntax = CliRunner.run("reproduce", "--data", dir.toString(), yaml.toString());
    assertThat(syntax.code()).isEqualTo(2);
    assertThat(syntax.err()).startsWith("reasonrank: " + yaml + ":").contains("invalid reproduction").hasLineCount(1);
    Path var = dir.resolve("var.yaml");
    Files.writeString(var, "name: var\nrun: ${nowhere}/r.txt\nqrels: y\nexpected:\n  map: 0.1\n");
    CliRunner.Result v = CliRunner.run("reproduce", "--data", dir.toString(), var.toString());
    assertThat(v.code()).isEqualTo(1);
    assertThat(v.out()).contains("FAIL    reproduction var run: unknown variable ${nowhere}; known: data, work, name (add --set name=value)");
  }

  @Test
  void withoutWorkTheTemporaryDirectoryIsDeletedOnSuccessAndFailure() throws Exception {
    String run = SharedData.path("rank_llm/trec_results_dl19.txt").toString();
    String qrels = SharedData.path("anserini-tools/msmarco/qrels.dl19-passage.txt").toString();
    Path ok = dir.resolve("fused.yaml");
    Files.writeString(ok, "name: fused\nsteps:\n  - [fuse, --method, rrf, --output, \"${work}/${name}.run\", \"" + run + "\", \"" + run
        + "\"]\nrun: ${work}/${name}.run\nqrels: " + qrels + "\nexpected:\n  ndcg_cut.10: 0.5058\n");
    Path broken = dir.resolve("broken.yaml");
    Files.writeString(broken, "name: broken\nsteps: []\nrun: ${work}/missing.run\nqrels: " + qrels + "\nexpected:\n  map: 0.5\n");
    CliRunner.Result r = CliRunner.run("reproduce", "--data", SharedData.root().toString(), ok.toString(), broken.toString());
    assertThat(r.code()).as(r.out() + r.err()).isEqualTo(1);
    assertThat(r.out()).contains("  OK      ndcg_cut.10    expected 0.5058");
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("(/\\S*reasonrank-reproduce[^/\\s]*)/missing\\.run").matcher(r.out());
    assertThat(m.find()).as(r.out()).isTrue();
    assertThat(Path.of(m.group(1))).as("the temporary work directory of both reproductions").doesNotExist();

    Path work = dir.resolve("kept");
    CliRunner.Result kept = CliRunner.run("reproduce", "--data", SharedData.root().toString(), "--work", work.toString(), ok.toString());
    assertThat(kept.code()).as(kept.out() + kept.err()).isZero();
    assertThat(work.resolve("fused.run")).as("a --work directory is the user's: kept").exists();
  }

  @Test
  void helpShowsTheVariablesAndNoFormatWarnings() {
    CliRunner.Result r = CliRunner.run("reproduce", "--help");
    assertThat(r.out()).contains("${work} in the YAML").contains("Define a ${KEY} variable").doesNotContain("null");
  }
}
