package io.reasonrank.cli;

import io.reasonrank.llm.tokenizer.HfTokenizer;
import io.reasonrank.prompt.ListwiseTranslator;
import io.reasonrank.prompt.PromptMode;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * {@code --max-passage-tokens} and {@code --tokenizer} of the commands that render ReasonRank training prompts
 * ({@code synth}, {@code export-sft}, {@code export-rl}; a picocli mixin), declared once so that the windows a teacher
 * ranks and the prompts exported for training cut passages the same way by default.
 */
final class PassageOptions {
  @Option(names = "--max-passage-tokens", defaultValue = "512", paramLabel = "N", description = "Passage cut in Qwen tokens. Default: ${DEFAULT-VALUE}.")
  int maxPassageTokens;

  @Option(names = "--tokenizer", paramLabel = "PATH", description = "tokenizer.json or its folder (default: bundled Qwen2.5)")
  Path tokenizer;

  void validate() {
    if (maxPassageTokens < 1) throw new UserException("--max-passage-tokens must be >= 1: " + maxPassageTokens);
  }

  HfTokenizer loadTokenizer() {
    return TokenizerOption.load(tokenizer, PromptMode.RANK_GPT_REASONING);
  }

  /** The training prompt's translator ({@code rank_GPT_reasoning}) over {@code tok}. */
  ListwiseTranslator translator(HfTokenizer tok) {
    return new ListwiseTranslator(PromptMode.RANK_GPT_REASONING, tok, maxPassageTokens);
  }
}
