package io.reasonrank.text;

import java.util.regex.Pattern;

/**
 * ftfy 6.3.1 {@code badness.py}: the heuristic that decides whether text looks like mojibake. It sorts
 * the few hundred characters that occur in UTF-8 mojibake into categories and matches one big regex of
 * unlikely juxtapositions ({@code BADNESS_RE}); {@link #isBad} is {@code bool(BADNESS_RE.search(text))}.
 *
 * <p>The categories are written with Unicode character names exactly as in the Python source. Python's
 * {@code \s} and {@code \w} are Unicode-aware on {@code str}, so they are replaced by classes generated
 * from CPython ({@link FtfyTables}); {@code .} is compiled with UNIX_LINES so that, as in Python, only
 * {@code \n} is excluded.
 */
final class Badness {
  private Badness() {}

  static String n(String unicodeName) {
    return Character.toString(Character.codePointOf(unicodeName));
  }

  static String names(String... unicodeNames) {
    StringBuilder sb = new StringBuilder();
    for (String name : unicodeNames) sb.append(n(name));
    return sb.toString();
  }

  /**
   * Turns the body of a Python character class (literal characters, {@code -} between two characters
   * meaning a range) into a Java class {@code [...]} with every character escaped as {@code \x{...}}.
   */
  static String cls(String... parts) {
    return "[" + body(String.join("", parts)) + "]";
  }

  static String body(String pyClassBody) {
    int[] cps = pyClassBody.codePoints().toArray();
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < cps.length; i++) {
      if (cps[i] == '-' && i > 0 && i < cps.length - 1) sb.append('-');
      else sb.append("\\x{").append(Integer.toHexString(cps[i])).append('}');
    }
    return sb.toString();
  }

  // MOJIBAKE_CATEGORIES
  static final String COMMON = names("NO-BREAK SPACE", "SOFT HYPHEN", "MIDDLE DOT", "ACUTE ACCENT", "EN DASH",
      "EM DASH", "HORIZONTAL BAR", "HORIZONTAL ELLIPSIS", "RIGHT SINGLE QUOTATION MARK");
  static final String C1 = "\u0080-\u009f";
  static final String BAD = names("BROKEN BAR", "CURRENCY SIGN", "DIAERESIS", "NOT SIGN", "MACRON", "CEDILLA",
      "LATIN SMALL LETTER F WITH HOOK", "MODIFIER LETTER CIRCUMFLEX ACCENT", "CARON", "BREVE", "OGONEK",
      "SMALL TILDE", "DAGGER", "DOUBLE DAGGER", "PER MILLE SIGN", "REVERSED NOT SIGN", "LOZENGE")
      + "\ufffd" + names("FEMININE ORDINAL INDICATOR", "MASCULINE ORDINAL INDICATOR");
  static final String LAW = names("PILCROW SIGN", "SECTION SIGN");
  static final String CURRENCY = names("CENT SIGN", "POUND SIGN", "YEN SIGN", "PESETA SIGN", "EURO SIGN");
  static final String START_PUNCTUATION = names("INVERTED EXCLAMATION MARK",
      "LEFT-POINTING DOUBLE ANGLE QUOTATION MARK", "INVERTED QUESTION MARK", "COPYRIGHT SIGN", "GREEK TONOS",
      "GREEK DIALYTIKA TONOS", "LEFT SINGLE QUOTATION MARK", "SINGLE LOW-9 QUOTATION MARK",
      "LEFT DOUBLE QUOTATION MARK", "DOUBLE LOW-9 QUOTATION MARK", "BULLET",
      "SINGLE LEFT-POINTING ANGLE QUOTATION MARK") + "\uf8ff";
  static final String END_PUNCTUATION = names("REGISTERED SIGN", "RIGHT-POINTING DOUBLE ANGLE QUOTATION MARK",
      "DOUBLE ACUTE ACCENT", "RIGHT DOUBLE QUOTATION MARK", "SINGLE RIGHT-POINTING ANGLE QUOTATION MARK",
      "TRADE MARK SIGN");
  static final String NUMERIC = names("SUPERSCRIPT TWO", "SUPERSCRIPT THREE", "SUPERSCRIPT ONE", "PLUS-MINUS SIGN",
      "VULGAR FRACTION ONE QUARTER", "VULGAR FRACTION ONE HALF", "VULGAR FRACTION THREE QUARTERS",
      "MULTIPLICATION SIGN", "MICRO SIGN", "DIVISION SIGN", "FRACTION SLASH", "PARTIAL DIFFERENTIAL", "INCREMENT",
      "N-ARY PRODUCT", "N-ARY SUMMATION", "SQUARE ROOT", "INFINITY", "INTERSECTION", "INTEGRAL",
      "ALMOST EQUAL TO", "NOT EQUAL TO", "IDENTICAL TO", "LESS-THAN OR EQUAL TO", "GREATER-THAN OR EQUAL TO",
      "NUMERO SIGN");
  static final String KAOMOJI = "\u00d2-\u00d6" + "\u00d9-\u00dc" + "\u00f2-\u00f6" + "\u00f8-\u00fc"
      + names("LATIN CAPITAL LETTER O WITH DOUBLE ACUTE", "LATIN CAPITAL LETTER O WITH MACRON",
          "LATIN CAPITAL LETTER U WITH MACRON", "LATIN CAPITAL LETTER U WITH OGONEK", "DEGREE SIGN");
  static final String UPPER_ACCENTED = "\u00c0-\u00d1" + names("LATIN CAPITAL LETTER O WITH STROKE",
      "LATIN CAPITAL LETTER U WITH DIAERESIS", "LATIN CAPITAL LETTER Y WITH ACUTE",
      "LATIN CAPITAL LETTER A WITH BREVE", "LATIN CAPITAL LETTER A WITH MACRON",
      "LATIN CAPITAL LETTER A WITH OGONEK", "LATIN CAPITAL LETTER C WITH ACUTE",
      "LATIN CAPITAL LETTER C WITH CARON", "LATIN CAPITAL LETTER D WITH CARON",
      "LATIN CAPITAL LETTER D WITH STROKE", "LATIN CAPITAL LETTER E WITH OGONEK",
      "LATIN CAPITAL LETTER E WITH CARON", "LATIN CAPITAL LETTER E WITH MACRON",
      "LATIN CAPITAL LETTER E WITH DOT ABOVE", "LATIN CAPITAL LETTER G WITH BREVE",
      "LATIN CAPITAL LETTER G WITH CEDILLA", "LATIN CAPITAL LETTER I WITH DOT ABOVE",
      "LATIN CAPITAL LETTER I WITH MACRON", "LATIN CAPITAL LETTER K WITH CEDILLA",
      "LATIN CAPITAL LETTER L WITH ACUTE", "LATIN CAPITAL LETTER L WITH CARON",
      "LATIN CAPITAL LETTER L WITH STROKE", "LATIN CAPITAL LETTER L WITH CEDILLA",
      "LATIN CAPITAL LETTER N WITH ACUTE", "LATIN CAPITAL LETTER N WITH CARON",
      "LATIN CAPITAL LETTER N WITH CEDILLA", "LATIN CAPITAL LIGATURE OE", "LATIN CAPITAL LETTER R WITH CARON",
      "LATIN CAPITAL LETTER S WITH ACUTE", "LATIN CAPITAL LETTER S WITH CEDILLA",
      "LATIN CAPITAL LETTER S WITH CARON", "LATIN CAPITAL LETTER T WITH CEDILLA",
      "LATIN CAPITAL LETTER T WITH CARON", "LATIN CAPITAL LETTER U WITH RING ABOVE",
      "LATIN CAPITAL LETTER U WITH DOUBLE ACUTE", "LATIN CAPITAL LETTER Y WITH DIAERESIS",
      "LATIN CAPITAL LETTER Z WITH ACUTE", "LATIN CAPITAL LETTER Z WITH DOT ABOVE",
      "LATIN CAPITAL LETTER Z WITH CARON", "CYRILLIC CAPITAL LETTER GHE WITH UPTURN");
  static final String LOWER_ACCENTED = n("LATIN SMALL LETTER SHARP S") + "\u00e0-\u00f1" + names(
      "LATIN SMALL LETTER A WITH BREVE", "LATIN SMALL LETTER A WITH OGONEK", "LATIN SMALL LETTER A WITH MACRON",
      "LATIN SMALL LETTER C WITH ACUTE", "LATIN SMALL LETTER C WITH CARON", "LATIN SMALL LETTER D WITH CARON",
      "LATIN SMALL LETTER D WITH STROKE", "LATIN SMALL LETTER E WITH OGONEK", "LATIN SMALL LETTER E WITH CARON",
      "LATIN SMALL LETTER E WITH MACRON", "LATIN SMALL LETTER E WITH DOT ABOVE",
      "LATIN SMALL LETTER G WITH BREVE", "LATIN SMALL LETTER G WITH CEDILLA",
      "LATIN SMALL LETTER I WITH OGONEK", "LATIN SMALL LETTER I WITH MACRON",
      "LATIN SMALL LETTER K WITH CEDILLA", "LATIN SMALL LETTER L WITH ACUTE", "LATIN SMALL LETTER L WITH CARON",
      "LATIN SMALL LETTER L WITH STROKE", "LATIN SMALL LETTER L WITH CEDILLA", "LATIN SMALL LIGATURE OE",
      "LATIN SMALL LETTER R WITH ACUTE", "LATIN SMALL LETTER S WITH ACUTE", "LATIN SMALL LETTER S WITH CEDILLA",
      "LATIN SMALL LETTER S WITH CARON", "LATIN SMALL LETTER T WITH CARON",
      "LATIN SMALL LETTER U WITH DIAERESIS", "LATIN SMALL LETTER Z WITH ACUTE",
      "LATIN SMALL LETTER Z WITH DOT ABOVE", "LATIN SMALL LETTER Z WITH CARON",
      "CYRILLIC SMALL LETTER GHE WITH UPTURN", "LATIN SMALL LIGATURE FI", "LATIN SMALL LIGATURE FL");
  static final String UPPER_COMMON = n("LATIN CAPITAL LETTER THORN")
      + n("GREEK CAPITAL LETTER ALPHA") + "-" + n("GREEK CAPITAL LETTER OMEGA")
      + names("GREEK CAPITAL LETTER ALPHA WITH TONOS", "GREEK CAPITAL LETTER EPSILON WITH TONOS",
          "GREEK CAPITAL LETTER ETA WITH TONOS", "GREEK CAPITAL LETTER IOTA WITH TONOS",
          "GREEK CAPITAL LETTER OMICRON WITH TONOS", "GREEK CAPITAL LETTER UPSILON WITH TONOS",
          "GREEK CAPITAL LETTER OMEGA WITH TONOS", "GREEK CAPITAL LETTER IOTA WITH DIALYTIKA",
          "GREEK CAPITAL LETTER UPSILON WITH DIALYTIKA")
      + n("CYRILLIC CAPITAL LETTER IO") + "-" + n("CYRILLIC CAPITAL LETTER YA");
  static final String LOWER_COMMON = n("GREEK SMALL LETTER ALPHA") + "-" + n("GREEK SMALL LETTER OMEGA")
      + names("GREEK SMALL LETTER ALPHA WITH TONOS", "GREEK SMALL LETTER EPSILON WITH TONOS",
          "GREEK SMALL LETTER ETA WITH TONOS", "GREEK SMALL LETTER IOTA WITH TONOS",
          "GREEK SMALL LETTER UPSILON WITH DIALYTIKA AND TONOS")
      + n("CYRILLIC SMALL LETTER A") + "-" + n("CYRILLIC SMALL LETTER DZHE");
  static final String BOX = "\u2502\u250c\u2510\u2518\u251c\u2524\u252c\u253c"
      + n("BOX DRAWINGS DOUBLE HORIZONTAL") + "-" + n("BOX DRAWINGS DOUBLE VERTICAL AND HORIZONTAL")
      + "\u2580\u2584\u2588\u258c\u2590\u2591\u2592\u2593";

  /**
   * BADNESS_RE as one Java regex. {@link #isBad} uses {@link SequenceMatcher} built from the same
   * alternatives instead, because Java evaluates big unions of single characters one by one and the
   * regex made fixText about 20x slower on DL19 passages; the tests check that both agree.
   */
  static final Pattern BADNESS_RE = Pattern.compile(String.join("|", alternatives()), Pattern.UNIX_LINES);

  private static final SequenceMatcher FAST = new SequenceMatcher(alternatives());

  private static String[] alternatives() {
    String bad = BAD;
    String la = LOWER_ACCENTED;
    String ua = UPPER_ACCENTED;
    String box = BOX;
    String sp = START_PUNCTUATION;
    String ep = END_PUNCTUATION;
    String cur = CURRENCY;
    String num = NUMERIC;
    String law = LAW;
    String s = "[" + FtfyTables.PY_SPACE_CLASS + "]";
    String w = "[" + FtfyTables.PY_WORD_CLASS + "]";
    String arabic = cls(COMMON, cur, bad, num, sp, "\u0178\u0160\u00ae\u00b0\u00b5\u00bb");
    String[] alternatives = {
        cls(C1),
        cls(bad, la, ua, box, sp, ep, cur, num, law) + cls(bad),
        "[a-zA-Z]" + cls(LOWER_COMMON, UPPER_COMMON) + cls(bad),
        cls(bad) + cls(la, ua, box, sp, ep, cur, num, law),
        cls(la, LOWER_COMMON, box, ep, cur, num) + cls(ua),
        cls(box, ep, cur, num) + cls(la),
        cls(la, box, ep) + cls(cur),
        s + cls(ua) + cls(cur),
        cls(ua, box) + cls(num, law),
        cls(la, ua, box, cur, ep) + cls(sp) + cls(num),
        cls(la, ua, cur, num, box, law) + cls(ep) + cls(sp),
        cls(cur, num, box) + cls(sp),
        "[a-z]" + cls(ua) + cls(sp, cur),
        cls(box) + cls(KAOMOJI),
        cls(la, ua, cur, num, sp, ep, law) + cls(box),
        cls(box) + cls(ep),
        cls(la, ua) + cls(sp, ep) + w,
        // the ligature œ when not followed by an unaccented Latin letter
        "[\\x{152}\\x{153}][^A-Za-z]",
        // degree signs after capital letters
        cls(ua) + "\\x{b0}",
        // common Windows-1252 2-character mojibake that isn't covered by the cases above
        cls("\u00c2\u00c3\u00ce\u00d0")
            + cls("\u20ac\u0153\u0160\u0161\u00a2\u00a3\u0178\u017e\u00a0\u00ad\u00ae\u00a9\u00b0\u00b7\u00bb",
                sp, ep, "\u2013\u2014\u00b4"),
        "\\x{d7}[\\x{b2}\\x{b3}]",
        // Windows-1252 mojibake of Arabic words needs the 'common' characters, so four are required
        "[\\x{d8}\\x{d9}]" + arabic + "[\\x{d8}\\x{d9}]" + arabic,
        // Windows-1252 mojibake that starts 3-character sequences for some South Asian alphabets
        "\\x{e0}" + cls("\u00b2\u00b5\u00b9\u00bc\u00bd\u00be"),
        // MacRoman mojibake that isn't covered by the cases above
        "\\x{221a}" + cls("\u00b1\u2202\u2020\u2260\u00ae\u2122\u00b4\u2264\u2265\u00a5\u00b5\u00f8"),
        "\\x{2248}[\\x{b0}\\x{a2}]",
        "\\x{201a}\\x{c4}" + cls("\u00ec\u00ee\u00ef\u00f2\u00f4\u00fa\u00f9\u00fb\u2020\u00b0\u00a2\u03c0"),
        "\\x{201a}[\\x{e2}\\x{f3}]" + cls("\u00e0\u00e4\u00b0\u00ea"),
        // Windows-1251 mojibake of characters in the U+2000 range
        "\\x{432}\\x{402}",
        // Windows-1251 mojibake of Latin-1 characters and/or the Cyrillic alphabet (3 characters)
        cls("\u0412\u0413\u0420\u0421") + cls(C1, bad, sp, ep, cur, "\u00b0\u00b5") + cls("\u0412\u0413\u0420\u0421"),
        // five Cyrillic letters of Windows-1251 over Latin-1 over Windows-1252, near a Latin letter
        "\\x{413}\\x{45e}\\x{412}\\x{402}\\x{412}.[A-Za-z ]",
        // Windows-1252 encodings of 'à' and 'á', as well as \xa0 itself
        "\\x{c3}[\\x{a0}\\x{a1}]",
        "[a-z]" + s + "?[\\x{c3}\\x{c2}] ",
        "^[\\x{c3}\\x{c2}] ",
        // Â preceding a character as an encoding of exactly the same character
        cls("a-z.,?!", ep) + "\\x{c2}" + cls(" ", sp, ep),
        // Windows-1253 mojibake of characters in the U+2000 range
        "\\x{3b2}\\x{20ac}" + cls("\u2122\u00a0\u0386\u00ad\u00ae\u00b0"),
        // Windows-1253 mojibake of Latin-1 characters and/or the Greek alphabet
        cls("\u0392\u0393\u039e\u039f") + cls(C1, bad, sp, ep, cur, "\u00b0") + cls("\u0392\u0393\u039e\u039f"),
        // Windows-1257 mojibake of characters in the U+2000 range
        "\\x{101}\\x{20ac}",
    };
    return alternatives;
  }

  /** {@code badness.is_bad}: whether any unlikely juxtaposition occurs anywhere in the text. */
  static boolean isBad(String text) {
    return FAST.find(text);
  }
}
