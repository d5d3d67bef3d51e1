package io.reasonrank.rerank.pointwise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.reasonrank.llm.Completion;
import io.reasonrank.rerank.pointwise.Rank1Scorer.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class Rank1ScorerTest {

  private static Completion withLogprobs(String text, List<Map<String, Double>> top) {
    return new Completion(text, 10, top.size(), "stop", top);
  }

  @Test
  void lastPositionLogprobsGiveTheNormalisedRatio() {
    Completion c = withLogprobs("reasoning.\n", List.of(
        Map.of(" true", -5.0, " false", -0.1), // an earlier position must not be read
        Map.of(" true", Math.log(0.3), " false", Math.log(0.6), " maybe", Math.log(0.1))));
    Rank1Scorer.Judgment j = Rank1Scorer.score(c);
    assertThat(j.path()).isEqualTo(Path.LOGPROBS);
    assertThat(j.relevance()).isCloseTo(1.0 / 3.0, within(1e-15));
    assertThat(j.lpTrue()).isEqualTo(Math.log(0.3));
    assertThat(Rank1Scorer.needsForcedJudgment(c)).isFalse();
  }

  @Test
  void ratioIsStableForVeryNegativeLogprobs() {
    // Python's exp underflows both to 0.0 here and divides 0 by 0; log-sum-exp keeps the exact ratio
    assertThat(Rank1Scorer.relevance(-1000.0, -1001.0)).isCloseTo(1 / (1 + Math.exp(-1)), within(1e-15));
    assertThat(Rank1Scorer.relevance(-1e6, -1e6)).isEqualTo(0.5);
    assertThat(Rank1Scorer.relevance(0.0, -800.0)).isEqualTo(1.0);
    assertThat(Rank1Scorer.relevance(-800.0, 0.0)).isCloseTo(Math.exp(-800.0), within(1e-320));
    assertThat(Rank1Scorer.relevance(Double.NEGATIVE_INFINITY, -3.0)).isZero();
    assertThat(Rank1Scorer.relevance(-3.0, Double.NEGATIVE_INFINITY)).isEqualTo(1.0);
    assertThat(Rank1Scorer.logSumExp(-1000.0, -1000.0)).isCloseTo(-1000.0 + Math.log(2), within(1e-12));
    assertThatThrownBy(() -> Rank1Scorer.relevance(Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY))
        .hasMessage("both log-probabilities are -Infinity");
    assertThatThrownBy(() -> Rank1Scorer.relevance(Double.NaN, 0)).hasMessage("log-probabilities must be finite or -Infinity, got NaN, 0.0");
  }

  @Test
  void ratioMatchesTheDirectFormulaWhereThatIsSafe() {
    for (double t = -20; t <= 0; t += 0.7) {
      for (double f = -20; f <= 0; f += 1.3) {
        double direct = Math.exp(t) / (Math.exp(t) + Math.exp(f));
        assertThat(Rank1Scorer.relevance(t, f)).isCloseTo(direct, within(1e-12));
      }
    }
  }

  @Test
  void missingJudgmentTokenAtTheLastPositionAsksForTheForcedCall() {
    Completion cut = new Completion("The passage discusses", 10, 3, "length",
        List.of(Map.of("The", -0.1), Map.of(" passage", -0.2), Map.of(" discusses", -0.3, " true", -4.0)));
    assertThat(Rank1Scorer.needsForcedJudgment(cut)).isTrue();
    Rank1Scorer.Judgment j = Rank1Scorer.score(cut);
    assertThat(j.path()).isEqualTo(Path.NEUTRAL);
    assertThat(j.relevance()).isEqualTo(0.5);
  }

  @Test
  void forcedCompletionIsScoredFromItsOnePosition() {
    Completion forced = withLogprobs(" true", List.of(Map.of(" true", -0.2, " false", -1.8)));
    Rank1Scorer.Judgment j = Rank1Scorer.scoreForced(forced);
    assertThat(j.path()).isEqualTo(Path.FORCED_LOGPROBS);
    assertThat(j.relevance()).isCloseTo(1 / (1 + Math.exp(-1.6)), within(1e-15));
    assertThat(Rank1Scorer.scoreForced(withLogprobs(" true", List.of(Map.of(" true", -0.2))))).isNull();
    assertThat(Rank1Scorer.scoreForced(new Completion(" true", 1, 1, "length"))).isNull();
  }

  @Test
  void withoutLogprobsTheWrittenJudgmentDecides() {
    assertThat(Rank1Scorer.score(new Completion("It matches.\n</think> true", 5, 5, "stop")))
        .isEqualTo(new Rank1Scorer.Judgment(1.0, Path.TEXT, Double.NaN, Double.NaN));
    assertThat(Rank1Scorer.score(new Completion("x</think> y </think>\n\nFALSE.", 5, 5, "stop")).relevance()).isZero();
    assertThat(Rank1Scorer.score(new Completion("x</think>\ntrue", 5, 5, "stop")).path()).isEqualTo(Path.TEXT);
    assertThat(Rank1Scorer.needsForcedJudgment(new Completion("x</think> true", 5, 5, "stop"))).isFalse();
  }

  @Test
  void neitherLogprobsNorAWrittenJudgmentIsNeutral() {
    // vLLM strips the stop string from the text: without log-probabilities nothing is left to judge by
    Rank1Scorer.Judgment j = Rank1Scorer.score(new Completion("The passage is about cats.\n", 5, 5, "stop"));
    assertThat(j.path()).isEqualTo(Path.NEUTRAL);
    assertThat(j.relevance()).isEqualTo(0.5);
    assertThat(Rank1Scorer.score(new Completion("</think> maybe", 5, 5, "stop")).path()).isEqualTo(Path.NEUTRAL);
  }

  @Test
  void logprobsWinOverTheText() {
    Completion c = withLogprobs("x</think> false", List.of(Map.of(" true", -0.1, " false", -2.4)));
    assertThat(Rank1Scorer.score(c).path()).isEqualTo(Path.LOGPROBS);
    assertThat(Rank1Scorer.score(c).relevance()).isGreaterThan(0.9);
  }

  @Test
  void judgmentRejectsRelevanceOutsideTheUnitInterval() {
    assertThatThrownBy(() -> new Rank1Scorer.Judgment(1.5, Path.TEXT, 0, 0)).hasMessage("relevance must be in [0, 1], got 1.5");
    assertThatThrownBy(() -> new Rank1Scorer.Judgment(Double.NaN, Path.TEXT, 0, 0)).hasMessage("relevance must be in [0, 1], got NaN");
  }
}
