/**
 * GRPO (Shao et al. 2024, DeepSeekMath) as ReasonRank's RL stage runs it in verl: G sampled responses per prompt,
 * the multi-view ranking reward, advantages normalised within each group, the clipped (and dual-clipped) policy
 * ratio, and the low-variance KL estimator (k3) to the frozen reference policy as a loss term, token-mean
 * aggregated; the paper's coefficients are the defaults.
 */
package io.reasonrank.trainer.grpo;
