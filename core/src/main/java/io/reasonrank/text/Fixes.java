package io.reasonrank.text;

import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The individual fixers of ftfy 6.3.1 ({@code fixes.py}), each a faithful port of the Python function
 * of the same name. They work on code points where Python does; since a Java {@code String} holds
 * astral characters as surrogate pairs, a well-formed pair is one character here as it is in Python.
 */
final class Fixes {
  private Fixes() {}

  static final Pattern HTML_ENTITY_RE = Pattern.compile("&#?[0-9A-Za-z]{1,24};");

  /**
   * {@code unescape_html}: decodes HTML5 named entities that end in ';' (plus the all-caps forms of
   * lowercase names) and numeric references, the latter only if {@code html.unescape} consumes the whole
   * match including the semicolon.
   */
  static String unescapeHtml(String text) {
    if (text.indexOf('&') < 0) return text;
    Matcher m = HTML_ENTITY_RE.matcher(text);
    StringBuilder sb = null;
    int last = 0;
    while (m.find()) {
      String entity = m.group();
      String replacement = unescapeOne(entity);
      if (replacement.equals(entity)) continue;
      if (sb == null) sb = new StringBuilder(text.length());
      sb.append(text, last, m.start()).append(replacement);
      last = m.end();
    }
    if (sb == null) return text;
    return sb.append(text, last, text.length()).toString();
  }

  private static String unescapeOne(String entity) {
    String named = FtfyTables.HTML_ENTITIES.get(entity);
    if (named != null) return named;
    if (!entity.startsWith("&#")) return entity;
    String unescaped = htmlUnescapeNumeric(entity);
    return unescaped.indexOf(';') >= 0 ? entity : unescaped;
  }

  /**
   * {@code html.unescape} on a string of the form {@code &#...;} (alphanumerics between). Only a
   * complete {@code &#digits;} or {@code &#xhex;} is replaced; any partial match leaves a ';' behind,
   * which makes the caller keep the original, so partial matches need no replacing here.
   */
  private static String htmlUnescapeNumeric(String entity) {
    String body = entity.substring(2, entity.length() - 1);
    int num;
    if (!body.isEmpty() && (body.charAt(0) == 'x' || body.charAt(0) == 'X')) {
      String hex = body.substring(1);
      if (hex.isEmpty() || !hex.chars().allMatch(c -> Character.digit(c, 16) >= 0 && c < 0x80)) return entity;
      num = parseCapped(hex, 16);
    } else {
      if (body.isEmpty() || !body.chars().allMatch(c -> c >= '0' && c <= '9')) return entity;
      num = parseCapped(body, 10);
    }
    String invalid = FtfyTables.INVALID_CHARREFS.get(num);
    if (invalid != null) return invalid;
    if ((num >= 0xD800 && num <= 0xDFFF) || num > 0x10FFFF) return "\ufffd";
    if (FtfyTables.INVALID_CODEPOINTS.contains(num)) return "";
    return Character.toString(num);
  }

  /** Parses digits, saturating above 0x10FFFF (Python's ints are unbounded; the rules only compare). */
  private static int parseCapped(String digits, int radix) {
    long v = 0;
    for (int i = 0; i < digits.length(); i++) {
      v = v * radix + Character.digit(digits.charAt(i), radix);
      if (v > 0x110000) return 0x110000;
    }
    return (int) v;
  }

  static final Pattern ANSI_RE = Pattern.compile("\u001b\\[((?:\\d|;)*)([a-zA-Z])", Pattern.UNICODE_CHARACTER_CLASS);

  /** {@code remove_terminal_escapes}; Python's {@code \d} is any Unicode decimal digit. */
  static String removeTerminalEscapes(String text) {
    if (text.indexOf('\u001b') < 0) return text;
    return ANSI_RE.matcher(text).replaceAll("");
  }

  /** {@code uncurl_quotes}: U+201C–U+201F become '"', then U+02BC and U+2018–U+201B become '\''. */
  static String uncurlQuotes(String text) {
    StringBuilder sb = null;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      char r = (c >= '\u201c' && c <= '\u201f') ? '"' : (c == '\u02bc' || (c >= '\u2018' && c <= '\u201b')) ? '\'' : 0;
      if (r != 0) {
        if (sb == null) sb = new StringBuilder(text).delete(i, text.length());
        sb.append(r);
      } else if (sb != null) {
        sb.append(c);
      }
    }
    return sb == null ? text : sb.toString();
  }

  private static final String[][] LIGATURES = {
      {"\u0132", "IJ"}, {"\u0133", "ij"}, {"\u0149", "\u02bcn"}, {"\u01f1", "DZ"}, {"\u01f2", "Dz"},
      {"\u01f3", "dz"}, {"\u01c4", "D\u017d"}, {"\u01c5", "D\u017e"}, {"\u01c6", "d\u017e"}, {"\u01c7", "LJ"},
      {"\u01c8", "Lj"}, {"\u01c9", "lj"}, {"\u01ca", "NJ"}, {"\u01cb", "Nj"}, {"\u01cc", "nj"},
      {"\ufb00", "ff"}, {"\ufb01", "fi"}, {"\ufb02", "fl"}, {"\ufb03", "ffi"}, {"\ufb04", "ffl"},
      {"\ufb05", "\u017ft"}, {"\ufb06", "st"},
  };

  /** {@code fix_latin_ligatures}: {@code text.translate(LIGATURES)}. */
  static String fixLatinLigatures(String text) {
    return translate(text, Fixes::ligature);
  }

  private static String ligature(int c) {
    if ((c >= '\u0132' && c <= '\u01f3') || (c >= '\ufb00' && c <= '\ufb06')) {
      for (String[] pair : LIGATURES) {
        if (pair[0].charAt(0) == c) return pair[1];
      }
    }
    return null;
  }

  /** {@code fix_character_width}: {@code text.translate(WIDTH_MAP)} (U+3000 and U+FF01–U+FFEF). */
  static String fixCharacterWidth(String text) {
    return translate(text, c -> (c == '\u3000' || (c >= '\uff01' && c <= '\uffef')) ? FtfyTables.WIDTH_MAP.get(c) : null);
  }

  /**
   * Python's {@code str.translate} for tables keyed by BMP characters: {@code replacement} gives a char's
   * replacement, or null to keep it. Returns {@code text} itself when nothing changes (most passages), so the
   * common case allocates nothing.
   */
  private static String translate(String text, IntFunction<String> replacement) {
    StringBuilder sb = null;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      String r = replacement.apply(c);
      if (r != null) {
        if (sb == null) sb = new StringBuilder(text).delete(i, text.length());
        sb.append(r);
      } else if (sb != null) {
        sb.append(c);
      }
    }
    return sb == null ? text : sb.toString();
  }

  /** {@code fix_line_breaks}: CRLF, CR, U+2028, U+2029 and U+0085 become LF. */
  static String fixLineBreaks(String text) {
    return text.replace("\r\n", "\n").replace('\r', '\n').replace('\u2028', '\n').replace('\u2029', '\n')
        .replace('\u0085', '\n');
  }

  /**
   * {@code fix_surrogates}: pairs become their code point and lone surrogates U+FFFD. In a Java string a
   * valid pair already is that code point, so only lone surrogates change.
   */
  static String fixSurrogates(String text) {
    StringBuilder sb = null;
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      int len = Character.charCount(cp);
      boolean lone = len == 1 && Character.isSurrogate((char) cp);
      if (lone && sb == null) sb = new StringBuilder(text).delete(i, text.length());
      if (sb != null) {
        if (lone) sb.append('\ufffd');
        else sb.appendCodePoint(cp);
      }
      i += len;
    }
    return sb == null ? text : sb.toString();
  }

  private static boolean isControlToRemove(char c) {
    return c <= 0x08 || c == 0x0B || (c >= 0x0E && c <= 0x1F) || c == 0x7F || (c >= 0x206A && c <= 0x206F)
        || c == 0xFEFF || (c >= 0xFFF9 && c <= 0xFFFC);
  }

  /** {@code remove_control_chars}: {@code text.translate(CONTROL_CHARS)}. */
  static String removeControlChars(String text) {
    StringBuilder sb = null;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean drop = isControlToRemove(c);
      if (drop && sb == null) sb = new StringBuilder(text).delete(i, text.length());
      if (sb != null && !drop) sb.append(c);
    }
    return sb == null ? text : sb.toString();
  }

  /** {@code fix_c1_controls}: each U+0080–U+009F is re-read as sloppy Windows-1252, as browsers do. */
  static String fixC1Controls(String text) {
    StringBuilder sb = null;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean c1 = c >= 0x80 && c <= 0x9F;
      if (c1 && sb == null) sb = new StringBuilder(text).delete(i, text.length());
      if (sb != null) {
        if (c1) sb.appendCodePoint(Chardata.SLOPPY_WINDOWS_1252.decodeByte(c));
        else sb.append(c);
      }
    }
    return sb == null ? text : sb.toString();
  }

  /**
   * {@code restore_byte_a0}: puts back byte A0 where a space broke an otherwise valid UTF-8 sequence,
   * first treating a lone "Ã " word as "à " (keeping its space).
   */
  static byte[] restoreByteA0(byte[] bytes) {
    String s = Chardata.bytesAsChars(bytes);
    s = Chardata.A_GRAVE_WORD_RE.matcher(s).replaceAll("\u00c3\u00a0 ");
    Matcher m = Chardata.ALTERED_UTF8_RE.matcher(s);
    StringBuilder sb = new StringBuilder(s.length());
    int last = 0;
    while (m.find()) {
      sb.append(s, last, m.start()).append(m.group().replace(' ', '\u00a0'));
      last = m.end();
    }
    sb.append(s, last, s.length());
    return Chardata.charsAsBytes(sb.toString());
  }

  /** {@code replace_lossy_sequences}: UTF-8 sequences with bytes lost to 1A (or '?') become U+FFFD. */
  static byte[] replaceLossySequences(byte[] bytes) {
    String s = Chardata.bytesAsChars(bytes);
    return Chardata.charsAsBytes(Chardata.LOSSY_UTF8_RE.matcher(s).replaceAll("\u00ef\u00bf\u00bd"));
  }

  /**
   * {@code decode_inconsistent_utf8}: fixes runs that look like UTF-8 mojibake on their own, when the
   * whole string has no consistent re-encoding (e.g. text concatenated from different sources).
   */
  static String decodeInconsistentUtf8(String text) {
    Matcher m = Chardata.UTF8_DETECTOR_RE.matcher(text);
    int textLen = text.codePointCount(0, text.length());
    StringBuilder sb = new StringBuilder(text.length());
    int last = 0;
    while (m.find()) {
      String substr = m.group();
      String replacement = substr;
      // The match must be shorter than the text so that this cannot recurse forever.
      if (substr.codePointCount(0, substr.length()) < textLen && Badness.isBad(substr)) {
        replacement = FixEncoding.fixEncoding(substr);
      }
      sb.append(text, last, m.start()).append(replacement);
      last = m.end();
    }
    sb.append(text, last, text.length());
    return sb.toString();
  }
}
