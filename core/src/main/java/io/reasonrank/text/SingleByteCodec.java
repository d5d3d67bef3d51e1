package io.reasonrank.text;

import java.util.HashMap;
import java.util.Map;

/**
 * One of the single-byte encodings that ftfy's {@code fix_encoding} re-encodes text with
 * ({@code chardata.CHARMAP_ENCODINGS}), including ftfy's "sloppy" Windows codecs
 * ({@code bad_codecs/sloppy.py}): undefined bytes pass through as the Latin-1 code point of the same
 * number, and byte 0x1A stands for U+FFFD so that lossy mojibake can still be re-encoded.
 */
final class SingleByteCodec {
  final String name;
  private final int[] decode;
  private final Map<Integer, Integer> encode = new HashMap<>();

  private SingleByteCodec(String name, int[] decode) {
    this.name = name;
    this.decode = decode;
    for (int b = 0; b < 256; b++) if (decode[b] >= 0) encode.put(decode[b], b);
  }

  static SingleByteCodec named(String name) {
    int[] table = FtfyTables.CODECS.get(name);
    if (table == null) throw new IllegalArgumentException("unknown codec: " + name);
    return new SingleByteCodec(name, table);
  }

  /**
   * {@code chardata.possible_encoding}: whether every code point of {@code text} is one of
   * U+00–U+19, U+1B–U+7F, or what bytes 0x80–0xFF and 0x1A decode to.
   */
  boolean canEncode(String text) {
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      i += Character.charCount(cp);
      if (cp < 0x80 && cp != 0x1A) continue;
      Integer b = encode.get(cp);
      if (b == null || (b < 0x80 && b != 0x1A)) return false;
    }
    return true;
  }

  /** {@code text.encode(name)}; callers check {@link #canEncode} first, as ftfy does. */
  byte[] encode(String text) {
    byte[] out = new byte[text.codePointCount(0, text.length())];
    int n = 0;
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      i += Character.charCount(cp);
      Integer b = encode.get(cp);
      if (b == null) throw new IllegalArgumentException(name + " cannot encode U+" + Integer.toHexString(cp));
      out[n++] = (byte) (int) b;
    }
    return out;
  }

  /** {@code bytes.decode(name)} with strict errors: null where a byte is undefined. */
  String decodeStrict(byte[] bytes) {
    StringBuilder sb = new StringBuilder(bytes.length);
    for (byte x : bytes) {
      int cp = decode[x & 0xFF];
      if (cp < 0) return null;
      sb.appendCodePoint(cp);
    }
    return sb.toString();
  }

  /** The character byte {@code b} decodes to, or -1. */
  int decodeByte(int b) {
    return decode[b & 0xFF];
  }
}
