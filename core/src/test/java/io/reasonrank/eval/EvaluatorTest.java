package io.reasonrank.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.reasonrank.eval.TrecOrder.ScorePrecision;
import io.reasonrank.format.InputException;
import io.reasonrank.format.Qrels;
import io.reasonrank.format.Run;
import io.reasonrank.model.ScoredDoc;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EvaluatorTest {
  static Map<String, Integer> judg(Object... kv) {
    Map<String, Integer> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], (Integer) kv[i + 1]);
    return m;
  }

  static List<ScoredDoc> hits(Object... kv) {
    List<ScoredDoc> l = new java.util.ArrayList<>();
    for (int i = 0; i < kv.length; i += 2) l.add(new ScoredDoc((String) kv[i], ((Number) kv[i + 1]).doubleValue()));
    return l;
  }

  final Evaluator ev = Evaluator.pytrecEval(Measures.parse("ndcg_cut.1,3", "P.2", "recall.2", "map", "recip_rank"));

  @Test
  void gradedNdcgUsesRelevanceAsGainAndAllQrelsForTheIdeal() {
    // ranked: a(1) b(0) x(unjudged) c(3); d(2) is judged but not retrieved
    double[] v = ev.evaluateQuery(hits("a", 4, "b", 3, "x", 2, "c", 1), judg("a", 1, "b", 0, "c", 3, "d", 2));
    double log2 = Math.log(2);
    double dcg3 = 1.0;
    double idcg3 = 3 + 2 / (Math.log(3) / log2) + 1 / 2.0;
    // order: map, recip_rank, P_2, recall_2, ndcg_cut_1, ndcg_cut_3
    assertThat(v[4]).isCloseTo(1.0 / 3, within(1e-15));
    assertThat(v[5]).isCloseTo(dcg3 / idcg3, within(1e-15));
    assertThat(v[2]).isEqualTo(0.5);
    assertThat(v[3]).isCloseTo(1.0 / 3, within(1e-15));
    assertThat(v[0]).isCloseTo((1.0 + 2.0 / 4) / 3, within(1e-15)); // AP over 3 relevant, d never retrieved
    assertThat(v[1]).isEqualTo(1.0);
  }

  @Test
  void tiesAreBrokenByDocidDescendingInByteOrder() {
    // equal scores: "b" > "a" so b ranks first regardless of file order
    assertThat(ev.evaluateQuery(hits("a", 1, "b", 1), judg("a", 1))[1]).isEqualTo(0.5);
    assertThat(ev.evaluateQuery(hits("b", 1, "a", 1), judg("b", 1))[1]).isEqualTo(1.0);
    // strcmp byte order: U+1F600 (F0 9F..) sorts after U+FFFD (EF BF BD), unlike String.compareTo
    List<ScoredDoc> sorted = TrecOrder.sort(hits("\uFFFD", 1, "\uD83D\uDE00", 1), ScorePrecision.DOUBLE);
    assertThat(sorted.get(0).docid()).isEqualTo("\uD83D\uDE00");
    assertThat("\uD83D\uDE00".compareTo("\uFFFD")).isNegative();
  }

  @Test
  void floatScoresTieWherePytrecEvalSeesOneFloat() {
    // 0.97523028100587 and 0.97523028100588 are distinct doubles but the same C float
    List<ScoredDoc> h = hits("a", 0.97523028100588, "b", 0.97523028100587);
    assertThat(TrecOrder.sort(h, ScorePrecision.DOUBLE)).extracting(ScoredDoc::docid).containsExactly("a", "b");
    assertThat(TrecOrder.sort(h, ScorePrecision.FLOAT)).extracting(ScoredDoc::docid).containsExactly("b", "a");
  }

  @Test
  void duplicateDocidKeepsTheLastScore() {
    assertThat(TrecOrder.sort(hits("a", 9, "b", 5, "a", 1), ScorePrecision.FLOAT))
        .containsExactly(new ScoredDoc("b", 5), new ScoredDoc("a", 1));
  }

  @Test
  void precisionDividesByTheCutoffEvenWhenFewerAreRetrievedAndNoRelevantGivesZero() {
    double[] v = new Evaluator(Measures.parse("P.10", "recall.5", "ndcg_cut.5", "map"), 1, ScorePrecision.FLOAT, false)
        .evaluateQuery(hits("a", 1), judg("a", 1));
    assertThat(v).containsExactly(1.0, 0.1, 1.0, 1.0); // map, P_10, recall_5, ndcg_cut_5
    double[] none = ev.evaluateQuery(hits("a", 1), judg("a", 0));
    assertThat(none).containsOnly(0.0);
  }

  @Test
  void relevanceLevelTwoCountsOnlyGradesAtLeastTwoButNdcgKeepsGrades() {
    Evaluator l2 = new Evaluator(Measures.parse("P.2", "ndcg_cut.2"), 2, ScorePrecision.FLOAT, false);
    double[] v = l2.evaluateQuery(hits("a", 2, "b", 1), judg("a", 1, "b", 2));
    assertThat(v[0]).isEqualTo(0.5);
    assertThat(v[1]).isCloseTo((1 + 2 / (Math.log(3) / Math.log(2))) / (2 + 1 / (Math.log(3) / Math.log(2))), within(1e-15));
  }

  @Test
  void meanIsOverQueriesInBothRunAndQrelsAndMinusCCountsMissingAsZero() {
    Qrels qrels = new Qrels(Map.of("q1", judg("a", 1), "q2", judg("b", 1), "q3", judg("c", 1)));
    Map<String, List<ScoredDoc>> m = new LinkedHashMap<>();
    m.put("q2", hits("b", 1));
    m.put("q1", hits("x", 1));
    m.put("zz", hits("a", 1));
    Run run = new Run(m);
    Evaluation e = ev.evaluate(qrels, run);
    assertThat(e.perQuery().keySet()).containsExactly("q1", "q2");
    assertThat(e.mean("recip_rank")).isEqualTo(0.5);
    assertThat(e.skippedRunQueries()).containsExactly("zz");
    assertThat(e.missingJudgedQueries()).containsExactly("q3");
    Evaluation c = new Evaluator(ev.metrics(), 1, ScorePrecision.FLOAT, true).evaluate(qrels, run);
    assertThat(c.mean("recip_rank")).isCloseTo(1.0 / 3, within(1e-15));
    assertThat(c.divisor()).isEqualTo(3);
  }

  @Test
  void noCommonQueryIsAUserError() {
    Qrels qrels = new Qrels(Map.of("q1", judg("a", 1)));
    Run run = new Run(Map.of("7", hits("a", 1)));
    assertThatThrownBy(() -> ev.evaluate(qrels, run)).isInstanceOf(InputException.class)
        .hasMessage("the run and the qrels have no query in common (run queries: 1, e.g. '7'; judged queries: 1, e.g. 'q1')");
  }

  @Test
  void formatsLikeTrecEval() {
    Qrels qrels = new Qrels(Map.of("q1", judg("a", 1), "q10", judg("b", 1), "q2", judg("a", 1)));
    Map<String, List<ScoredDoc>> m = new LinkedHashMap<>();
    m.put("q2", hits("a", 1, "b", 2));
    m.put("q10", hits("b", 1));
    m.put("q1", hits("a", 1));
    Evaluation e = Evaluator.pytrecEval(Measures.parse("P.2", "map")).evaluate(qrels, new Run(m));
    assertThat(TrecEvalFormat.format(e, true)).isEqualTo("""
        map                   \tq1\t1.0000
        P_2                   \tq1\t0.5000
        map                   \tq10\t1.0000
        P_2                   \tq10\t0.5000
        map                   \tq2\t0.5000
        P_2                   \tq2\t0.5000
        map                   \tall\t0.8333
        P_2                   \tall\t0.5000
        """);
    assertThat(TrecEvalFormat.fixed4(0.00005)).isEqualTo("0.0001"); // binary value is just above the half
    assertThat(TrecEvalFormat.fixed4(0.12345)).isEqualTo("0.1235"); // 0.123450000000000004174...
    assertThat(TrecEvalFormat.fixed4(1.0)).isEqualTo("1.0000");
  }

  @Test
  void ndcgExplainShowsGainsAndDiscounts() {
    NdcgCut n = new NdcgCut(3);
    JudgedRanking r = ev.judge(hits("a", 3, "b", 2), judg("b", 2, "c", 1));
    List<NdcgCut.Step> steps = n.explain(r);
    assertThat(steps).hasSize(2);
    assertThat(steps.get(1).rel()).isEqualTo(2);
    assertThat(steps.get(1).discount()).isCloseTo(Math.log(3) / Math.log(2), within(1e-15));
    assertThat(steps.get(1).cumulativeDcg() / steps.get(1).cumulativeIdcg()).isCloseTo(n.compute(r), within(1e-15));
  }
}
