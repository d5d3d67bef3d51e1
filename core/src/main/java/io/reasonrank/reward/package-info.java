/**
 * ReasonRank's multi-view GRPO reward, bit-exact against the reference's {@code verl/verl/utils/reward_score/ranking.py}
 * (paper Eq. 5; docs/reference-behaviour.md §6, §6.1): {@link io.reasonrank.reward.MultiViewReward} sums nDCG@10, 0.2 Recall@10
 * ({@link io.reasonrank.reward.RankingMetrics}) and 0.1 RBO ({@link io.reasonrank.reward.Rbo}, rbo 0.1.3) into a
 * {@link io.reasonrank.reward.RewardResult}; inputs the reference raises on give a {@link io.reasonrank.reward.RewardException}.
 */
package io.reasonrank.reward;
