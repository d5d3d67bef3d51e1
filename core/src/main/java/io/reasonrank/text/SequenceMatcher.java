package io.reasonrank.text;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * A fast "does any alternative match anywhere" test for regexes whose alternatives are plain sequences
 * of character classes, literals, {@code .}, {@code ^} and {@code ?} (the shape of ftfy's BADNESS_RE).
 * Classes become bit sets and each code point looks up which alternatives can start with it, so the cost
 * per character is a table lookup instead of Java's linear walk through large character-class unions.
 *
 * <p>It reads the same strings that are compiled into {@link Badness#BADNESS_RE}: classes of
 * {@code \x{hex}} atoms, ASCII literals and ranges, optionally negated.
 */
final class SequenceMatcher {
  /** One element of a sequence: a set of code points, optionally negated or optional. */
  private record Element(BitSet bmp, int[] astral, boolean negated, boolean optional, boolean start) {
    boolean test(int cp) {
      boolean in = cp < 0x10000 ? bmp.get(cp) : inRanges(astral, cp);
      return in != negated;
    }
  }

  private final Element[][] alternatives;
  /** For each BMP code point, the bit mask of alternatives whose first element accepts it. */
  private final long[] firstMask = new long[0x10000];
  private long astralFirstMask;
  private final List<Integer> anchored = new ArrayList<>();

  SequenceMatcher(String[] patterns) {
    if (patterns.length > 64) throw new IllegalArgumentException("at most 64 alternatives");
    alternatives = new Element[patterns.length][];
    for (int a = 0; a < patterns.length; a++) {
      alternatives[a] = parse(patterns[a]);
      Element first = alternatives[a][0];
      if (first.start()) {
        anchored.add(a);
        continue;
      }
      if (first.optional()) throw new IllegalArgumentException("optional first element: " + patterns[a]);
      for (int cp = 0; cp < 0x10000; cp++) if (first.test(cp)) firstMask[cp] |= 1L << a;
      if (first.negated() || first.astral().length > 0) astralFirstMask |= 1L << a;
    }
  }

  boolean find(String text) {
    for (int a : anchored) if (matchFrom(alternatives[a], 1, text, 0)) return true;
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      int next = i + Character.charCount(cp);
      long mask = cp < 0x10000 ? firstMask[cp] : astralFirstMask;
      while (mask != 0) {
        int a = Long.numberOfTrailingZeros(mask);
        mask &= mask - 1;
        Element first = alternatives[a][0];
        if ((cp < 0x10000 || first.test(cp)) && matchFrom(alternatives[a], 1, text, next)) return true;
      }
      i = next;
    }
    return false;
  }

  private static boolean matchFrom(Element[] seq, int k, String text, int pos) {
    if (k == seq.length) return true;
    Element e = seq[k];
    if (pos < text.length()) {
      int cp = text.codePointAt(pos);
      if (e.test(cp) && matchFrom(seq, k + 1, text, pos + Character.charCount(cp))) return true;
    }
    return e.optional() && matchFrom(seq, k + 1, text, pos);
  }

  private static Element[] parse(String p) {
    List<Element> out = new ArrayList<>();
    int i = 0;
    while (i < p.length()) {
      char c = p.charAt(i);
      Element e;
      if (c == '^') {
        if (i != 0) throw new IllegalArgumentException("'^' only at the start: " + p);
        e = new Element(new BitSet(), new int[0], false, false, true);
        i++;
      } else if (c == '[') {
        int j = i + 1;
        boolean negated = j < p.length() && p.charAt(j) == '^';
        if (negated) j++;
        List<int[]> ranges = new ArrayList<>();
        while (p.charAt(j) != ']') {
          int[] lo = atom(p, j);
          int hi = lo[0];
          j = lo[1];
          if (p.charAt(j) == '-' && p.charAt(j + 1) != ']') {
            int[] h = atom(p, j + 1);
            hi = h[0];
            j = h[1];
          }
          ranges.add(new int[] {lo[0], hi});
        }
        e = set(ranges, negated, false);
        i = j + 1;
      } else if (c == '.') {
        e = set(List.of(new int[] {'\n', '\n'}), true, false);
        i++;
      } else {
        int[] lit = atom(p, i);
        e = set(List.<int[]>of(new int[] {lit[0], lit[0]}), false, false);
        i = lit[1];
      }
      if (i < p.length() && p.charAt(i) == '?') {
        e = new Element(e.bmp(), e.astral(), e.negated(), true, false);
        i++;
      }
      out.add(e);
    }
    return out.toArray(new Element[0]);
  }

  /** Reads {@code \x{hex}} or one literal character; returns {code point, next index}. */
  private static int[] atom(String p, int i) {
    if (p.startsWith("\\x{", i)) {
      int close = p.indexOf('}', i);
      return new int[] {Integer.parseInt(p.substring(i + 3, close), 16), close + 1};
    }
    char c = p.charAt(i);
    if (c == '\\' || c == '(' || c == ')' || c == '|' || c == '*' || c == '+' || c == '{') {
      throw new IllegalArgumentException("unsupported regex syntax at " + i + ": " + p);
    }
    return new int[] {c, i + 1};
  }

  private static Element set(List<int[]> ranges, boolean negated, boolean optional) {
    BitSet bmp = new BitSet(0x10000);
    List<Integer> astral = new ArrayList<>();
    for (int[] r : ranges) {
      if (r[0] > r[1]) throw new IllegalArgumentException("bad range");
      if (r[0] < 0x10000) bmp.set(r[0], Math.min(r[1], 0xFFFF) + 1);
      if (r[1] >= 0x10000) {
        astral.add(Math.max(r[0], 0x10000));
        astral.add(r[1]);
      }
    }
    return new Element(bmp, sortedRanges(astral), negated, optional, false);
  }

  private static int[] sortedRanges(List<Integer> flat) {
    List<int[]> pairs = new ArrayList<>();
    for (int k = 0; k < flat.size(); k += 2) pairs.add(new int[] {flat.get(k), flat.get(k + 1)});
    pairs.sort((x, y) -> Integer.compare(x[0], y[0]));
    int[] out = new int[pairs.size() * 2];
    for (int k = 0; k < pairs.size(); k++) {
      out[2 * k] = pairs.get(k)[0];
      out[2 * k + 1] = pairs.get(k)[1];
    }
    return out;
  }

  private static boolean inRanges(int[] ranges, int cp) {
    for (int k = 0; k < ranges.length; k += 2) if (cp >= ranges[k] && cp <= ranges[k + 1]) return true;
    return false;
  }
}
