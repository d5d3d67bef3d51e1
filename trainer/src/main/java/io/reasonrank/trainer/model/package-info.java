/**
 * The Qwen2 decoder (Qwen2.5 is the same architecture) on DJL's PyTorch engine: its configuration, its weights under
 * Hugging Face tensor names, the forward pass with a KV cache, token log-probabilities over masked positions with a
 * chunked LM head, and checkpoints in the Hugging Face layout. See {@code docs/trainer.md}.
 */
package io.reasonrank.trainer.model;
