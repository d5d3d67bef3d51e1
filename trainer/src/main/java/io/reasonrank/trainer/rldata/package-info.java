/**
 * The RL set as {@code export-rl} and {@code train windows} write it (verl rows: the chat turns, the ground truth and
 * the lists the multi-view reward needs), and the reward of a response to a row: what GRPO trains on and what
 * validation scores.
 */
package io.reasonrank.trainer.rldata;
