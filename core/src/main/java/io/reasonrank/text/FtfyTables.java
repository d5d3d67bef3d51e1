package io.reasonrank.text;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The data tables of the ftfy port, generated from CPython 3.11 (Unicode 14) by
 * {@code tools/ftfy_tables.py}: single-byte codecs, HTML5 entities, {@code html.unescape}'s numeric
 * reference rules, Python's regex {@code \w}/{@code \s} classes and ftfy's width map. They are loaded
 * from resources rather than taken from the JDK because Java's charsets, entity knowledge and Unicode
 * version differ from what the reference ran with.
 */
final class FtfyTables {
  private FtfyTables() {}

  /** Decode tables by codec name: 256 code points, -1 where the byte is undefined. */
  static final Map<String, int[]> CODECS = new HashMap<>();
  /** ftfy's HTML_ENTITIES: "&amp;name;" to replacement text. */
  static final Map<String, String> HTML_ENTITIES = new HashMap<>();
  /** html._invalid_charrefs. */
  static final Map<Integer, String> INVALID_CHARREFS = new HashMap<>();
  /** html._invalid_codepoints. */
  static final Set<Integer> INVALID_CODEPOINTS = new HashSet<>();
  /** ftfy's WIDTH_MAP. */
  static final Map<Integer, String> WIDTH_MAP = new HashMap<>();
  /** Java regex class bodies equivalent to Python's {@code \w} and {@code \s} on str patterns. */
  static final String PY_WORD_CLASS;
  static final String PY_SPACE_CLASS;

  static {
    String word = null;
    String space = null;
    for (String[] f : lines("ftfy_codecs.txt")) {
      String[] cells = f[1].split(" ");
      int[] table = new int[256];
      for (int i = 0; i < 256; i++) table[i] = cells[i].equals("-") ? -1 : Integer.parseInt(cells[i], 16);
      CODECS.put(f[0], table);
    }
    for (String[] f : lines("ftfy_html_entities.txt")) HTML_ENTITIES.put(f[0], text(f[1]));
    for (String[] f : lines("ftfy_charrefs.txt")) {
      if (f[0].equals("invalid_charref")) INVALID_CHARREFS.put(Integer.parseInt(f[1], 16), text(f[2]));
      else INVALID_CODEPOINTS.add(Integer.parseInt(f[1], 16));
    }
    for (String[] f : lines("ftfy_unicode.txt")) {
      switch (f[0]) {
        case "word" -> word = rangesToClass(f[1]);
        case "space" -> space = rangesToClass(f[1]);
        case "width" -> WIDTH_MAP.put(Integer.parseInt(f[1], 16), text(f[2]));
        default -> throw new IllegalStateException("unknown table row " + f[0]);
      }
    }
    PY_WORD_CLASS = word;
    PY_SPACE_CLASS = space;
  }

  private static String text(String hexes) {
    StringBuilder sb = new StringBuilder();
    for (String h : hexes.split(" ")) sb.appendCodePoint(Integer.parseInt(h, 16));
    return sb.toString();
  }

  private static String rangesToClass(String ranges) {
    StringBuilder sb = new StringBuilder();
    for (String r : ranges.split(" ")) {
      int dash = r.indexOf('-');
      sb.append("\\x{").append(r, 0, dash).append("}-\\x{").append(r.substring(dash + 1)).append('}');
    }
    return sb.toString();
  }

  private static List<String[]> lines(String resource) {
    List<String[]> out = new ArrayList<>();
    try (InputStream in = FtfyTables.class.getResourceAsStream(resource)) {
      if (in == null) throw new IllegalStateException("missing resource io/reasonrank/text/" + resource);
      BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
      for (String line; (line = r.readLine()) != null; ) {
        if (!line.isEmpty() && !line.startsWith("#")) out.add(line.split("\t"));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }
}
