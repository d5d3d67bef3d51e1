package io.reasonrank.trainer.safetensors;

/** The on-disk element types this reader and writer handle; all convert to and from F32. */
public enum StDtype {
  F32(4), F16(2), BF16(2);

  private final int bytes;

  StDtype(int bytes) {
    this.bytes = bytes;
  }

  public int bytes() {
    return bytes;
  }

  /** Parses a header dtype or a user option ({@code f32}, {@code bf16}, case-insensitive). */
  public static StDtype parse(String name) {
    for (StDtype d : values()) if (d.name().equalsIgnoreCase(name)) return d;
    throw new IllegalArgumentException("unsupported dtype '" + name + "' (F32, F16 or BF16)");
  }

  /** BF16 bits from F32, rounding to nearest even as PyTorch does; NaN stays NaN. */
  public static short toBf16(float f) {
    int bits = Float.floatToRawIntBits(f);
    if (Float.isNaN(f)) return (short) ((bits >>> 16) | 0x40);
    int rounding = 0x7FFF + ((bits >>> 16) & 1);
    return (short) ((bits + rounding) >>> 16);
  }

  public static float fromBf16(short b) {
    return Float.intBitsToFloat((b & 0xFFFF) << 16);
  }
}
