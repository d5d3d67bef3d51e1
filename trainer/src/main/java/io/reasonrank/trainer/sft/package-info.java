/**
 * Supervised fine-tuning on the LLaMA-Factory alpaca export ({@code export-sft}): each example is rendered as the
 * reranker's prompt followed by the assistant turn, and the loss is the token-mean negative log-likelihood of the
 * assistant turn only, full fine-tuning or LoRA, with the paper's hyper-parameters as defaults.
 */
package io.reasonrank.trainer.sft;
