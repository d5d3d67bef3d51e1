package io.reasonrank.cli;

import io.reasonrank.export.RlExporter;
import io.reasonrank.llm.tokenizer.HfTokenizer;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code reasonrank export-rl}: the RL set as verl parquet (docs/reference-behaviour.md §6–§7). */
@Command(
    name = "export-rl",
    mixinStandardHelpOptions = true,
    description = {
      "Write training rows as verl parquet: data_source='ranking', prompt [system, user], ability, reward_model",
      "{style, ground_truth '[a] > [b] > ...'}, extra_info {index, initial_list, final_list, relevant_docids, split, dataset, qid}.",
      "A seeded random --val-fraction of the rows goes to --val-output."
    })
public final class ExportRlCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--input", required = true, paramLabel = "FILE", description = "training rows, JSONL (.gz allowed)")
  Path input;

  @Option(names = "--output", required = true, paramLabel = "FILE", description = "train parquet, e.g. train.parquet")
  Path output;

  @Option(names = "--val-output", paramLabel = "FILE", description = "validation parquet (default: val.parquet next to --output)")
  Path valOutput;

  @Option(names = "--val-fraction", defaultValue = "0.01", paramLabel = "F", description = "Share of rows for validation, in [0, 1). Default: ${DEFAULT-VALUE}.")
  double valFraction;

  @Option(names = "--seed", defaultValue = "42", paramLabel = "N", description = "Split seed. Default: ${DEFAULT-VALUE}.")
  long seed;

  @Mixin PassageOptions passage;

  @Override
  public Integer call() {
    if (!(valFraction >= 0 && valFraction < 1)) throw new UserException("--val-fraction must be in [0, 1): " + valFraction);
    passage.validate();
    Path val = valOutput != null ? valOutput : output.toAbsolutePath().resolveSibling("val.parquet");
    if (val.toAbsolutePath().equals(output.toAbsolutePath())) throw new UserException("--val-output must differ from --output: " + output);
    OutputPaths.checkWritableFile("--output", output);
    OutputPaths.checkWritableFile("--val-output", val);
    long t0 = System.nanoTime();
    try (HfTokenizer tok = passage.loadTokenizer()) {
      RlExporter.Summary s = new RlExporter(passage.translator(tok))
          .export(input, output, val, valFraction, seed);
      spec.commandLine().getErr().printf("export-rl: %d train rows -> %s, %d val rows%s in %.1f s%n", s.train(), output, s.val(),
          s.val() > 0 ? " -> " + val : "", (System.nanoTime() - t0) / 1e9);
      spec.commandLine().getErr().flush();
    }
    return 0;
  }
}
