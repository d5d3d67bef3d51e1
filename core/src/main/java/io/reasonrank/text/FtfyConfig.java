package io.reasonrank.text;

/**
 * The subset of ftfy's {@code TextFixerConfig} that {@link Ftfy} honours; {@link #DEFAULTS} is ftfy
 * 6.3.1's default. {@code unescapeHtml} is "auto" (null), true or false, as in Python.
 */
record FtfyConfig(
    Boolean unescapeHtml,
    boolean removeTerminalEscapes,
    boolean fixEncoding,
    boolean fixC1Controls,
    boolean fixLatinLigatures,
    boolean fixCharacterWidth,
    boolean uncurlQuotes,
    boolean fixLineBreaks,
    boolean fixSurrogates,
    boolean removeControlChars,
    boolean normalizeNfc,
    int maxDecodeLength) {

  static final FtfyConfig DEFAULTS =
      new FtfyConfig(null, true, true, true, true, true, true, true, true, true, true, 1_000_000);

  FtfyConfig {
    if (maxDecodeLength <= 0) throw new IllegalArgumentException("maxDecodeLength must be positive");
  }

  /** ftfy's {@code config._replace(unescape_html=False)}. */
  FtfyConfig withUnescapeHtml(Boolean value) {
    return new FtfyConfig(value, removeTerminalEscapes, fixEncoding, fixC1Controls, fixLatinLigatures,
        fixCharacterWidth, uncurlQuotes, fixLineBreaks, fixSurrogates, removeControlChars, normalizeNfc,
        maxDecodeLength);
  }

  boolean unescapeHtmlAuto() {
    return unescapeHtml == null;
  }
}
