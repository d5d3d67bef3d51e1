package io.reasonrank.text;

/**
 * ftfy 6.3.1 {@code fix_encoding} (mojibake repair), ported from {@code fix_encoding_and_explain} and
 * {@code _fix_encoding_one_step_and_explain} in {@code ftfy/__init__.py}, with the default
 * {@code TextFixerConfig} (restore_byte_a0, replace_lossy_sequences, decode_inconsistent_utf8 and
 * fix_c1_controls all on).
 *
 * <p>One step: ASCII text and text that {@link Badness#isBad} does not flag are left alone. Otherwise the
 * first encoding of {@link Chardata#CHARMAP_ENCODINGS} that can encode the text and whose bytes (after
 * the byte-A0 and lossy-sequence transcoders) decode as UTF-8 (or utf-8-variants if bytes ED or C0
 * occur) wins. Failing that, isolated UTF-8 mojibake runs are fixed, then Latin-1 is re-read as
 * Windows-1252, then C1 controls are mapped. Steps repeat until the text stops changing.
 */
final class FixEncoding {
  private FixEncoding() {}

  static String fixEncoding(String text) {
    while (true) {
      String prev = text;
      text = oneStep(text);
      if (text.equals(prev)) return text;
    }
  }

  private static boolean isAscii(String text) {
    for (int i = 0; i < text.length(); i++) if (text.charAt(i) >= 0x80) return false;
    return true;
  }

  static String oneStep(String text) {
    if (text.isEmpty()) return text;
    if (isAscii(text) || !Badness.isBad(text)) return text;

    boolean latin1Possible = false;
    for (SingleByteCodec codec : Chardata.CHARMAP_ENCODINGS) {
      if (!codec.canEncode(text)) continue;
      if (codec == Chardata.LATIN_1) latin1Possible = true;
      byte[] encoded = codec.encode(text);
      // Sequences that would be UTF-8 but for a space where A0 belongs; not in macroman, where
      // an en dash followed by a space would match and produce false positives.
      if (!codec.name.equals("macroman")
          && Chardata.ALTERED_UTF8_RE.matcher(Chardata.bytesAsChars(encoded)).find()) {
        encoded = Fixes.restoreByteA0(encoded);
      }
      if (codec.name.startsWith("sloppy")) encoded = Fixes.replaceLossySequences(encoded);
      String fixed = contains(encoded, 0xED) || contains(encoded, 0xC0)
          ? Utf8Variants.decodeVariants(encoded)
          : Utf8Variants.decodeUtf8(encoded);
      if (fixed != null) return fixed;
    }

    if (Chardata.UTF8_DETECTOR_RE.matcher(text).find()) {
      String fixed = Fixes.decodeInconsistentUtf8(text);
      if (!fixed.equals(text)) return fixed;
    }

    // ftfy checks for "windows-1252" among the possible encodings here, but its list only ever holds
    // "sloppy-windows-1252", so Latin-1 text always takes the re-read-as-Windows-1252 branch.
    if (latin1Possible) {
      String fixed = Chardata.WINDOWS_1252.decodeStrict(Chardata.LATIN_1.encode(text));
      if (fixed != null && !fixed.equals(text)) return fixed;
    }

    if (Chardata.C1_CONTROL_RE.matcher(text).find()) return Fixes.fixC1Controls(text);
    return text;
  }

  private static boolean contains(byte[] bytes, int value) {
    for (byte b : bytes) if ((b & 0xFF) == value) return true;
    return false;
  }
}
