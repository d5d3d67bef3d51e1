package io.reasonrank.trainer.rldata;

import io.reasonrank.reward.RewardOutcome;
import io.reasonrank.reward.RewardResult;
import java.util.List;

/**
 * The means of the rewards of some responses, as the GRPO log and validation report them: every mean is over all
 * responses, and a part (NDCG@10, Recall@10, RBO) counts 0 where a response was not scored (reward −1 without the
 * format, 0 with the wrong ids). {@code scored}, {@code noMatch} and {@code countMismatch} count the outcomes.
 */
public record RewardMeans(int count, int scored, int noMatch, int countMismatch, double reward, double ndcg, double recall, double rbo) {

  /** The means of {@code results} (summed in their order). */
  public static RewardMeans of(List<RewardResult> results) {
    int scored = 0, noMatch = 0, mismatch = 0;
    double reward = 0, ndcg = 0, recall = 0, rbo = 0;
    for (RewardResult r : results) {
      reward += r.reward();
      if (r.outcome() == RewardOutcome.SCORED) {
        scored++;
        ndcg += r.ndcgCut10();
        recall += r.recall10();
        rbo += r.rbo();
      }
      if (r.outcome() == RewardOutcome.NO_MATCH) noMatch++;
      if (r.outcome() == RewardOutcome.COUNT_MISMATCH) mismatch++;
    }
    int n = results.size();
    return new RewardMeans(n, scored, noMatch, mismatch, reward / n, ndcg / n, recall / n, rbo / n);
  }

  public double formatFailureRate() {
    return (double) noMatch / count;
  }

  public double countMismatchRate() {
    return (double) countMismatch / count;
  }
}
