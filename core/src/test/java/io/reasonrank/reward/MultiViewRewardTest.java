package io.reasonrank.reward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Hand-made responses: well-formed, malformed, wrong length, duplicate ids (docs/reference-behaviour.md §6, §6.1). */
class MultiViewRewardTest {
  private final MultiViewReward reward = new MultiViewReward();
  private static final List<String> WINDOW = IntStream.rangeClosed(1, 20).mapToObj(i -> "d" + i).toList();
  private static final String LABEL = answer(IntStream.rangeClosed(1, 20).boxed().toList());

  private static String answer(List<Integer> ids) {
    return ids.stream().map(i -> "[" + i + "]").collect(Collectors.joining(" > "));
  }

  private RewardResult score(String response, List<String> relevant) {
    return reward.compute(response, LABEL, WINDOW, WINDOW, relevant);
  }

  @Test
  void perfectAnswerScoresOnePointThree() {
    RewardResult r = score("<think>ok</think>\n<answer>" + LABEL + "</answer>", List.of("d1", "d2"));
    assertThat(r.outcome()).isEqualTo(RewardOutcome.SCORED);
    assertThat(r.ndcgCut10()).isEqualTo(1.0);
    assertThat(r.recall10()).isEqualTo(1.0);
    assertThat(r.rbo()).isEqualTo(1.0);
    assertThat(r.reward()).isEqualTo(1.0 + 0.2 * 1.0 + 0.1 * 1.0);
    assertThat(r.explain()).contains("(ndcg@10)").contains("(recall@10)").contains("(rbo)");
  }

  @Test
  void paperSanityNumbers() {
    // two relevant passages at positions 1 and 11: NDCG@10 = 1 / (1 + 1/log2 3) = 0.61 (docs/reference-behaviour.md §6)
    assertThat(RankingMetrics.ndcgCut10(WINDOW, List.of("d1", "d11"))).isCloseTo(0.6131, org.assertj.core.data.Offset.offset(1e-4));
    // at positions 9 and 10: 0.36
    assertThat(RankingMetrics.ndcgCut10(WINDOW, List.of("d9", "d10"))).isCloseTo(0.3618, org.assertj.core.data.Offset.offset(1e-4));
  }

  @Test
  void noMatchIsMinusOne() {
    for (String bad : List.of("", "[1] > [2]", "<answer>" + LABEL + "</answer>", "<THINK>x</THINK><ANSWER>" + LABEL + "</ANSWER>",
        "<think>x</think> words <answer>" + LABEL + "</answer>", "<think>x</think><answer>" + LABEL)) {
      RewardResult r = score(bad, List.of("d1"));
      assertThat(r.outcome()).as(bad).isEqualTo(RewardOutcome.NO_MATCH);
      assertThat(r.reward()).isEqualTo(-1.0);
      assertThat(r.ndcgCut10()).isNull();
      assertThat(r.predIds()).isNull();
    }
  }

  @Test
  void pythonWhitespaceButNotZeroWidthSpaceBeforeAnswer() {
    String ok = "<think>x</think>\u2003\u0085\u001c<answer>" + LABEL + "</answer>";
    assertThat(score(ok, List.of("d1")).outcome()).isEqualTo(RewardOutcome.SCORED);
    String zwsp = "<think>x</think>\u200b<answer>" + LABEL + "</answer>";
    assertThat(score(zwsp, List.of("d1")).outcome()).isEqualTo(RewardOutcome.NO_MATCH);
  }

  @Test
  void firstThinkCloseFollowedByAnswerWins() {
    // an early short answer is taken even though a full one follows: wrong count, reward 0
    String early = "<think>a</think><answer>[1] > [2]</answer> <think>b</think><answer>" + LABEL + "</answer>";
    assertThat(score(early, List.of("d1")).outcome()).isEqualTo(RewardOutcome.COUNT_MISMATCH);
    // a </think> not followed by <answer> is skipped by the lazy .*?
    String skip = "<think>a</think> note </think>\n<answer>" + LABEL + "</answer>";
    assertThat(score(skip, List.of("d1")).outcome()).isEqualTo(RewardOutcome.SCORED);
  }

  @Test
  void wrongLengthIsZero() {
    List<Integer> nineteen = IntStream.rangeClosed(1, 19).boxed().toList();
    RewardResult r = score("<think>x</think><answer>" + answer(nineteen) + "</answer>", List.of("d1"));
    assertThat(r.outcome()).isEqualTo(RewardOutcome.COUNT_MISMATCH);
    assertThat(r.reward()).isEqualTo(0.0);
    assertThat(r.predIds()).hasSize(19);
    assertThat(r.explain()).contains("answer has 19 ids");
  }

  @Test
  void duplicateIdsInAnswerAreZero() {
    List<Integer> dup = new ArrayList<>(IntStream.rangeClosed(1, 20).boxed().toList());
    dup.set(19, 1);
    RewardResult r = score("<think>x</think><answer>" + answer(dup) + "</answer>", List.of("d1"));
    assertThat(r.outcome()).isEqualTo(RewardOutcome.COUNT_MISMATCH);
  }

  @Test
  void onlyCountsAreCheckedSoShiftedIdsPassAndOutOfWindowIdsDrop() {
    List<Integer> shifted = IntStream.rangeClosed(2, 21).boxed().toList();
    RewardResult r = score("<think>x</think><answer>" + answer(shifted) + "</answer>", List.of("d2"));
    assertThat(r.outcome()).isEqualTo(RewardOutcome.SCORED);
    assertThat(r.predDocids()).hasSize(19).startsWith("d2");
    assertThat(r.ndcgCut10()).isEqualTo(1.0);
  }

  @Test
  void idZeroIsTheLastPassageAndADuplicateDocKeepsItsLaterRank() {
    List<Integer> ids = new ArrayList<>(IntStream.rangeClosed(1, 20).boxed().toList());
    ids.set(0, 0); // "0" → d20 at rank 1, but "20" (last) → d20 again at rank 20: the later rank wins
    RewardResult r = score("<think>x</think><answer>" + answer(ids) + "</answer>", List.of("d20"));
    assertThat(r.predDocids().get(0)).isEqualTo("d20");
    assertThat(r.ndcgCut10()).isEqualTo(0.0);
    assertThat(r.recall10()).isEqualTo(0.0);
  }

  @Test
  void nonDecimalDigitIsIntErrorAndNonAsciiDecimalsMapButDifferForRbo() {
    String sup = LABEL.replace("[3]", "[\u00b3]");
    RewardResult r = score("<think>x</think><answer>" + sup + "</answer>", List.of("d1"));
    assertThat(r.outcome()).isEqualTo(RewardOutcome.INT_ERROR);
    assertThat(r.reward()).isEqualTo(0.0);

    String arabic = LABEL.replace("[3]", "[\u0663]");
    RewardResult a = score("<think>x</think><answer>" + arabic + "</answer>", List.of("d3"));
    assertThat(a.outcome()).isEqualTo(RewardOutcome.SCORED);
    assertThat(a.predDocids().get(2)).isEqualTo("d3");
    assertThat(a.ndcgCut10()).isEqualTo(0.5); // d3 at rank 3: 1/log2(4)
    assertThat(a.rbo()).isLessThan(1.0); // "٣" ≠ "3"
  }

  @Test
  void overlongIdIsIntErrorLikeCpython311() {
    String huge = "1".repeat(MultiViewReward.INT_MAX_STR_DIGITS + 1);
    String resp = "<think>x</think><answer>" + LABEL.replace("[20]", "[" + huge + "]") + "</answer>";
    assertThat(score(resp, List.of("d1")).outcome()).isEqualTo(RewardOutcome.INT_ERROR);
    String big = "9".repeat(MultiViewReward.INT_MAX_STR_DIGITS);
    RewardResult r = score("<think>x</think><answer>" + LABEL.replace("[20]", "[" + big + "]") + "</answer>", List.of("d1"));
    assertThat(r.outcome()).isEqualTo(RewardOutcome.SCORED);
    assertThat(r.predDocids()).hasSize(19);
  }

  @Test
  void emptyAnswerAndEmptyLabelScoreRboOnly() {
    RewardResult r = reward.compute("<think></think><answer></answer>", "", WINDOW, WINDOW, List.of("d1"));
    assertThat(r.reward()).isEqualTo(0.1);
    assertThat(r.rbo()).isEqualTo(1.0);
  }

  @Test
  void emptyRelevantSetGivesZeroMetrics() {
    RewardResult r = score("<think>x</think><answer>" + LABEL + "</answer>", List.of());
    assertThat(r.ndcgCut10()).isEqualTo(0.0);
    assertThat(r.recall10()).isEqualTo(0.0);
    assertThat(r.reward()).isEqualTo(0.1);
  }

  @Test
  void repeatedGroundTruthIdRaisesAClearError() {
    String truth = LABEL.replace("[20]", "[19]");
    String resp = "<think>x</think><answer>" + truth + "</answer>";
    assertThatThrownBy(() -> reward.compute(resp, truth, WINDOW, WINDOW, List.of("d1")))
        .isInstanceOf(RewardException.class)
        .hasMessageStartingWith("ground_truth repeats a passage id")
        .satisfies(e -> assertThat(((RewardException) e).field()).isEqualTo("ground_truth"));
  }

  @Test
  void idZeroWithEmptyWindowRaises() {
    assertThatThrownBy(() -> reward.compute("<think>x</think><answer>[0]</answer>", "[1]", List.of(), List.of(), List.of()))
        .isInstanceOf(RewardException.class).hasMessageContaining("initial_list is empty");
  }

  @Test
  void nullArgumentsAreRejectedByName() {
    assertThatThrownBy(() -> reward.compute(null, LABEL, WINDOW, WINDOW, List.of()))
        .hasMessage("solution_str must not be null");
    assertThatThrownBy(() -> reward.compute("", LABEL, null, WINDOW, List.of()))
        .hasMessage("initial_list must not be null");
    assertThatThrownBy(() -> reward.compute("", LABEL, WINDOW, WINDOW, java.util.Arrays.asList("a", null)))
        .hasMessage("relevant_docids must not contain null");
  }

  @Test
  void resultRejectsComponentsThatDoNotFitTheOutcome() {
    assertThatThrownBy(() -> new RewardResult(0.0, 0.0, null, null, RewardOutcome.COUNT_MISMATCH, null, null, null))
        .hasMessage("components must be present exactly when the outcome is scored");
  }
}
