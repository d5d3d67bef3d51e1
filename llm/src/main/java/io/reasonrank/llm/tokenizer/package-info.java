/**
 * The model's own Hugging Face tokenizer ({@link io.reasonrank.llm.tokenizer.HfTokenizer}, Rust tokenizers through DJL), for the
 * reference's Qwen-token passage truncation and token counts (docs/reference-behaviour.md §1.5, §1.8). The Qwen2.5 and Qwen3
 * tokenizers are bundled; the prompt mode picks its checkpoint's.
 */
package io.reasonrank.llm.tokenizer;
