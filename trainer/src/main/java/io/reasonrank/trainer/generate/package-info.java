/** Autoregressive generation with a KV cache: greedy, or temperature and top-p (nucleus) sampling from a seed. */
package io.reasonrank.trainer.generate;
