package io.reasonrank.text;

import java.text.Normalizer;
import java.util.Objects;

/**
 * A port of ftfy 6.3.1 {@code fix_text} with its default configuration (docs/reference-behaviour.md §1.7): the reference
 * pipeline runs it on every passage (after {@code strip()}, before truncation, docs/reference-behaviour.md §1.5 step 4) and on
 * the whole rendered prompt.
 *
 * <p>The text is cut into segments that end at each {@code \n} (the newline stays in its segment; a
 * segment over 1,000,000 code points is cut there). {@code unescape_html="auto"} is sticky: the first
 * segment containing {@code <} switches HTML unescaping off for itself and every later segment of the
 * call. Each segment then goes through these steps, repeated until nothing changes:
 * unescape_html, fix_encoding, fix_c1_controls, fix_latin_ligatures, fix_character_width,
 * uncurl_quotes, fix_line_breaks, fix_surrogates, remove_terminal_escapes, remove_control_chars, NFC.
 *
 * <p>NFC uses the JDK's Unicode tables, which are newer than CPython 3.11's Unicode 14; they differ
 * only for characters assigned after Unicode 14.
 */
public final class Ftfy {
  private Ftfy() {}

  /** ftfy 6.3.1 {@code fix_text(text)} with the default configuration. */
  public static String fixText(String text) {
    Objects.requireNonNull(text, "text");
    return fixText(text, FtfyConfig.DEFAULTS);
  }

  static String fixText(String text, FtfyConfig config) {
    StringBuilder out = new StringBuilder(text.length());
    int pos = 0;
    while (pos < text.length()) {
      int nl = text.indexOf('\n', pos);
      int end = nl < 0 ? text.length() : nl + 1;
      // max_decode_length counts code points, as Python's len() does
      if (text.codePointCount(pos, end) > config.maxDecodeLength()) {
        end = text.offsetByCodePoints(pos, config.maxDecodeLength());
      }
      String segment = text.substring(pos, end);
      if (config.unescapeHtmlAuto() && segment.indexOf('<') >= 0) config = config.withUnescapeHtml(false);
      out.append(fixSegment(segment, config));
      pos = end;
    }
    return out.toString();
  }

  /** {@code fix_and_explain} without the explanation: one segment, steps repeated to a fixed point. */
  static String fixSegment(String text, FtfyConfig config) {
    if (config.unescapeHtmlAuto() && text.indexOf('<') >= 0) config = config.withUnescapeHtml(false);
    boolean unescape = config.unescapeHtml() == null || config.unescapeHtml();
    while (true) {
      String orig = text;
      if (unescape) text = Fixes.unescapeHtml(text);
      if (config.fixEncoding()) text = FixEncoding.fixEncoding(text);
      if (config.fixC1Controls()) text = Fixes.fixC1Controls(text);
      if (config.fixLatinLigatures()) text = Fixes.fixLatinLigatures(text);
      if (config.fixCharacterWidth()) text = Fixes.fixCharacterWidth(text);
      if (config.uncurlQuotes()) text = Fixes.uncurlQuotes(text);
      if (config.fixLineBreaks()) text = Fixes.fixLineBreaks(text);
      if (config.fixSurrogates()) text = Fixes.fixSurrogates(text);
      if (config.removeTerminalEscapes()) text = Fixes.removeTerminalEscapes(text);
      if (config.removeControlChars()) text = Fixes.removeControlChars(text);
      if (config.normalizeNfc()) text = nfc(text);
      if (text.equals(orig)) return text;
    }
  }

  private static String nfc(String text) {
    // Pure ASCII (and most Latin-1 text) is already NFC; the check is much cheaper than normalizing.
    return Normalizer.isNormalized(text, Normalizer.Form.NFC) ? text : Normalizer.normalize(text, Normalizer.Form.NFC);
  }
}
