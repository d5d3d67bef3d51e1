package io.reasonrank.cli;

import io.reasonrank.format.InputException;
import io.reasonrank.format.Qrels;
import io.reasonrank.io.RankLlmResults;
import io.reasonrank.llm.tokenizer.HfTokenizer;
import io.reasonrank.model.RerankRequest;
import io.reasonrank.synth.TrainingExample;
import io.reasonrank.trainer.windows.QrelsWindowBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code reasonrank train windows}: qrels-labelled listwise windows in the SFT and RL export formats (docs/trainer.md). */
@Command(name = "windows", mixinStandardHelpOptions = true,
    description = {"Build listwise training windows from a rank_llm retrieve-results JSON and TREC qrels (no teacher):",
        "the target ranking is the qrels order, the reasoning a short template. Writes DIR/rows.jsonl, DIR/sft/",
        "(LLaMA-Factory, for train sft), DIR/rl.parquet and DIR/rl.jsonl (verl, for train grpo and train generate)."})
final class TrainWindowsCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--results", required = true, paramLabel = "FILE.json", description = "rank_llm retrieve results with passage text")
  Path results;

  @Option(names = "--qrels", required = true, paramLabel = "FILE")
  Path qrels;

  @Option(names = "--output-dir", required = true, paramLabel = "DIR")
  Path outputDir;

  @Option(names = "--window", defaultValue = "20", paramLabel = "N", description = "passages per window (default ${DEFAULT-VALUE})")
  int window;

  @Option(names = "--step", paramLabel = "N", description = "offset between window starts (default: the window size)")
  Integer step;

  @Option(names = "--top", defaultValue = "100", paramLabel = "K", description = "candidates per query windows cover (default ${DEFAULT-VALUE})")
  int top;

  @Option(names = "--skip", defaultValue = "0", paramLabel = "N",
      description = "top candidates no window covers: windows start at rank N + 1 (default ${DEFAULT-VALUE}; --skip 60 --top 100 "
          + "leaves out the windows of --top 60, for a validation set)")
  int skip;

  @Option(names = "--min-relevance", defaultValue = "2", paramLabel = "G", description = "qrels grade that counts as relevant (default ${DEFAULT-VALUE})")
  int minRelevance;

  @Option(names = "--min-relevant", defaultValue = "0", paramLabel = "N",
      description = "keep only windows with at least N relevant passages (default ${DEFAULT-VALUE}: all)")
  int minRelevant;

  @Option(names = "--shuffled-copies", defaultValue = "0", paramLabel = "N",
      description = "add N copies of each window with its passages in a seeded random order (RankZephyr's input-order augmentation; default ${DEFAULT-VALUE})")
  int shuffledCopies;

  @Option(names = "--seed", defaultValue = "0", description = "seed of the shuffled copies (default ${DEFAULT-VALUE})")
  long seed;

  @Option(names = "--dataset", defaultValue = "qrels", description = "the rows' dataset name (default ${DEFAULT-VALUE})")
  String dataset;

  @Mixin PassageOptions passage;

  @Override
  public Integer call() {
    passage.validate();
    OutputPaths.checkWritableDirectory("--output-dir", outputDir);
    QrelsWindowBuilder builder;
    try {
      builder = new QrelsWindowBuilder(window, step == null ? window : step, top, minRelevance, minRelevant, shuffledCopies, seed, skip);
    } catch (IllegalArgumentException e) {
      throw new UserException(e.getMessage());
    }
    if (!Files.isRegularFile(results)) throw new InputException(results + ": no such file");
    if (!Files.isRegularFile(qrels)) throw new InputException(qrels + ": no such file");
    long t0 = System.nanoTime();
    List<RerankRequest> requests = RankLlmResults.read(results);
    List<TrainingExample> rows = builder.build(requests, Qrels.read(qrels), dataset);
    if (rows.isEmpty()) throw new UserException("no windows: no query of " + results + " is judged in " + qrels + " with enough candidates");
    QrelsWindowBuilder.Summary s;
    try (HfTokenizer tok = passage.loadTokenizer()) {
      s = QrelsWindowBuilder.write(rows, passage.translator(tok), outputDir);
    }
    spec.commandLine().getErr().printf("train windows: %d windows (%d with a relevant passage) of %d queries in %.1f s -> %s%n",
        s.windows(), s.withRelevant(), s.queries(), (System.nanoTime() - t0) / 1e9, outputDir);
    return 0;
  }
}
