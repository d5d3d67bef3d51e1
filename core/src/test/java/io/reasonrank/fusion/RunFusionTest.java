package io.reasonrank.fusion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.reasonrank.format.Run;
import io.reasonrank.model.ScoredDoc;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunFusionTest {
  static Run run(String q, Object... kv) {
    List<ScoredDoc> l = new java.util.ArrayList<>();
    for (int i = 0; i < kv.length; i += 2) l.add(new ScoredDoc((String) kv[i], ((Number) kv[i + 1]).doubleValue()));
    Map<String, List<ScoredDoc>> m = new LinkedHashMap<>();
    m.put(q, l);
    return new Run(m);
  }

  final RunFusion.Limits wide = new RunFusion.Limits(1000, 1000);

  @Test
  void rrfSumsReciprocalRanksFromTrecOrder() {
    // file order of run a is not its rank order: trec order is x(3) y(2) z(2 tie -> "z" before "y")
    Run a = run("q", "y", 2, "x", 3, "z", 2);
    Run b = run("q", "y", 10, "w", 5);
    List<ScoredDoc> f = RunFusion.rrf(List.of(a, b), 60, wide).get("q");
    // a: x=1/61, z=1/62, y=1/63 ; b: y=1/61, w=1/62
    assertThat(f).extracting(ScoredDoc::docid).containsExactly("y", "x", "z", "w");
    assertThat(f.get(0).score()).isCloseTo(1.0 / 63 + 1.0 / 61, within(1e-15));
    assertThat(f.get(1).score()).isEqualTo(1.0 / 61);
    assertThat(f.get(2).score()).isEqualTo(1.0 / 62);
    assertThat(f.get(3).score()).isEqualTo(1.0 / 62); // tie z/w broken by docid descending
  }

  @Test
  void depthAndHitsLimitInputAndOutput() {
    Run a = run("q", "a", 3, "b", 2, "c", 1);
    Run b = run("q", "c", 3, "d", 2);
    Map<String, List<ScoredDoc>> f = RunFusion.rrf(List.of(a, b), 60, new RunFusion.Limits(1, 2));
    assertThat(f.get("q")).extracting(ScoredDoc::docid).containsExactly("c", "a");
  }

  @Test
  void interpolationNormalisesPerQueryAndMissingDocsGetZero() {
    Run a = run("q", "a", 10, "b", 6, "c", 2);
    Run b = run("q", "b", 0.9, "d", 0.5, "a", 0.1);
    List<ScoredDoc> f = RunFusion.interpolate(List.of(a, b), List.of(0.3, 0.7), wide).get("q");
    // a: 0.3*1 + 0.7*0 ; b: 0.3*0.5 + 0.7*1 ; d: 0.7*0.5 ; c: 0
    assertThat(f).extracting(ScoredDoc::docid).containsExactly("b", "d", "a", "c");
    assertThat(f.get(0).score()).isCloseTo(0.85, within(1e-12));
    assertThat(f.get(1).score()).isCloseTo(0.35, within(1e-12));
    assertThat(f.get(2).score()).isCloseTo(0.3, within(1e-12));
    assertThat(f.get(3).score()).isEqualTo(0.0);
  }

  @Test
  void constantScoresNormaliseToOneAndQueriesAreTheUnion() {
    Run a = run("q1", "a", 5);
    Run b = run("q2", "b", 1, "c", 1);
    Map<String, List<ScoredDoc>> f = RunFusion.interpolate(List.of(a, b), RunFusion.equalWeights(2), wide);
    assertThat(f.keySet()).containsExactly("q1", "q2");
    assertThat(f.get("q1")).containsExactly(new ScoredDoc("a", 0.5));
    assertThat(f.get("q2")).containsExactly(new ScoredDoc("c", 0.5), new ScoredDoc("b", 0.5));
  }

  @Test
  void validatesArguments() {
    Run a = run("q", "a", 1);
    assertThatThrownBy(() -> RunFusion.rrf(List.of(a), 60, wide)).hasMessage("fusion needs at least 2 runs, got 1");
    assertThatThrownBy(() -> RunFusion.interpolate(List.of(a, a), List.of(1.0), wide))
        .hasMessage("expected one weight per run (2), got 1");
    assertThatThrownBy(() -> new RunFusion.Limits(0, 5)).hasMessage("depth must be >= 1, got 0");
    assertThatThrownBy(() -> RunFusion.rrf(List.of(a, a), -1, wide)).hasMessage("k must be >= 0, got -1");
  }
}
