package io.reasonrank.cli;

import io.reasonrank.export.SftExporter;
import io.reasonrank.llm.tokenizer.HfTokenizer;
import io.reasonrank.prompt.ListwiseTranslator;
import io.reasonrank.prompt.PromptMode;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code reasonrank export-sft}: the SFT set in LLaMA-Factory's alpaca format with its dataset_info.json entry (spec §8). */
@Command(
    name = "export-sft",
    mixinStandardHelpOptions = true,
    description = {
      "Write training rows as LLaMA-Factory alpaca JSON [{instruction, output, system}] (the ReasonRank prompt,",
      "<think>reasoning</think>\\n<answer>[a] > [b] > ...</answer>) plus the dataset_info.json entry (merged if present)."
    })
public final class ExportSftCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--input", required = true, paramLabel = "FILE", description = "training rows, JSONL (.gz allowed)")
  Path input;

  @Option(names = "--output-dir", required = true, paramLabel = "DIR", description = "e.g. LLaMA-Factory/data")
  Path outputDir;

  @Option(names = "--dataset-name", defaultValue = SftExporter.DEFAULT_NAME, paramLabel = "NAME", description = "default: ${DEFAULT-VALUE}")
  String name;

  @Option(names = "--max-passage-tokens", defaultValue = "512", paramLabel = "N", description = "passage cut in Qwen tokens (default: ${DEFAULT-VALUE})")
  int maxPassageTokens;

  @Option(names = "--tokenizer", paramLabel = "PATH", description = "tokenizer.json or its folder (default: bundled Qwen2.5)")
  Path tokenizer;

  @Override
  public Integer call() {
    if (maxPassageTokens < 1) throw new UserException("--max-passage-tokens must be >= 1: " + maxPassageTokens);
    long t0 = System.nanoTime();
    try (HfTokenizer tok = TokenizerOption.load(tokenizer)) {
      int n = new SftExporter(new ListwiseTranslator(PromptMode.RANK_GPT_REASONING, tok, maxPassageTokens)).export(input, outputDir, name);
      spec.commandLine().getErr().printf("export-sft: %d examples in %.1f s -> %s (+ %s)%n", n, (System.nanoTime() - t0) / 1e9,
          outputDir.resolve(name + ".json"), outputDir.resolve(SftExporter.DATASET_INFO));
      spec.commandLine().getErr().flush();
    }
    return 0;
  }
}
