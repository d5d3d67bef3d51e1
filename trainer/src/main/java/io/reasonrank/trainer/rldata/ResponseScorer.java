package io.reasonrank.trainer.rldata;

import io.reasonrank.reward.MultiViewReward;
import io.reasonrank.reward.RewardResult;

/** The reward of one response to one row; {@link #MULTI_VIEW} is the paper's. */
@FunctionalInterface
public interface ResponseScorer {
  RewardResult score(String response, RlRow row);

  /** The multi-view reward (NDCG@10 + 0.2·Recall@10 + 0.1·RBO; −1 without the think/answer format). */
  ResponseScorer MULTI_VIEW = new ResponseScorer() {
    private final MultiViewReward reward = new MultiViewReward();

    @Override
    public RewardResult score(String response, RlRow row) {
      return reward.compute(response, row.groundTruth(), row.initialList(), row.finalList(), row.relevantDocids());
    }
  };
}
