package io.reasonrank.format;

import io.reasonrank.model.ScoredDoc;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes TREC runs ({@code qid Q0 docid rank score tag}).
 *
 * <p>Reading follows the reference loader (docs/reference-behaviour.md §5.1): a line with more than six whitespace fields
 * (docids with spaces, e.g. 12 lines of the BRIGHT stackoverflow run) is skipped and counted; fewer
 * than six fields or a non-numeric score is an error naming {@code file:line}.
 */
public final class TrecRuns {
  private TrecRuns() {}

  /** A parsed run plus the number of over-long lines skipped. */
  public record Loaded(Run run, int skippedLines) {}

  public static Loaded read(Path file) {
    Map<String, List<ScoredDoc>> byQuery = new LinkedHashMap<>();
    int skipped = 0;
    long lineNo = 0;
    try (BufferedReader r = TextFiles.reader(file)) {
      String line;
      while ((line = r.readLine()) != null) {
        lineNo++;
        String trimmed = line.strip();
        if (trimmed.isEmpty()) continue;
        String[] f = trimmed.split("\\s+");
        if (f.length > 6) {
          skipped++;
          continue;
        }
        if (f.length < 6) {
          throw InputException.at(file, lineNo, "expected 6 fields 'qid Q0 docid rank score tag', got " + f.length);
        }
        double score;
        try {
          score = Double.parseDouble(f[4]);
        } catch (NumberFormatException e) {
          throw InputException.at(file, lineNo, "score is not a number: '" + f[4] + "'");
        }
        // Java also parses "NaN", "Infinity", "1d" and hex floats; a NaN breaks trec_eval's sort, the rest Python's float()
        if (!Double.isFinite(score) || !decimalLiteral(f[4])) {
          throw InputException.at(file, lineNo, "score is not a finite decimal number: '" + f[4] + "'");
        }
        byQuery.computeIfAbsent(f[0], k -> new ArrayList<>()).add(new ScoredDoc(f[2], score));
      }
    } catch (IOException e) {
      throw InputException.at(file, lineNo, "cannot read: " + e.getMessage());
    }
    if (byQuery.isEmpty()) throw InputException.at(file, "empty run: no result lines");
    return new Loaded(new Run(byQuery), skipped);
  }

  private static boolean decimalLiteral(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!(c >= '0' && c <= '9') && c != '.' && c != '-' && c != '+' && c != 'e' && c != 'E') return false;
    }
    return true;
  }

  /** Writes hits in list order with ranks 1..n and scores as {@code %.6f} (the reference's TrecWriter). */
  public static void write(Path file, Map<String, List<ScoredDoc>> byQuery, String tag) {
    try (BufferedWriter w = TextFiles.writer(file)) {
      for (Map.Entry<String, List<ScoredDoc>> e : byQuery.entrySet()) {
        writeQuery(w, e.getKey(), e.getValue(), tag);
      }
    } catch (IOException e) {
      throw TextFiles.unchecked(file, e);
    }
  }

  public static void writeQuery(Appendable w, String qid, List<ScoredDoc> hits, String tag) throws IOException {
    int rank = 1;
    for (ScoredDoc h : hits) {
      w.append(qid).append(" Q0 ").append(h.docid()).append(' ').append(Integer.toString(rank++))
          .append(' ').append(formatScore(h.score())).append(' ').append(tag).append('\n');
    }
  }

  /**
   * {@code %.6f} as C and Python print it: the exact binary value rounded half-even. Java's
   * {@code String.format} rounds the shortest decimal representation instead and can differ in the
   * last digit, which would change trec_eval's tie groups.
   */
  public static String formatScore(double score) {
    if (Double.isNaN(score) || Double.isInfinite(score)) return Double.toString(score).toLowerCase();
    String s = new BigDecimal(score).setScale(6, RoundingMode.HALF_EVEN).toPlainString();
    boolean negative = score < 0 || (score == 0 && 1 / score < 0);
    return negative && !s.startsWith("-") ? "-" + s : s;
  }
}
