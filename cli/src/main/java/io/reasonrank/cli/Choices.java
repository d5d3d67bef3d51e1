package io.reasonrank.cli;

import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine;

/**
 * A fixed set of option values, for picocli both as the converter (a value outside the set is an error that lists
 * the set and suggests the nearest) and as the completion candidates ({@code ${COMPLETION-CANDIDATES}} in a
 * description, shell completion). The option keeps its value as the canonical string, the form that cache keys,
 * fingerprints and summaries already use. Each option's set is a nested subclass, since picocli instantiates them.
 */
abstract class Choices implements CommandLine.ITypeConverter<String>, Iterable<String> {
  private final List<String> values;

  Choices(String... values) {
    this.values = List.of(values);
  }

  @Override
  public Iterator<String> iterator() {
    return values.iterator();
  }

  @Override
  public String convert(String value) {
    for (String v : values) if (v.equals(value)) return v;
    String near = nearest(value);
    throw new CommandLine.TypeConversionException("expected one of " + String.join(", ", values) + ", got '" + value + "'"
        + (near != null ? " (did you mean " + near + "?)" : ""));
  }

  /** The value equal but for case, else within edit distance 2, else sharing the first 3 letters, if one. */
  private String nearest(String value) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    String v = value.toLowerCase(Locale.ROOT);
    for (String c : values) if (c.equalsIgnoreCase(value)) return c;
    for (String c : values) {
      String lc = c.toLowerCase(Locale.ROOT);
      int d = distance(v, lc);
      if (d < bestDistance) {
        bestDistance = d;
        best = c;
      }
    }
    if (bestDistance <= 2) return best;
    for (String c : values) if (v.length() >= 3 && c.toLowerCase(Locale.ROOT).startsWith(v.substring(0, 3))) return c;
    return null;
  }

  private static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) prev[j] = j;
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }

  static final class Strategy extends Choices {
    Strategy() {
      super("sliding", "full", "topdown", "pointwise");
    }
  }

  static final class Schedule extends Choices {
    Schedule() {
      super("scheduler", "lockstep");
    }
  }

  static final class Mode extends Choices {
    Mode() {
      super(java.util.Arrays.stream(io.reasonrank.prompt.PromptMode.values()).map(io.reasonrank.prompt.PromptMode::id).toArray(String[]::new));
    }
  }

  static final class EndpointChoice extends Choices {
    EndpointChoice() {
      super("completions", "chat");
    }
  }

  static final class ScoreMode extends Choices {
    ScoreMode() {
      super("positional", "rank");
    }
  }

  static final class Backend extends Choices {
    Backend() {
      super("openai", "llamacpp");
    }
  }
}
