package io.reasonrank.reproduce;

import io.reasonrank.eval.Evaluation;
import io.reasonrank.eval.Evaluator;
import io.reasonrank.eval.Measures;
import io.reasonrank.eval.Metric;
import io.reasonrank.eval.TrecOrder.ScorePrecision;
import io.reasonrank.format.InputException;
import io.reasonrank.format.Qrels;
import io.reasonrank.format.TrecRuns;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Runs a {@link Reproduction}: its steps through a CLI entry point (in process), then evaluates its
 * run and judges every expected measure OK / OKish / FAIL.
 */
public final class ReproductionRunner {
  private final Function<String[], Integer> cli;

  /** @param cli runs one {@code reasonrank} argument list and returns its exit code */
  public ReproductionRunner(Function<String[], Integer> cli) {
    this.cli = cli;
  }

  /** One expected measure's outcome. */
  public record Check(String measure, double expected, double actual, Reproduction.Status status) {}

  /**
   * A reproduction's outcome: its checks, or the error that stopped it (then it counts as FAIL), or why it was
   * skipped ({@code skipped}: it needs a variable only the user can give, e.g. the URL of a server it talks to).
   */
  public record Outcome(Reproduction reproduction, List<Check> checks, String error, String skipped) {
    public Outcome(Reproduction reproduction, List<Check> checks, String error) {
      this(reproduction, checks, error, null);
    }

    public boolean failed() {
      return error != null || checks.stream().anyMatch(c -> c.status() == Reproduction.Status.FAIL);
    }
  }

  /**
   * Runs {@code r}. A reproduction whose steps use a variable that {@code vars} lacks (other than the built-in
   * {@code data}, {@code work} and {@code name}, which the command always defines) is skipped, not failed: it names
   * what to {@code --set}.
   */
  public Outcome run(Reproduction r, Map<String, String> vars) {
    String where = "reproduction " + r.name();
    List<String> missing = new ArrayList<>();
    for (List<String> step : r.steps()) {
      for (String a : step) {
        for (String v : Reproductions.missingVariables(a, vars)) if (!missing.contains(v)) missing.add(v);
      }
    }
    if (!missing.isEmpty()) {
      return new Outcome(r, List.of(), null, "needs " + String.join(" ", missing.stream().map(v -> "--set " + v + "=...").toList()));
    }
    try {
      int i = 0;
      for (List<String> step : r.steps()) {
        i++;
        List<String> args = Reproductions.substituteAll(step, vars, where + " step " + i);
        int code = cli.apply(args.toArray(String[]::new));
        if (code != 0) return new Outcome(r, List.of(), "step " + i + " (reasonrank " + String.join(" ", args) + ") exited with " + code);
      }
      Path run = Path.of(Reproductions.substitute(r.run(), vars, where + " run"));
      Path qrels = Path.of(Reproductions.substitute(r.qrels(), vars, where + " qrels"));
      List<String> names = new ArrayList<>(r.expected().keySet());
      List<Metric> metrics = new ArrayList<>();
      for (String n : names) {
        List<Metric> parsed = Measures.parse(n);
        if (parsed.size() != 1) throw new InputException(where + ": expected measure '" + n + "' must name one value (one cutoff)");
        metrics.add(parsed.get(0));
      }
      ScorePrecision precision = switch (r.scorePrecision().toLowerCase(Locale.ROOT)) {
        case "float" -> ScorePrecision.FLOAT;
        case "double" -> ScorePrecision.DOUBLE;
        default -> throw new InputException(where + ": score_precision must be float or double, got '" + r.scorePrecision() + "'");
      };
      Evaluation e = new Evaluator(metrics, r.relevanceLevel(), precision, false).evaluate(Qrels.read(qrels), TrecRuns.read(run).run());
      List<Check> checks = new ArrayList<>();
      for (int m = 0; m < names.size(); m++) {
        double expected = r.expected().get(names.get(m));
        double actual = e.means()[m];
        checks.add(new Check(names.get(m), expected, actual, r.judge(expected, actual)));
      }
      return new Outcome(r, checks, null);
    } catch (InputException ex) {
      return new Outcome(r, List.of(), ex.getMessage());
    }
  }
}
