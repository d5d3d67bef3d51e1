package io.reasonrank.cli;

import io.reasonrank.llm.tokenizer.HfTokenizer;
import java.nio.file.Path;

/** The tokenizer of the {@code --tokenizer} option: the bundled Qwen2.5 one unless a tokenizer.json (or its folder) is given. */
final class TokenizerOption {
  private TokenizerOption() {}

  static HfTokenizer load(Path path) {
    return path == null ? HfTokenizer.qwenDefault() : HfTokenizer.load(path);
  }
}
