package io.reasonrank.cli;

import io.reasonrank.export.SftExporter;
import io.reasonrank.llm.tokenizer.HfTokenizer;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code reasonrank export-sft}: the SFT set in LLaMA-Factory's alpaca format with its dataset_info.json entry (docs/reference-behaviour.md §8). */
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

  @Option(names = "--dataset-name", defaultValue = SftExporter.DEFAULT_NAME, paramLabel = "NAME", description = "Dataset name in dataset_info.json. Default: ${DEFAULT-VALUE}.")
  String name;

  @Mixin PassageOptions passage;

  @Override
  public Integer call() {
    OutputPaths.checkWritableDirectory("--output-dir", outputDir);
    passage.validate();
    long t0 = System.nanoTime();
    try (HfTokenizer tok = passage.loadTokenizer()) {
      int n = new SftExporter(passage.translator(tok)).export(input, outputDir, name);
      spec.commandLine().getErr().printf("export-sft: %d examples in %.1f s -> %s (+ %s)%n", n, (System.nanoTime() - t0) / 1e9,
          outputDir.resolve(name + ".json"), outputDir.resolve(SftExporter.DATASET_INFO));
      spec.commandLine().getErr().flush();
    }
    return 0;
  }
}
