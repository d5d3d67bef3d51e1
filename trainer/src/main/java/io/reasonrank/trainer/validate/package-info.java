/**
 * Validation during training, as verl runs it ({@code trainer.test_freq}, greedy with {@code val_kwargs.do_sample=False}):
 * a greedy reply to every held-out RL row, scored with the multi-view reward; the model with the highest mean reward
 * is kept, as the Hugging Face Trainer's {@code load_best_model_at_end} keeps the best by {@code metric_for_best_model}.
 */
package io.reasonrank.trainer.validate;
