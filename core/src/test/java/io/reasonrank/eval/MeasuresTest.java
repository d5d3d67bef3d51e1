package io.reasonrank.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reasonrank.format.InputException;
import org.junit.jupiter.api.Test;

class MeasuresTest {
  @Test
  void parsesTrecEvalNamesIntoPrintOrder() {
    assertThat(Measures.parse("ndcg_cut.10", "P.5", "map", "recall.100,5", "recip_rank", "P_1", "ndcg_cut_10"))
        .extracting(Metric::name)
        .containsExactly("map", "recip_rank", "P_1", "P_5", "recall_5", "recall_100", "ndcg_cut_10");
  }

  @Test
  void defaultsAreTheIssueSet() {
    assertThat(Measures.defaults()).extracting(Metric::name).containsExactly(
        "map", "recip_rank", "P_1", "P_5", "P_10", "recall_5", "recall_10", "recall_20", "recall_100",
        "ndcg_cut_1", "ndcg_cut_5", "ndcg_cut_10", "ndcg_cut_20", "ndcg_cut_50", "ndcg_cut_100");
  }

  @Test
  void unknownMeasureNamesItAndListsTheKnownOnes() {
    assertThatThrownBy(() -> Measures.parse("ndcg@10")).isInstanceOf(InputException.class)
        .hasMessage("unknown measure 'ndcg@10'; known measures: " + Measures.KNOWN);
    assertThatThrownBy(() -> Measures.parse("P.x")).hasMessageStartingWith("bad cutoff 'x' in measure 'P.x'");
    assertThatThrownBy(() -> Measures.parse("P.0")).hasMessage("cutoff must be positive in measure 'P.0'");
    assertThatThrownBy(() -> Measures.parse("map.5")).hasMessageStartingWith("measure 'map.5' takes no cutoff");
  }
}
