package io.reasonrank.rewardserver;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reasonrank.reward.MultiViewReward;
import io.reasonrank.reward.RewardResult;

/**
 * The JSON result row of the reward CLI and server: {@code {"reward", "ndcg_cut_10", "recall_10", "rbo"}},
 * components {@code null} where the reference returns before computing them. Doubles are written in their
 * shortest round-trip form, which is also Python's {@code repr}, so a Python client reads back the exact bits.
 */
public final class RewardJson {
  private RewardJson() {}

  private static final MultiViewReward REWARD = new MultiViewReward();

  /** Scores one call; a {@link io.reasonrank.reward.RewardException} (the reference would raise) propagates. */
  public static RewardResult score(RewardCall call) {
    return REWARD.compute(call.solutionStr(), call.groundTruth(), call.initialList(), call.finalList(), call.relevantDocids());
  }

  public static ObjectNode toJson(RewardResult r) {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("reward", r.reward());
    o.put("ndcg_cut_10", r.ndcgCut10());
    o.put("recall_10", r.recall10());
    o.put("rbo", r.rbo());
    return o;
  }
}
