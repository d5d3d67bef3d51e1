package io.reasonrank.cli;

import io.reasonrank.llm.tokenizer.HfTokenizer;
import io.reasonrank.prompt.PromptMode;
import java.nio.file.Path;

/**
 * The tokenizer of the {@code --tokenizer} option: a given tokenizer.json (or its folder), else the bundled tokenizer
 * of the checkpoint the prompt mode is for (Qwen2.5 for reasonrank-7B/32B, Qwen3 for reasonrank-8B).
 */
final class TokenizerOption {
  private TokenizerOption() {}

  static HfTokenizer load(Path path, PromptMode mode) {
    return path == null ? HfTokenizer.forMode(mode) : HfTokenizer.load(path);
  }
}
