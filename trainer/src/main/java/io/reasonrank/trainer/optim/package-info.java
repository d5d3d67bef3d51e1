/**
 * Optimisation shared by SFT and GRPO: AdamW with decoupled weight decay (Loshchilov &amp; Hutter 2019, as
 * {@code torch.optim.AdamW}), the linear-warmup cosine schedule of transformers'
 * {@code get_cosine_schedule_with_warmup}, global-norm gradient clipping ({@code clip_grad_norm_}), and the training
 * state a checkpoint carries so a resumed run continues exactly.
 */
package io.reasonrank.trainer.optim;
