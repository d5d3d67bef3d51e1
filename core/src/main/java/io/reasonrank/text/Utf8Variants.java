package io.reasonrank.text;

/**
 * Strict UTF-8 decoding as CPython does it ({@code bytes.decode("utf-8")}: no surrogates, no overlong
 * forms, nothing above U+10FFFF) and ftfy's {@code utf-8-variants} codec
 * ({@code bad_codecs/utf8_variants.py}), which additionally accepts CESU-8 surrogate pairs and Java's
 * two-byte null {@code C0 80}. Both return null where Python raises {@code UnicodeDecodeError}.
 */
final class Utf8Variants {
  private Utf8Variants() {}

  static String decodeUtf8(byte[] b) {
    StringBuilder sb = new StringBuilder(b.length);
    return decodeRange(b, 0, b.length, sb) ? sb.toString() : null;
  }

  /**
   * {@code utf-8-variants} with strict errors. Standard UTF-8 is decoded up to the next "special"
   * sequence; a special sequence is handled as the codec does, including its regex's {@code $}, which
   * also matches just before a final {@code \n} (so {@code C0 0A} at the very end decodes to U+0000).
   */
  static String decodeVariants(byte[] b) {
    StringBuilder sb = new StringBuilder(b.length);
    int pos = 0;
    int n = b.length;
    while (pos < n) {
      int special = nextSpecial(b, pos);
      if (special < 0) return decodeRange(b, pos, n, sb) ? sb.toString() : null;
      if (special > pos) {
        if (!decodeRange(b, pos, special, sb)) return null;
        pos = special;
        continue;
      }
      int rest = n - pos;
      if ((b[pos] & 0xFF) == 0xC0) {
        if (rest > 1) {
          sb.append('\u0000');
          pos += 2;
        } else {
          return decodeRange(b, pos, n, sb) ? sb.toString() : null;
        }
      } else if (rest < 6) {
        return decodeRange(b, pos, n, sb) ? sb.toString() : null;
      } else if (cesuAt(b, pos)) {
        int cp = ((b[pos + 1] & 0x0F) << 16) + ((b[pos + 2] & 0x3F) << 10) + ((b[pos + 4] & 0x0F) << 6)
            + (b[pos + 5] & 0x3F) + 0x10000;
        sb.appendCodePoint(cp);
        pos += 6;
      } else {
        // Not CESU-8 after all: the codec hands three bytes to the ordinary decoder, which can only
        // fail on them (ED A0..BF is a surrogate) or, for a truncated end match, decode what is there.
        int end = Math.min(n, pos + 3);
        if (!decodeRange(b, pos, end, sb)) return null;
        pos = end;
      }
    }
    return sb.toString();
  }

  /** Python's {@code $} in a bytes regex without MULTILINE: at the end, or before a final newline. */
  private static boolean atEnd(byte[] b, int i) {
    return i == b.length || (i == b.length - 1 && b[i] == '\n');
  }

  private static boolean in(byte[] b, int i, int lo, int hi) {
    return i < b.length && (b[i] & 0xFF) >= lo && (b[i] & 0xFF) <= hi;
  }

  /** Python's group {@code ([lo-hi]|$)} at i: returns the next position or -1; "$" consumes nothing. */
  private static int step(byte[] b, int i, int lo, int hi) {
    if (i < 0) return -1;
    if (in(b, i, lo, hi)) return i + 1;
    return atEnd(b, i) ? i : -1;
  }

  /** Whether SPECIAL_BYTES_RE (NULL | CESU-8 | surrogate, each allowing truncation at $) matches at i. */
  private static boolean specialAt(byte[] b, int i) {
    int lead = b[i] & 0xFF;
    if (lead == 0xC0) return step(b, i + 1, 0x80, 0x80) >= 0;
    if (lead != 0xED) return false;
    int p = step(b, i + 1, 0xA0, 0xAF);
    p = step(b, p, 0x80, 0xBF);
    p = step(b, p, 0xED, 0xED);
    p = step(b, p, 0xB0, 0xBF);
    p = step(b, p, 0x80, 0xBF);
    if (p >= 0) return true;
    int q = step(b, i + 1, 0xA0, 0xBF);
    return step(b, q, 0x80, 0xBF) >= 0;
  }

  private static int nextSpecial(byte[] b, int from) {
    for (int i = from; i < b.length; i++) if (specialAt(b, i)) return i;
    return -1;
  }

  /** CESU8_RE.match at i (input has at least six bytes left). */
  private static boolean cesuAt(byte[] b, int i) {
    if ((b[i] & 0xFF) != 0xED) return false;
    int p = step(b, i + 1, 0xA0, 0xAF);
    p = step(b, p, 0x80, 0xBF);
    p = step(b, p, 0xED, 0xED);
    p = step(b, p, 0xB0, 0xBF);
    p = step(b, p, 0x80, 0xBF);
    return p >= 0;
  }

  /** Strict UTF-8 decoding of b[from, to) appended to sb; false on any error. */
  private static boolean decodeRange(byte[] b, int from, int to, StringBuilder sb) {
    int i = from;
    while (i < to) {
      int c = b[i] & 0xFF;
      if (c < 0x80) {
        sb.append((char) c);
        i++;
        continue;
      }
      int need;
      int cp;
      int min2;
      int max2 = 0xBF;
      if (c >= 0xC2 && c <= 0xDF) {
        need = 1;
        cp = c & 0x1F;
        min2 = 0x80;
      } else if (c >= 0xE0 && c <= 0xEF) {
        need = 2;
        cp = c & 0x0F;
        min2 = c == 0xE0 ? 0xA0 : 0x80;
        if (c == 0xED) max2 = 0x9F;
      } else if (c >= 0xF0 && c <= 0xF4) {
        need = 3;
        cp = c & 0x07;
        min2 = c == 0xF0 ? 0x90 : 0x80;
        if (c == 0xF4) max2 = 0x8F;
      } else {
        return false;
      }
      if (i + need >= to) return false; // truncated sequence
      for (int k = 1; k <= need; k++) {
        int x = b[i + k] & 0xFF;
        int lo = k == 1 ? min2 : 0x80;
        int hi = k == 1 ? max2 : 0xBF;
        if (x < lo || x > hi) return false;
        cp = (cp << 6) | (x & 0x3F);
      }
      sb.appendCodePoint(cp);
      i += need + 1;
    }
    return true;
  }
}
