package io.reasonrank.text;

import java.text.Normalizer;
import java.util.regex.Pattern;

/**
 * TEMPORARY placeholder for the ftfy 6.3.1 port ({@code fix_text}, spec §1.7), so that prompt building
 * compiles before the real port lands. It applies only the steps that are trivial to state exactly and
 * leave pure ASCII unchanged: {@code uncurl_quotes}, {@code fix_line_breaks} and NFC normalization. It
 * does NOT unescape HTML, repair mojibake, fix C1 controls, ligatures or character widths; texts that
 * need those differ from the reference until the port replaces this class.
 */
public final class Ftfy {
  private Ftfy() {}

  private static final Pattern SINGLE_QUOTES = Pattern.compile("[\u02bc\u2018-\u201b]");
  private static final Pattern DOUBLE_QUOTES = Pattern.compile("[\u201c-\u201f]");

  /** ftfy {@code fix_text(text)} with default settings (partial: see the class comment). */
  public static String fixText(String text) {
    String s = SINGLE_QUOTES.matcher(text).replaceAll("'");
    s = DOUBLE_QUOTES.matcher(s).replaceAll("\"");
    s = s.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n").replace("\u0085", "\n");
    return Normalizer.normalize(s, Normalizer.Form.NFC);
  }
}
