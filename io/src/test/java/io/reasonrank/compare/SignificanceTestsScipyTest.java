package io.reasonrank.compare;

import static org.assertj.core.api.Assertions.assertThat;

import io.reasonrank.eval.Evaluation;
import io.reasonrank.eval.Evaluator;
import io.reasonrank.eval.Measures;
import io.reasonrank.format.Qrels;
import io.reasonrank.format.TrecRuns;
import io.reasonrank.testing.SharedData;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * p-values pinned against scipy 1.17.1 ({@code ttest_rel(b, a)} and {@code wilcoxon(b, a)} with defaults), computed by
 * {@code tools/scipy_significance_cases.py} into {@code scipy_significance_cases.tsv}: boundary query counts, zero
 * differences, ties, identical runs, and real per-query values.
 */
class SignificanceTestsScipyTest {
  record Case(String name, double[] a, double[] b, double tTest, double wilcoxon, String branch) {
    @Override
    public String toString() {
      return name + " [" + branch + "]";
    }
  }

  static List<Case> cases() throws IOException {
    List<Case> out = new ArrayList<>();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(Objects.requireNonNull(
        SignificanceTestsScipyTest.class.getResourceAsStream("scipy_significance_cases.tsv")), StandardCharsets.UTF_8))) {
      for (String line; (line = r.readLine()) != null; ) {
        if (line.startsWith("#")) continue;
        String[] f = line.split("\t", -1);
        out.add(new Case(f[0], values(f[1]), values(f[2]), Double.parseDouble(f[3]), Double.parseDouble(f[4]), f[5]));
      }
    }
    return out;
  }

  private static double[] values(String csv) {
    return Arrays.stream(csv.split(",")).mapToDouble(Double::parseDouble).toArray();
  }

  static Stream<Case> allCases() throws IOException {
    return cases().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("allCases")
  void equalsScipy(Case c) {
    assertClose("ttest_rel", SignificanceTests.pairedTTest(c.a(), c.b()), c.tTest());
    assertClose("wilcoxon", SignificanceTests.wilcoxonSignedRank(c.a(), c.b()), c.wilcoxon());
  }

  @Test
  void casesCoverEveryBranchAndBoundary() throws IOException {
    List<Case> cs = cases();
    assertThat(cs).hasSizeGreaterThan(150);
    assertThat(cs).extracting(Case::branch).contains("exact", "signflips", "normal");
    for (int n : new int[] {8, 13, 14, 50, 51}) {
      assertThat(cs).filteredOn(c -> c.a().length == n).extracting(Case::branch).as("n=" + n).hasSizeGreaterThan(5);
    }
    assertThat(cs).filteredOn(c -> c.a().length == 13).extracting(Case::branch).contains("signflips");
    assertThat(cs).filteredOn(c -> c.a().length == 14).extracting(Case::branch).contains("normal", "exact");
    assertThat(cs).filteredOn(c -> c.a().length == 50).extracting(Case::branch).contains("normal", "exact");
    assertThat(cs).filteredOn(c -> c.a().length == 51).extracting(Case::branch).containsOnly("normal");
    assertThat(cs).filteredOn(c -> Double.isNaN(c.tTest())).isNotEmpty();
  }

  /** The case of the bug report: n = 43 with zeros, so scipy uses the normal approximation (p 0.10812, not 0.11007). */
  @Test
  void dl19Bm25AgainstTheScriptedRunOnMapFromOurOwnEvaluation() throws IOException {
    Case pinned = cases().stream().filter(c -> c.name().equals("dl19 bm25 vs scripted rank_GPT_reasoning map")).findFirst()
        .orElseThrow();
    Qrels qrels = Qrels.read(SharedData.path("anserini-tools/msmarco/qrels.dl19-passage.txt"));
    Evaluator ev = Evaluator.pytrecEval(Measures.parse("map"));
    Evaluation bm25 = ev.evaluate(qrels, TrecRuns.read(SharedData.path("rank_llm/trec_results_dl19.txt")).run());
    Evaluation scripted =
        ev.evaluate(qrels, TrecRuns.read(SharedData.path("golden/scripted_rerank_dl19.rank_GPT_reasoning.trec")).run());
    List<String> qids = scripted.values("map").keySet().stream().sorted().toList();
    double[] a = qids.stream().mapToDouble(q -> bm25.values("map").get(q)).toArray();
    double[] b = qids.stream().mapToDouble(q -> scripted.values("map").get(q)).toArray();
    assertThat(a).containsExactly(pinned.a());
    assertThat(b).containsExactly(pinned.b());
    assertClose("wilcoxon", SignificanceTests.wilcoxonSignedRank(a, b), pinned.wilcoxon());
    assertThat(String.format(java.util.Locale.ROOT, "%.5f", SignificanceTests.wilcoxonSignedRank(a, b))).isEqualTo("0.10812");
  }

  private static void assertClose(String what, double actual, double expected) {
    if (Double.isNaN(expected)) {
      assertThat(actual).as(what).isNaN();
      return;
    }
    assertThat(Math.abs(actual - expected)).as(what + ": " + actual + " vs scipy " + expected)
        .isLessThanOrEqualTo(1e-12 * Math.abs(expected) + 1e-300);
  }
}
