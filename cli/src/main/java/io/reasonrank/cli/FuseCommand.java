package io.reasonrank.cli;

import io.reasonrank.format.Run;
import io.reasonrank.format.TextFiles;
import io.reasonrank.format.TrecRuns;
import io.reasonrank.fusion.RunFusion;
import io.reasonrank.model.ScoredDoc;
import java.io.BufferedWriter;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code reasonrank fuse}: reciprocal rank fusion or min-max score interpolation of runs (docs/reference-behaviour.md §13.3). */
@Command(name = "fuse", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Fuse TREC runs into one (hybrid first stages): rrf = sum of 1/(k+rank); "
        + "interpolate = weighted sum of per-query min-max normalised scores (missing documents get 0).")
public final class FuseCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--method", required = true, description = "rrf or interpolate.")
  String method;

  @Option(names = {"-o", "--output"}, required = true, paramLabel = "RUN", description = "Fused run to write (.gz compresses).")
  Path output;

  @Option(names = "--k", defaultValue = "" + RunFusion.DEFAULT_RRF_K, description = "RRF constant. Default: ${DEFAULT-VALUE}.")
  int k;

  @Option(names = "--weights", split = ",", paramLabel = "W", description = "Interpolation weights, one per run (default: equal).")
  List<Double> weights = new ArrayList<>();

  @Option(names = "--depth", defaultValue = "1000", description = "Documents taken from each input run per query. Default: ${DEFAULT-VALUE}.")
  int depth;

  @Option(names = "--hits", defaultValue = "1000", description = "Documents written per query. Default: ${DEFAULT-VALUE}.")
  int hits;

  @Option(names = "--tag", defaultValue = "reasonrank-fused", description = "Run tag column. Default: ${DEFAULT-VALUE}.")
  String tag;

  @Parameters(arity = "1..*", paramLabel = "RUN", description = "Input TREC runs (at least 2).")
  List<Path> inputs = new ArrayList<>();

  @Override
  public Integer call() {
    OutputPaths.checkWritableFile("--output", output);
    if (inputs.size() < 2) throw new UserException("fuse needs at least 2 runs, got " + inputs.size());
    if (depth < 1 || hits < 1) throw new UserException("--depth and --hits must be >= 1");
    if (tag.isBlank() || tag.chars().anyMatch(Character::isWhitespace)) throw new UserException("--tag must be one word, got '" + tag + "'");
    List<Run> runs = new ArrayList<>();
    for (Path p : inputs) runs.add(TrecRuns.read(p).run());
    RunFusion.Limits limits = new RunFusion.Limits(depth, hits);
    Map<String, List<ScoredDoc>> fused = switch (method.toLowerCase(Locale.ROOT)) {
      case "rrf" -> {
        if (!weights.isEmpty()) throw new UserException("--weights applies to --method interpolate, not rrf");
        if (k < 0) throw new UserException("--k must be >= 0, got " + k);
        yield RunFusion.rrf(runs, k, limits);
      }
      case "interpolate" -> {
        if (!weights.isEmpty() && weights.size() != runs.size()) {
          throw new UserException("--weights needs one weight per run (" + runs.size() + "), got " + weights.size());
        }
        yield RunFusion.interpolate(runs, weights.isEmpty() ? RunFusion.equalWeights(runs.size()) : weights, limits);
      }
      default -> throw new UserException("--method must be rrf or interpolate, got '" + method + "'");
    };
    write(fused);
    long lines = fused.values().stream().mapToLong(List::size).sum();
    spec.commandLine().getErr().printf(Locale.ROOT, "reasonrank: fused %d runs (%s) into %s: %d queries, %d lines%n",
        runs.size(), method, output, fused.size(), lines);
    spec.commandLine().getErr().flush();
    return 0;
  }

  /**
   * Writes ranks 1..n in fused order with the scores' shortest exact decimal form: %.6f would round
   * distinct RRF sums (about 1/60 apart at most) into ties that trec_eval then reorders by docid.
   */
  private void write(Map<String, List<ScoredDoc>> fused) {
    try (BufferedWriter w = TextFiles.writer(output)) {
      for (Map.Entry<String, List<ScoredDoc>> e : fused.entrySet()) {
        int rank = 1;
        for (ScoredDoc d : e.getValue()) {
          w.append(e.getKey()).append(" Q0 ").append(d.docid()).append(' ').append(Integer.toString(rank++)).append(' ')
              .append(BigDecimal.valueOf(d.score()).toPlainString()).append(' ').append(tag).append('\n');
        }
      }
    } catch (IOException e) {
      throw TextFiles.unchecked(output, e);
    }
  }
}
