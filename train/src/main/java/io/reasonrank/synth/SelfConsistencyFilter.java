package io.reasonrank.synth;

import io.reasonrank.format.TextFiles;
import io.reasonrank.io.JsonLines;
import io.reasonrank.reward.RankingMetrics;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The self-consistency filter of ReasonRank's data synthesis (paper §4.1 and App. B.1, docs/reference-behaviour.md §9): DeepSeek-R1's
 * listwise ranking ({@code final_list}) is scored by NDCG@10 against R1's own pointwise positives
 * ({@code relevant_docids}) taken as binary qrels, and a row is kept iff {@code NDCG@10 ≥ α} (the paper removes
 * rows with NDCG@10 < α = 0.4, chosen by grid search over 0.1..0.7).
 *
 * <p>NDCG@10 follows trec_eval exactly ({@link RankingMetrics}): run {@code {docid: -(i+1)}} (a repeated docid
 * keeps its later rank), ideal DCG over all relevant ids, 0 when there are none. Kept rows are copied to the
 * output byte for byte.
 */
public final class SelfConsistencyFilter {

  /** α of the paper. */
  public static final double PAPER_MIN_NDCG = 0.4;

  private final double minNdcg;

  public SelfConsistencyFilter(double minNdcg) {
    if (!(minNdcg >= 0.0 && minNdcg <= 1.0)) throw new IllegalArgumentException("minNdcg must be in [0, 1]: " + minNdcg);
    this.minNdcg = minNdcg;
  }

  public double minNdcg() {
    return minNdcg;
  }

  /** NDCG@10 of R1's listwise ranking against R1's positives. */
  public static double ndcg(List<String> finalList, List<String> relevantDocids) {
    return RankingMetrics.ndcgCut10(finalList, relevantDocids);
  }

  public boolean keep(double ndcg) {
    return ndcg >= minNdcg;
  }

  /** Per-domain counts of one filter run. */
  public record DomainStats(String dataset, long total, long kept, double ndcgSum) {
    public double keptPercent() {
      return total == 0 ? 0.0 : 100.0 * kept / total;
    }

    public double meanNdcg() {
      return total == 0 ? 0.0 : ndcgSum / total;
    }

    DomainStats plus(boolean wasKept, double ndcg) {
      return new DomainStats(dataset, total + 1, kept + (wasKept ? 1 : 0), ndcgSum + ndcg);
    }
  }

  /** The filter's outcome: one line per {@code dataset} (sorted by name) and the total. */
  public record Report(double minNdcg, List<DomainStats> domains, DomainStats all) {
    public Report {
      domains = List.copyOf(domains);
    }

    /** A Markdown table: dataset, total, kept, kept %, mean NDCG@10 (over all rows of the domain). */
    public String toMarkdown() {
      StringBuilder b = new StringBuilder();
      b.append(String.format(Locale.ROOT, "Self-consistency filter: keep rows with NDCG@10 >= %s%n%n", minNdcg));
      b.append("| dataset | total | kept | kept % | mean NDCG@10 |\n|---|---:|---:|---:|---:|\n");
      for (DomainStats d : domains) row(b, d.dataset(), d);
      row(b, "**all**", all);
      return b.toString();
    }

    private static void row(StringBuilder b, String name, DomainStats d) {
      b.append(String.format(Locale.ROOT, "| %s | %d | %d | %.1f | %.4f |%n", name, d.total(), d.kept(), d.keptPercent(),
          d.meanNdcg()));
    }
  }

  /** Streams {@code input} (JSONL, .gz by extension), writes the kept rows unchanged to {@code output}. */
  public Report filter(Path input, Path output) {
    Map<String, DomainStats> byDomain = new TreeMap<>();
    DomainStats[] all = {new DomainStats("all", 0, 0, 0.0)};
    try (BufferedWriter out = TextFiles.writer(output)) {
      JsonLines.forEachRow(input, (row, line, lineNo) -> {
        String dataset = LabelFields.text(row, "dataset", input, lineNo);
        double ndcg = ndcg(LabelFields.ids(row, "final_list", input, lineNo),
            LabelFields.ids(row, "relevant_docids", input, lineNo));
        boolean kept = keep(ndcg);
        if (kept) {
          out.write(line);
          out.write('\n');
        }
        byDomain.merge(dataset, new DomainStats(dataset, 0, 0, 0.0).plus(kept, ndcg),
            (a, b) -> new DomainStats(a.dataset(), a.total() + b.total(), a.kept() + b.kept(), a.ndcgSum() + b.ndcgSum()));
        all[0] = all[0].plus(kept, ndcg);
      });
    } catch (IOException e) {
      throw TextFiles.unchecked(output, e);
    }
    return new Report(minNdcg, new ArrayList<>(byDomain.values()), all[0]);
  }
}
