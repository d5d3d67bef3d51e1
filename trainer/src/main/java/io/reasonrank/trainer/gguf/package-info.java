/**
 * Export of a checkpoint to GGUF v3 for llama.cpp: architecture {@code qwen2}, the GPT-2 style BPE vocabulary and
 * merges of the checkpoint's {@code tokenizer.json}, matrices in F16 or F32, norms and biases in F32, named as
 * llama.cpp's {@code convert_hf_to_gguf.py} names them.
 */
package io.reasonrank.trainer.gguf;
