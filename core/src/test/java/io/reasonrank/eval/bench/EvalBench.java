package io.reasonrank.eval.bench;

import io.reasonrank.eval.Evaluation;
import io.reasonrank.eval.Evaluator;
import io.reasonrank.eval.Measures;
import io.reasonrank.eval.TrecOrder.ScorePrecision;
import io.reasonrank.format.Qrels;
import io.reasonrank.format.Run;
import io.reasonrank.format.TrecRuns;
import io.reasonrank.model.ScoredDoc;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Benchmark and report (not a test): the 12 BRIGHT ReasonIR first-stage evaluations (values for the
 * reproduction YAMLs) and evaluation speed on a big run, all 12 runs merged (1,384 queries × 100)
 * and repeated. Usage: {@code java -cp core/target/classes:core/target/test-classes
 * io.reasonrank.eval.bench.EvalBench ../shared/data}.
 */
public final class EvalBench {
  static final String[] TASKS = {"biology", "earth_science", "economics", "psychology", "robotics", "stackoverflow",
      "sustainable_living", "leetcode", "pony", "aops", "theoremqa_questions", "theoremqa_theorems"};

  public static void main(String[] args) {
    Path data = Path.of(args.length > 0 ? args[0] : "../shared/data");
    Evaluator ev = Evaluator.pytrecEval(Measures.defaults());
    Evaluator evD = new Evaluator(Measures.defaults(), 1, ScorePrecision.DOUBLE, false);
    Map<String, List<ScoredDoc>> merged = new LinkedHashMap<>();
    Map<String, Map<String, Integer>> mergedQrels = new LinkedHashMap<>();
    for (String t : TASKS) {
      Qrels q = Qrels.read(data.resolve("anserini-tools/bright/qrels/qrels.bright-" + t.replace('_', '-') + ".txt"));
      Run r = TrecRuns.read(data.resolve("reasonrank-runs/" + t + ".txt")).run();
      Evaluation e = ev.evaluate(q, r);
      Evaluation d = evD.evaluate(q, r);
      System.out.printf(Locale.ROOT, "%-20s q=%3d ndcg_cut_10=%.6f ndcg_cut_5=%.6f recall_100=%.6f map=%.6f recip_rank=%.6f (double: ndcg_cut_10=%.6f)%n",
          t, e.queryCount(), e.mean("ndcg_cut_10"), e.mean("ndcg_cut_5"), e.mean("recall_100"), e.mean("map"), e.mean("recip_rank"),
          d.mean("ndcg_cut_10"));
      r.asMap().forEach((qid, hits) -> merged.put(t + ":" + qid, hits));
      q.asMap().forEach((qid, j) -> mergedQrels.put(t + ":" + qid, j));
    }
    Run big = new Run(merged);
    Qrels bigQ = new Qrels(mergedQrels);
    for (int warm = 0; warm < 30; warm++) ev.evaluate(bigQ, big);
    int reps = 50;
    long t0 = System.nanoTime();
    for (int i = 0; i < reps; i++) ev.evaluate(bigQ, big);
    double s = (System.nanoTime() - t0) / 1e9;
    System.out.printf(Locale.ROOT, "evaluate: %d queries x %d reps, %d lines each, 15 measures: %.3f s, %.0f queries/s%n",
        big.size(), reps, big.lineCount(), s, big.size() * reps / s);
    List<Path> files = new ArrayList<>();
    for (String t : TASKS) files.add(data.resolve("reasonrank-runs/" + t + ".txt"));
    t0 = System.nanoTime();
    long lines = 0;
    for (int i = 0; i < 5; i++) for (Path f : files) lines += TrecRuns.read(f).run().lineCount();
    s = (System.nanoTime() - t0) / 1e9;
    System.out.printf(Locale.ROOT, "read runs: %d lines in %.3f s, %.0f lines/s%n", lines, s, lines / s);
  }
}
