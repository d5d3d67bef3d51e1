/**
 * The multi-view reward as an HTTP service for verl's GRPO trainer (docs/reference-behaviour.md §6; {@code docs/verl-reward.md}):
 * {@link io.reasonrank.rewardserver.RewardServer} scores arrays of {@link io.reasonrank.rewardserver.RewardCall} rows and answers
 * in the JSON shape of {@link io.reasonrank.rewardserver.RewardJson}.
 */
package io.reasonrank.rewardserver;
