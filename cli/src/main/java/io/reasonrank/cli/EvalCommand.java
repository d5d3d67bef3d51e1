package io.reasonrank.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reasonrank.compare.RunComparison;
import io.reasonrank.eval.Evaluation;
import io.reasonrank.eval.Evaluator;
import io.reasonrank.eval.JudgedRanking;
import io.reasonrank.eval.Measures;
import io.reasonrank.eval.Metric;
import io.reasonrank.eval.NdcgCut;
import io.reasonrank.eval.TrecEvalFormat;
import io.reasonrank.eval.TrecOrder.ScorePrecision;
import io.reasonrank.format.InputException;
import io.reasonrank.format.Qrels;
import io.reasonrank.format.TrecRuns;
import io.reasonrank.io.Json;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code reasonrank eval}: trec_eval-exact evaluation of one run, or a side-by-side comparison with
 * significance tests of several (docs/reference-behaviour.md §5.4, §13.1, §13.2).
 */
@Command(name = "eval", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
      "Evaluate TREC runs exactly as trec_eval 9/10 and pytrec_eval 0.5 do (ties: score desc, then docid desc).",
      "One --run prints trec_eval's layout; several print a runs x measures table with paired t-test, Wilcoxon "
          + "signed-rank and randomization p-values against the first run, and per-query wins/ties/losses."})
public final class EvalCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--qrels", required = true, paramLabel = "QRELS", description = "TREC qrels (qid iter docid rel).")
  Path qrels;

  @Option(names = "--run", required = true, paramLabel = "RUN", description = "TREC run; repeat to compare runs (the first is the baseline).")
  List<Path> runs = new ArrayList<>();

  @Option(names = {"-m", "--measure"}, paramLabel = "MEASURE",
      description = "trec_eval measure: map, recip_rank, P.k, recall.k, ndcg_cut.k (cutoff lists like P.5,10). Repeatable. "
          + "Default: ndcg_cut.1,5,10,20,50,100 recall.5,10,20,100 map recip_rank P.1,5,10.")
  List<String> measures = new ArrayList<>();

  @Option(names = "-q", description = "Also print per-query values (trec_eval -q layout), one run only.")
  boolean perQuery;

  @Option(names = "-c", description = "Average over all judged queries, counting those without a run line as 0 (trec_eval -c).")
  boolean averageComplete;

  @Option(names = {"-l", "--relevance-level"}, defaultValue = "1", description = "Lowest grade that counts as relevant. Default: ${DEFAULT-VALUE}.")
  int relevanceLevel;

  @Option(names = "--score-precision", defaultValue = "float",
      description = "float: scores held as C float before sorting (pytrec_eval 0.5, trec_eval <= 9.0.7; default); double: trec_eval >= 9.0.8.")
  String scorePrecision;

  @Option(names = "--json", description = "Print per-query and aggregate values (and the comparison) as JSON.")
  boolean json;

  @Option(names = "--format", defaultValue = "text", description = "Comparison table format: text, markdown or csv. Default: ${DEFAULT-VALUE}.")
  String format;

  @Option(names = "--permutations", defaultValue = "10000", description = "Randomization test trials. Default: ${DEFAULT-VALUE}.")
  int permutations;

  @Option(names = "--seed", defaultValue = "42", description = "Randomization test seed. Default: ${DEFAULT-VALUE}.")
  long seed;

  @Option(names = "--explain", paramLabel = "QID", description = "Print the nDCG gains and discounts of one query (nDCG@10, or the first ndcg_cut measure when -m names no ndcg_cut.10).")
  String explainQuery;

  @Override
  public Integer call() throws Exception {
    List<Metric> metrics = measures.isEmpty() ? Measures.defaults() : Measures.parse(measures);
    ScorePrecision precision = switch (scorePrecision.toLowerCase(Locale.ROOT)) {
      case "float" -> ScorePrecision.FLOAT;
      case "double" -> ScorePrecision.DOUBLE;
      default -> throw new UserException("--score-precision must be float or double, got '" + scorePrecision + "'");
    };
    if (!List.of("text", "markdown", "csv").contains(format)) throw new UserException("--format must be text, markdown or csv, got '" + format + "'");
    if (perQuery && runs.size() > 1) throw new UserException("-q prints one run; give a single --run");
    if (relevanceLevel < 1) throw new UserException("--relevance-level must be >= 1, got " + relevanceLevel);
    if (permutations < 1) throw new UserException("--permutations must be >= 1, got " + permutations);
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();

    Qrels q = Qrels.read(qrels);
    Evaluator evaluator = new Evaluator(metrics, relevanceLevel, precision, averageComplete);
    List<RunComparison.Named> evaluated = new ArrayList<>();
    for (Path runFile : runs) {
      TrecRuns.Loaded loaded = TrecRuns.read(runFile);
      Evaluation e;
      try {
        e = evaluator.evaluate(q, loaded.run());
      } catch (InputException ex) {
        throw new InputException(runFile + " vs " + qrels + ": " + ex.getMessage());
      }
      notes(err, runFile, loaded, e);
      evaluated.add(new RunComparison.Named(name(runFile, evaluated), e));
      if (explainQuery != null) explain(err, evaluator, q, loaded, metrics, runFile);
    }

    if (evaluated.size() == 1) {
      Evaluation e = evaluated.get(0).evaluation();
      if (json) out.print(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(runJson(runs.get(0), e)) + "\n");
      else out.print(TrecEvalFormat.format(e, perQuery));
      out.flush();
      return 0;
    }
    RunComparison c = RunComparison.compare(evaluated, permutations, seed);
    if (json) {
      ObjectNode root = Json.MAPPER.createObjectNode();
      root.put("qrels", qrels.toString());
      ArrayNode arr = root.putArray("runs");
      for (int i = 0; i < evaluated.size(); i++) arr.add(runJson(runs.get(i), evaluated.get(i).evaluation()));
      ArrayNode cmp = root.putArray("comparison");
      root.put("baseline", evaluated.get(0).name());
      root.put("queries", c.queries().size());
      for (RunComparison.Cell cell : c.cells()) {
        ObjectNode o = cmp.addObject().put("run", cell.run()).put("measure", cell.measure()).put("mean", cell.mean())
            .put("delta", cell.delta());
        if (cell.wtl() != null) {
          // scipy's NaN (identical runs) as JSON null: NaN is not JSON
          putP(o, "p_ttest", cell.pTTest());
          putP(o, "p_wilcoxon", cell.pWilcoxon());
          putP(o, "p_randomization", cell.pRandomization());
          o.put("wins", cell.wtl().wins()).put("ties", cell.wtl().ties()).put("losses", cell.wtl().losses());
        }
      }
      out.print(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n");
    } else {
      out.print(switch (format) {
        case "markdown" -> c.toMarkdown();
        case "csv" -> c.toCsv();
        default -> c.toText();
      });
    }
    out.flush();
    return 0;
  }

  private static String name(Path runFile, List<RunComparison.Named> sofar) {
    String n = runFile.getFileName().toString();
    for (RunComparison.Named r : sofar) if (r.name().equals(n)) return runFile.toString();
    return n;
  }

  private void notes(PrintWriter err, Path runFile, TrecRuns.Loaded loaded, Evaluation e) {
    if (loaded.skippedLines() > 0) {
      err.println("reasonrank: note: " + runFile + ": skipped " + loaded.skippedLines() + " line(s) with more than 6 fields (docids with spaces)");
    }
    if (!e.skippedRunQueries().isEmpty()) {
      err.println("reasonrank: note: " + runFile + ": " + e.skippedRunQueries().size() + " run query(ies) have no qrels and are skipped, e.g. '"
          + e.skippedRunQueries().get(0) + "'");
    }
    if (!e.missingJudgedQueries().isEmpty()) {
      err.println("reasonrank: note: " + runFile + ": " + e.missingJudgedQueries().size() + " judged query(ies) have no run line and are "
          + (averageComplete ? "counted as 0 (-c)" : "ignored (use -c to count them as 0)") + ", e.g. '" + e.missingJudgedQueries().get(0) + "'");
    }
    err.flush();
  }

  private void explain(PrintWriter err, Evaluator evaluator, Qrels q, TrecRuns.Loaded loaded, List<Metric> metrics, Path runFile) {
    // nDCG@10 unless the measures name other cutoffs only (the default measures start with ndcg_cut_1)
    List<NdcgCut> cuts = metrics.stream().filter(m -> m instanceof NdcgCut).map(m -> (NdcgCut) m).toList();
    NdcgCut n = cuts.stream().filter(c -> c.k() == 10).findFirst().orElse(cuts.isEmpty() ? new NdcgCut(10) : cuts.getFirst());
    if (!q.contains(explainQuery) || !loaded.run().asMap().containsKey(explainQuery)) {
      throw new InputException("--explain " + explainQuery + ": query not in both " + runFile + " and the qrels");
    }
    JudgedRanking r = evaluator.judge(loaded.run().hits(explainQuery), q.judgments(explainQuery));
    err.printf(Locale.ROOT, "%s qid %s: %s = DCG/IDCG, gain = rel, discount = log2(rank+1)%n", runFile, explainQuery, n.name());
    err.printf(Locale.ROOT, "%5s %4s %9s %10s %6s %10s%n", "rank", "rel", "discount", "DCG", "ideal", "IDCG");
    for (NdcgCut.Step s : n.explain(r)) {
      err.printf(Locale.ROOT, "%5d %4s %9.4f %10.6f %6d %10.6f%n", s.rank(), s.rel() < 0 ? "-" : Integer.toString(s.rel()),
          s.discount(), s.cumulativeDcg(), s.idealGain(), s.cumulativeIdcg());
    }
    err.printf(Locale.ROOT, "%s = %.6f%n", n.name(), n.compute(r));
    err.flush();
  }

  private static ObjectNode runJson(Path runFile, Evaluation e) {
    ObjectNode o = Json.MAPPER.createObjectNode();
    o.put("run", runFile.toString());
    o.put("queries", e.queryCount());
    o.put("divisor", e.divisor());
    ObjectNode all = o.putObject("all");
    for (int i = 0; i < e.metrics().size(); i++) all.put(e.metrics().get(i).name(), e.means()[i]);
    ObjectNode pq = o.putObject("per_query");
    for (Map.Entry<String, double[]> q : e.perQuery().entrySet()) {
      ObjectNode qo = pq.putObject(q.getKey());
      for (int i = 0; i < e.metrics().size(); i++) qo.put(e.metrics().get(i).name(), q.getValue()[i]);
    }
    return o;
  }

  private static void putP(ObjectNode o, String field, double p) {
    if (Double.isNaN(p)) o.putNull(field);
    else o.put(field, p);
  }
}
