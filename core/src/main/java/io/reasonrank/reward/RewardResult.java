package io.reasonrank.reward;

import java.util.List;

/**
 * One reward and the terms it was summed from (docs/reference-behaviour.md §6). The components are {@code null} where the reference
 * returned before computing them ({@link RewardOutcome#NO_MATCH}: −1, {@link RewardOutcome#COUNT_MISMATCH}
 * and {@link RewardOutcome#INT_ERROR}: 0). The parsed id lists are kept for {@link #explain()}:
 * {@code predIds}/{@code labelIds} are null on no match, {@code predDocids} is null unless scored.
 */
public record RewardResult(
    double reward,
    Double ndcgCut10,
    Double recall10,
    Double rbo,
    RewardOutcome outcome,
    List<String> predIds,
    List<String> labelIds,
    List<String> predDocids) {

  public RewardResult {
    if (outcome == null) throw new IllegalArgumentException("outcome must not be null");
    boolean scored = outcome == RewardOutcome.SCORED;
    if (scored != (ndcgCut10 != null) || scored != (recall10 != null) || scored != (rbo != null)) {
      throw new IllegalArgumentException("components must be present exactly when the outcome is scored");
    }
    predIds = predIds == null ? null : List.copyOf(predIds);
    labelIds = labelIds == null ? null : List.copyOf(labelIds);
    predDocids = predDocids == null ? null : List.copyOf(predDocids);
  }

  /** The terms and the sum, e.g. {@code 0.8316 (ndcg@10) + 0.2 × 1.0 (recall@10) + 0.1 × 0.75 (rbo) = …}. */
  public String explain() {
    return switch (outcome) {
      case NO_MATCH -> reward + " (no_match: no <think>…</think> <answer>…</answer> in the response)";
      case COUNT_MISMATCH -> reward + " (count_mismatch: answer has " + predIds.size() + " ids, "
          + predIds.stream().distinct().count() + " distinct; ground truth has " + labelIds.size() + " ids, "
          + labelIds.stream().distinct().count() + " distinct)";
      case INT_ERROR -> reward + " (int_error: int() refused an answer id in " + predIds + ")";
      case SCORED -> ndcgCut10 + " (ndcg@10) + " + MultiViewReward.RECALL_WEIGHT + " × " + recall10
          + " (recall@10) + " + MultiViewReward.RBO_WEIGHT + " × " + rbo + " (rbo) = " + reward
          + "; answer ids " + predIds + " → docids " + predDocids;
    };
  }

  @Override
  public String toString() {
    return "RewardResult[" + outcome.wireName() + ": " + explain() + "]";
  }
}
