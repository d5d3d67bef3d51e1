#!/usr/bin/env bash
# ReasonRank-7B GRPO with verl 0.4.0 (docs/reference-behaviour.md §7; reference: verl/train_grpo.sh of 8421BCD/ReasonRank@06721fd).
# Data: `reasonrank export-rl --input rows.jsonl --output $DATA_DIR/train.parquet` (also writes val.parquet).
# Reward: the reference's verl dispatches data_source 'ranking' to ranking.py; with stock verl point
# custom_reward_function at the reasonrank reward-server client of docs/verl-reward.md (REWARD_PY below).
# [paper] "trained for 200 steps on 8 A800", while 1 epoch of ~6.77k rows at batch 16 is ~420 steps (docs/reference-behaviour.md §7):
# set trainer.total_training_steps=200 to follow the paper instead of the script.
# Values not in the reference are marked "ours"; everything else is the table of docs/reference-behaviour.md §7. Edit freely.
set -euo pipefail

MODEL_PATH=${MODEL_PATH:-saves/reasonrank-7b/full/sft}   # the SFT model (ours: path)
DATA_DIR=${DATA_DIR:-data/reasonrank_rl}                  # ours
REWARD_PY=${REWARD_PY:-reasonrank_reward.py}              # docs/verl-reward.md
EXPERIMENT=${EXPERIMENT:-reasonrank-7b-grpo}              # ours

python3 -m verl.trainer.main_ppo \
  algorithm.adv_estimator=grpo \
  algorithm.norm_adv_by_std_in_grpo=True \
  algorithm.use_kl_in_reward=False \
  data.train_files="$DATA_DIR/train.parquet" \
  data.val_files="$DATA_DIR/val.parquet" \
  data.train_batch_size=16 \
  data.max_prompt_length=20480 \
  data.max_response_length=3072 \
  data.filter_overlong_prompts=True \
  data.truncation='error' \
  actor_rollout_ref.model.path="$MODEL_PATH" \
  actor_rollout_ref.actor.optim.lr=1e-6 \
  actor_rollout_ref.actor.optim.lr_warmup_steps_ratio=0 \
  actor_rollout_ref.actor.optim.weight_decay=0.01 \
  actor_rollout_ref.actor.grad_clip=1.0 \
  actor_rollout_ref.actor.ppo_mini_batch_size=8 \
  actor_rollout_ref.actor.ppo_micro_batch_size_per_gpu=1 \
  actor_rollout_ref.actor.ppo_epochs=1 \
  actor_rollout_ref.actor.clip_ratio_low=0.2 \
  actor_rollout_ref.actor.clip_ratio_high=0.2 \
  actor_rollout_ref.actor.clip_ratio_c=3.0 \
  actor_rollout_ref.actor.loss_agg_mode=token-mean \
  actor_rollout_ref.actor.entropy_coeff=0 \
  actor_rollout_ref.actor.use_kl_loss=True \
  actor_rollout_ref.actor.kl_loss_coef=0.001 \
  actor_rollout_ref.actor.kl_loss_type=low_var_kl \
  actor_rollout_ref.rollout.name=vllm \
  actor_rollout_ref.rollout.n=8 \
  actor_rollout_ref.rollout.temperature=1.0 \
  actor_rollout_ref.rollout.top_p=1 \
  actor_rollout_ref.rollout.top_k=-1 \
  actor_rollout_ref.rollout.tensor_model_parallel_size=1 \
  actor_rollout_ref.rollout.gpu_memory_utilization=0.5 \
  actor_rollout_ref.rollout.max_num_batched_tokens=23552 \
  actor_rollout_ref.rollout.log_prob_micro_batch_size_per_gpu=1 \
  actor_rollout_ref.rollout.val_kwargs.temperature=0 \
  actor_rollout_ref.rollout.val_kwargs.n=1 \
  actor_rollout_ref.rollout.val_kwargs.do_sample=False \
  actor_rollout_ref.ref.log_prob_micro_batch_size_per_gpu=1 \
  actor_rollout_ref.ref.fsdp_config.param_offload=True \
  custom_reward_function.path="$REWARD_PY" \
  custom_reward_function.name=compute_score \
  trainer.logger='["console"]' \
  trainer.project_name=reasonrank \
  trainer.experiment_name="$EXPERIMENT" \
  trainer.n_gpus_per_node=8 \
  trainer.nnodes=1 \
  trainer.save_freq=25 \
  trainer.test_freq=100 \
  trainer.total_epochs=1 \
  "$@"
# log_prob_micro_batch_size_per_gpu (rollout, ref), project/experiment names and the logger are ours.
