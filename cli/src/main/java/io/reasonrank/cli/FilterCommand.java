package io.reasonrank.cli;

import io.reasonrank.format.TextFiles;
import io.reasonrank.synth.SelfConsistencyFilter;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code reasonrank filter}: the self-consistency filter of the synthesized training data (docs/reference-behaviour.md §9). */
@Command(
    name = "filter",
    mixinStandardHelpOptions = true,
    description = {
      "Keep training rows whose final_list reaches NDCG@10 >= --min-ndcg against relevant_docids as binary qrels",
      "(the paper's self-consistency filter, alpha = 0.4). Prints a per-dataset table."
    })
public final class FilterCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--input", required = true, paramLabel = "FILE", description = "training rows, JSONL (.gz allowed)")
  Path input;

  @Option(names = "--output", required = true, paramLabel = "FILE", description = "kept rows, unchanged (.gz allowed)")
  Path output;

  @Option(names = "--min-ndcg", defaultValue = "0.4", paramLabel = "ALPHA", description = "Keep NDCG@10 >= ALPHA. Default: ${DEFAULT-VALUE}.")
  double minNdcg;

  @Option(names = "--report", paramLabel = "FILE", description = "also write the table as Markdown")
  Path report;

  @Override
  public Integer call() throws IOException {
    OutputPaths.checkWritableFile("--output", output);
    OutputPaths.checkWritableFile("--report", report);
    OutputPaths.checkDistinct("--output", output, "--report", report);
    if (!(minNdcg >= 0 && minNdcg <= 1)) throw new UserException("--min-ndcg must be in [0, 1]: " + minNdcg);
    long t0 = System.nanoTime();
    SelfConsistencyFilter.Report r = new SelfConsistencyFilter(minNdcg).filter(input, output);
    String table = r.toMarkdown();
    spec.commandLine().getOut().print(table);
    spec.commandLine().getOut().flush();
    if (report != null) {
      try (BufferedWriter w = TextFiles.writer(report)) {
        w.write(table);
      }
    }
    spec.commandLine().getErr().printf("filter: kept %d of %d rows in %.1f s -> %s%n", r.all().kept(), r.all().total(),
        (System.nanoTime() - t0) / 1e9, output);
    spec.commandLine().getErr().flush();
    return 0;
  }
}
