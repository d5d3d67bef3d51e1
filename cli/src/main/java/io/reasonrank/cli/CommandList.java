package io.reasonrank.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.IHelpSectionRenderer;

/**
 * The top-level help's command list with each command's first sentence. picocli's default shows the first line of a
 * command's description, which is often half a sentence since descriptions are wrapped by hand into lines.
 */
final class CommandList implements IHelpSectionRenderer {
  @Override
  public String render(Help help) {
    Map<String, Help> subs = help.subcommands();
    if (subs.isEmpty()) return "";
    List<String[]> rows = new ArrayList<>();
    int width = 0;
    for (Map.Entry<String, Help> e : subs.entrySet()) {
      CommandLine.Model.CommandSpec spec = e.getValue().commandSpec();
      if (spec.usageMessage().hidden()) continue;
      String name = e.getValue().commandNamesText(", ").plainString();
      rows.add(new String[] {name, firstSentence(spec)});
      width = Math.max(width, name.length());
    }
    Help.TextTable table = Help.TextTable.forColumns(help.colorScheme(),
        new Help.Column(width + 4, 2, Help.Column.Overflow.SPAN),
        new Help.Column(Math.max(40, help.commandSpec().usageMessage().width() - width - 4), 1, Help.Column.Overflow.WRAP));
    for (String[] r : rows) table.addRowValues(r);
    return table.toString();
  }

  static String firstSentence(CommandLine.Model.CommandSpec spec) {
    String[] header = spec.usageMessage().header();
    String[] lines = header.length > 0 ? header : spec.usageMessage().description();
    String text = String.join(" ", lines).replaceAll("\\s+", " ").trim();
    int end = sentenceEnd(text);
    return end < 0 ? text : text.substring(0, end + 1);
  }

  /** The first '.' (not of e.g./i.e.) followed by a space and a capital letter, or ending the text; -1 when there is none. */
  private static int sentenceEnd(String text) {
    for (int i = text.indexOf('.'); i >= 0; i = text.indexOf('.', i + 1)) {
      if (i == text.length() - 1) return i;
      boolean abbreviation = text.startsWith("e.g", Math.max(0, i - 3)) || text.startsWith("i.e", Math.max(0, i - 3));
      if (!abbreviation && i + 2 < text.length() && text.charAt(i + 1) == ' ' && Character.isUpperCase(text.charAt(i + 2))) return i;
    }
    return -1;
  }
}
