package io.reasonrank.compare;

import io.reasonrank.compare.SignificanceTests.WinsTiesLosses;
import io.reasonrank.eval.Evaluation;
import io.reasonrank.eval.Metric;
import io.reasonrank.format.InputException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Side-by-side comparison of runs evaluated with the same measures (docs/reference-behaviour.md §13.2): the mean of
 * each run on each measure and, for every run after the first, its paired tests against the first
 * (the baseline) and per-query wins/ties/losses. All runs are compared on the queries every run was
 * evaluated on, so the p-values are paired; {@link #droppedQueries()} says how many were left out.
 */
public final class RunComparison {
  /** One run's evaluation under a display name (the file name, usually). */
  public record Named(String name, Evaluation evaluation) {
    public Named {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(evaluation, "evaluation");
    }
  }

  /** One (run, measure) cell; for the baseline the delta is 0, the p-values NaN and {@code wtl} null. */
  public record Cell(String run, String measure, double mean, double delta, double pTTest, double pWilcoxon,
      double pRandomization, WinsTiesLosses wtl) {}

  /** Significance marker threshold of the means table (paired t-test). */
  public static final double ALPHA = 0.05;

  private final List<String> runs;
  private final List<String> measures;
  private final List<String> queries;
  private final int droppedQueries;
  private final List<Cell> cells;
  private final int permutations;
  private final long seed;

  private RunComparison(List<String> runs, List<String> measures, List<String> queries, int dropped, List<Cell> cells,
      int permutations, long seed) {
    this.runs = runs;
    this.measures = measures;
    this.queries = queries;
    this.droppedQueries = dropped;
    this.cells = cells;
    this.permutations = permutations;
    this.seed = seed;
  }

  public static RunComparison compare(List<Named> runs, int permutations, long seed) {
    if (runs.size() < 2) throw new IllegalArgumentException("a comparison needs at least 2 runs, got " + runs.size());
    List<String> measures = runs.get(0).evaluation().metrics().stream().map(Metric::name).toList();
    for (Named r : runs) {
      if (!r.evaluation().metrics().stream().map(Metric::name).toList().equals(measures)) {
        throw new IllegalArgumentException("runs were evaluated with different measures: " + r.name());
      }
    }
    Set<String> common = new LinkedHashSet<>(runs.get(0).evaluation().perQuery().keySet());
    Set<String> all = new LinkedHashSet<>(common);
    for (Named r : runs) {
      common.retainAll(r.evaluation().perQuery().keySet());
      all.addAll(r.evaluation().perQuery().keySet());
    }
    if (common.isEmpty()) throw new InputException("the runs have no evaluated query in common");
    List<String> queries = List.copyOf(common);

    List<Cell> cells = new ArrayList<>();
    for (int m = 0; m < measures.size(); m++) {
      double[] base = column(runs.get(0).evaluation(), queries, m);
      double baseMean = mean(base);
      cells.add(new Cell(runs.get(0).name(), measures.get(m), baseMean, 0, Double.NaN, Double.NaN, Double.NaN, null));
      for (int r = 1; r < runs.size(); r++) {
        double[] x = column(runs.get(r).evaluation(), queries, m);
        double mean = mean(x);
        cells.add(new Cell(runs.get(r).name(), measures.get(m), mean, mean - baseMean,
            SignificanceTests.pairedTTest(base, x), SignificanceTests.wilcoxonSignedRank(base, x),
            SignificanceTests.pairedRandomization(base, x, permutations, seed), SignificanceTests.winsTiesLosses(base, x)));
      }
    }
    return new RunComparison(runs.stream().map(Named::name).toList(), measures, queries, all.size() - queries.size(), cells,
        permutations, seed);
  }

  public List<Cell> cells() {
    return cells;
  }

  public Cell cell(String run, String measure) {
    for (Cell c : cells) if (c.run().equals(run) && c.measure().equals(measure)) return c;
    throw new IllegalArgumentException("no cell " + run + " / " + measure);
  }

  public List<String> queries() {
    return queries;
  }

  public int droppedQueries() {
    return droppedQueries;
  }

  /** Plain-text tables aligned with spaces. */
  public String toText() {
    return render(false);
  }

  /** GitHub-flavoured Markdown tables. */
  public String toMarkdown() {
    return render(true);
  }

  /** One row per (run, measure), with every number; for spreadsheets and plotting. */
  public String toCsv() {
    StringBuilder sb = new StringBuilder("run,measure,queries,mean,delta,p_ttest,p_wilcoxon,p_randomization,wins,ties,losses\n");
    for (Cell c : cells) {
      sb.append(csv(c.run())).append(',').append(c.measure()).append(',').append(queries.size()).append(',')
          .append(num(c.mean())).append(',').append(num(c.delta())).append(',').append(p(c.pTTest())).append(',')
          .append(p(c.pWilcoxon())).append(',').append(p(c.pRandomization())).append(',')
          .append(c.wtl() == null ? "" : c.wtl().wins()).append(',').append(c.wtl() == null ? "" : c.wtl().ties())
          .append(',').append(c.wtl() == null ? "" : c.wtl().losses()).append('\n');
    }
    return sb.toString();
  }

  private String render(boolean markdown) {
    StringBuilder sb = new StringBuilder();
    List<String> header = new ArrayList<>();
    header.add("run");
    header.addAll(measures);
    List<List<String>> rows = new ArrayList<>();
    for (String run : runs) {
      List<String> row = new ArrayList<>();
      row.add(run);
      for (String m : measures) {
        Cell c = cell(run, m);
        row.add(num(c.mean()) + (c.pTTest() < ALPHA ? "*" : ""));
      }
      rows.add(row);
    }
    sb.append(Tables.render(header, rows, markdown));
    sb.append('\n').append(String.format(Locale.ROOT,
        "%d queries%s; * = p < %.2f (paired t-test) against %s.%n", queries.size(),
        droppedQueries > 0 ? " common to all runs (" + droppedQueries + " not in every run left out)" : "",
        ALPHA, runs.get(0)));
    sb.append('\n');
    List<String> th = List.of("measure", "run", "mean", "delta", "p t-test", "p Wilcoxon", "p random.", "W/T/L");
    List<List<String>> tr = new ArrayList<>();
    for (String m : measures) {
      for (int r = 1; r < runs.size(); r++) {
        Cell c = cell(runs.get(r), m);
        tr.add(List.of(m, c.run(), num(c.mean()), signed(c.delta()), pOrNa(c.pTTest()), pOrNa(c.pWilcoxon()), p(c.pRandomization()),
            c.wtl().toString()));
      }
    }
    sb.append(Tables.render(th, tr, markdown));
    sb.append('\n').append(String.format(Locale.ROOT,
        "Tests are paired and two-sided against %s, as scipy 1.17's defaults: Student t (ttest_rel), Wilcoxon "
            + "signed-rank (wilcoxon: zeros dropped; exact for n <= %d without zeros or ties, every sign flip for n <= %d, "
            + "else normal with tie correction; n/a where no query differs), randomization (%d sign flips, seed %d). "
            + "W/T/L = queries where the run is above/equal to/below %s.%n",
        runs.get(0), SignificanceTests.WILCOXON_EXACT_MAX_N, SignificanceTests.WILCOXON_ENUMERATE_MAX_N, permutations, seed,
        runs.get(0)));
    return sb.toString();
  }

  private static double[] column(Evaluation e, List<String> queries, int m) {
    double[] out = new double[queries.size()];
    for (int i = 0; i < out.length; i++) out[i] = e.perQuery().get(queries.get(i))[m];
    return out;
  }

  private static double mean(double[] x) {
    double s = 0;
    for (double v : x) s += v;
    return s / x.length;
  }

  static String num(double v) {
    return String.format(Locale.ROOT, "%.4f", v);
  }

  static String signed(double v) {
    return String.format(Locale.ROOT, "%+.4f", v);
  }

  static String p(double v) {
    if (Double.isNaN(v)) return "";
    return v < 0.0001 ? String.format(Locale.ROOT, "%.1e", v) : String.format(Locale.ROOT, "%.4f", v);
  }

  /** A test's p-value in the tables: scipy's NaN (no difference to test) reads "n/a". */
  static String pOrNa(double v) {
    return Double.isNaN(v) ? "n/a" : p(v);
  }

  private static String csv(String s) {
    return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
  }
}
