/**
 * The Qwen2 decoder (Qwen2.5 is the same architecture) on DJL's PyTorch engine: its configuration, its weights under
 * Hugging Face tensor names, the forward pass with a KV cache, token log-probabilities over masked positions with a
 * chunked LM head, and checkpoints in the Hugging Face layout; and the libtorch runtime the decoder runs on
 * ({@link io.reasonrank.trainer.model.TorchRuntime}: the engine, threads, devices; a user-installed libtorch through
 * {@link io.reasonrank.trainer.model.LibtorchOverride}). See {@code docs/trainer.md}.
 */
package io.reasonrank.trainer.model;
