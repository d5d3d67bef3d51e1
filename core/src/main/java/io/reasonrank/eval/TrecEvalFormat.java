package io.reasonrank.eval;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;

/**
 * trec_eval's output layout ({@code meas_print_single.c}, {@code meas_print_final.c}): one line per
 * value, {@code printf("%-22s\t%s\t%6.4f\n", name, qid, value)}, per-query lines ({@code -q}) first,
 * grouped by query, then the {@code all} lines.
 */
public final class TrecEvalFormat {
  private TrecEvalFormat() {}

  public static String format(Evaluation e, boolean perQuery) {
    StringBuilder sb = new StringBuilder();
    if (perQuery) {
      for (Map.Entry<String, double[]> q : e.perQuery().entrySet()) {
        for (int i = 0; i < e.metrics().size(); i++) line(sb, e.metrics().get(i).name(), q.getKey(), q.getValue()[i]);
      }
    }
    for (int i = 0; i < e.metrics().size(); i++) line(sb, e.metrics().get(i).name(), "all", e.means()[i]);
    return sb.toString();
  }

  static void line(StringBuilder sb, String name, String qid, double value) {
    sb.append(name);
    for (int p = name.length(); p < 22; p++) sb.append(' ');
    sb.append('\t').append(qid).append('\t').append(fixed4(value)).append('\n');
  }

  /**
   * C's {@code %6.4f}: the exact binary value rounded half-even to 4 decimals (Java's
   * {@code String.format} rounds the shortest decimal string instead and can differ in the last digit).
   */
  public static String fixed4(double v) {
    if (Double.isNaN(v)) return "nan";
    if (Double.isInfinite(v)) return v > 0 ? "inf" : "-inf";
    String s = new BigDecimal(v).setScale(4, RoundingMode.HALF_EVEN).toPlainString();
    if (v < 0 && !s.startsWith("-")) s = "-" + s;
    StringBuilder out = new StringBuilder();
    for (int p = s.length(); p < 6; p++) out.append(' ');
    return out.append(s).toString();
  }
}
