package io.reasonrank.compare;

import java.util.List;

/** Renders a header and rows as a space-aligned text table or a Markdown pipe table. */
final class Tables {
  private Tables() {}

  static String render(List<String> header, List<List<String>> rows, boolean markdown) {
    int[] w = new int[header.size()];
    for (int i = 0; i < w.length; i++) w[i] = header.get(i).length();
    for (List<String> r : rows) for (int i = 0; i < w.length; i++) w[i] = Math.max(w[i], r.get(i).length());
    StringBuilder sb = new StringBuilder();
    line(sb, header, w, markdown);
    if (markdown) {
      sb.append('|');
      for (int i = 0; i < w.length; i++) sb.append(i < 2 && isLabel(header.get(i)) ? "---|" : "---:|");
      sb.append('\n');
    } else {
      int total = 0;
      for (int x : w) total += x + 2;
      sb.append("-".repeat(total - 2)).append('\n');
    }
    for (List<String> r : rows) line(sb, r, w, markdown);
    return sb.toString();
  }

  // text columns (run and measure names) are left-aligned, numbers right-aligned
  private static boolean isLabel(String column) {
    return column.equals("run") || column.equals("measure");
  }

  private static void line(StringBuilder sb, List<String> cells, int[] w, boolean markdown) {
    if (markdown) {
      sb.append('|');
      for (String c : cells) sb.append(' ').append(c.replace("|", "\\|")).append(" |");
      sb.append('\n');
      return;
    }
    for (int i = 0; i < cells.size(); i++) {
      String c = cells.get(i);
      boolean last = i == cells.size() - 1;
      if (i == 0) sb.append(c).append(last ? "" : " ".repeat(w[i] - c.length()));
      else sb.append(" ".repeat(w[i] - c.length())).append(c);
      if (!last) sb.append("  ");
    }
    sb.append('\n');
  }
}
