package io.reasonrank.compare;

import static org.assertj.core.api.Assertions.assertThat;

import io.reasonrank.eval.Evaluation;
import io.reasonrank.eval.Evaluator;
import io.reasonrank.eval.Measures;
import io.reasonrank.format.Qrels;
import io.reasonrank.format.Run;
import io.reasonrank.model.ScoredDoc;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunComparisonTest {
  static Run run(String... qidDocPairs) {
    Map<String, List<ScoredDoc>> m = new LinkedHashMap<>();
    for (int i = 0; i < qidDocPairs.length; i += 2) m.put(qidDocPairs[i], List.of(new ScoredDoc(qidDocPairs[i + 1], 1)));
    return new Run(m);
  }

  @Test
  void comparesOnCommonQueriesAndRendersThreeFormats() {
    Qrels qrels = new Qrels(Map.of("1", Map.of("a", 1), "2", Map.of("a", 1), "3", Map.of("a", 1), "4", Map.of("a", 1)));
    Evaluator ev = Evaluator.pytrecEval(Measures.parse("P.1", "map"));
    Evaluation base = ev.evaluate(qrels, run("1", "a", "2", "x", "3", "x", "4", "x"));
    Evaluation better = ev.evaluate(qrels, run("1", "a", "2", "a", "3", "a"));
    RunComparison c = RunComparison.compare(
        List.of(new RunComparison.Named("bm25", base), new RunComparison.Named("hybrid", better)), 1000, 1);
    assertThat(c.queries()).containsExactly("1", "2", "3");
    assertThat(c.droppedQueries()).isEqualTo(1);
    RunComparison.Cell cell = c.cell("hybrid", "P_1");
    assertThat(cell.mean()).isEqualTo(1.0);
    assertThat(cell.delta()).isCloseTo(2.0 / 3, org.assertj.core.data.Offset.offset(1e-12));
    assertThat(cell.wtl()).isEqualTo(new SignificanceTests.WinsTiesLosses(2, 1, 0));
    // d = (0, 1, 1): a zero and a tie with n = 3 -> every sign flip: W+ = 3 in 2 of 8, scipy.stats.wilcoxon gives 0.5
    assertThat(cell.pWilcoxon()).isEqualTo(0.5);
    assertThat(c.toText()).startsWith("""
        run        map     P_1
        ----------------------
        bm25    0.3333  0.3333
        hybrid  1.0000  1.0000
        """).contains("3 queries common to all runs (1 not in every run left out)");
    assertThat(c.toMarkdown()).startsWith("""
        | run | map | P_1 |
        |---|---:|---:|
        | bm25 | 0.3333 | 0.3333 |
        """);
    assertThat(c.toCsv()).startsWith("run,measure,queries,mean,delta,p_ttest,p_wilcoxon,p_randomization,wins,ties,losses\n"
        + "bm25,map,3,0.3333,0.0000,,,,,,\n"
        + "hybrid,map,3,1.0000,0.6667,");
  }
}
