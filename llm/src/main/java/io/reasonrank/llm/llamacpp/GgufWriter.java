package io.reasonrank.llm.llamacpp;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes GGUF v3 (docs/llamacpp-binding.md §2): header, key/value pairs, tensor infos with contiguous offsets,
 * padding to the 32-byte alignment, then the tensor data in info order, each padded. llama.cpp checks key types
 * strictly, so hyper-parameters are u32 and floats f32. Tensor data stays F32 in memory and is converted while
 * writing. One writer serves the trainer's checkpoint export and the tiny models the llama.cpp tests load.
 */
public final class GgufWriter {
  /** The data alignment this writer pads to (GGUF's default; write it as {@code general.alignment} u32). */
  public static final int ALIGNMENT = 32;
  private static final int T_U32 = 4, T_I32 = 5, T_F32 = 6, T_BOOL = 7, T_STRING = 8, T_ARRAY = 9;
  /** ggml tensor types. */
  public static final int GGML_F32 = 0, GGML_F16 = 1;

  private record Entry(String name, long[] ne, int ggmlType, float[] data) {
    long bytes() {
      return (long) data.length * (ggmlType == GGML_F16 ? 2 : 4);
    }
  }

  private final Buf kv = new Buf();
  private int kvCount;
  private final List<Entry> tensors = new ArrayList<>();

  public GgufWriter string(String key, String value) {
    header(key, T_STRING);
    kv.string(value);
    return this;
  }

  public GgufWriter u32(String key, long value) {
    header(key, T_U32);
    kv.i32((int) value);
    return this;
  }

  public GgufWriter f32(String key, float value) {
    header(key, T_F32);
    kv.i32(Float.floatToRawIntBits(value));
    return this;
  }

  public GgufWriter bool(String key, boolean value) {
    header(key, T_BOOL);
    kv.u8(value ? 1 : 0);
    return this;
  }

  public GgufWriter strings(String key, List<String> values) {
    header(key, T_ARRAY);
    kv.i32(T_STRING);
    kv.i64(values.size());
    for (String v : values) kv.string(v);
    return this;
  }

  public GgufWriter i32s(String key, int[] values) {
    header(key, T_ARRAY);
    kv.i32(T_I32);
    kv.i64(values.length);
    for (int v : values) kv.i32(v);
    return this;
  }

  /** A row-major tensor; GGUF's {@code ne} is the shape reversed (ggml's {@code ne[0]} is the fastest dimension). */
  public GgufWriter tensor(String name, int ggmlType, float[] data, long... shape) {
    long n = 1;
    for (long d : shape) n *= d;
    if (n != data.length) throw new IllegalArgumentException(name + ": shape holds " + n + " values, data " + data.length);
    long[] ne = new long[shape.length];
    for (int i = 0; i < shape.length; i++) ne[i] = shape[shape.length - 1 - i];
    tensors.add(new Entry(name, ne, ggmlType, data));
    return this;
  }

  /** Writes the file; returns its size. */
  public long write(Path out) throws IOException {
    Buf head = new Buf();
    head.bytes("GGUF".getBytes(StandardCharsets.US_ASCII));
    head.i32(3);
    head.i64(tensors.size());
    head.i64(kvCount);
    head.bytes(kv.toArray());
    long offset = 0;
    for (Entry t : tensors) {
      head.string(t.name());
      head.i32(t.ne().length);
      for (long d : t.ne()) head.i64(d);
      head.i32(t.ggmlType());
      head.i64(offset);
      offset += pad(t.bytes());
    }
    head.zeros(pad(head.size()) - head.size());
    long total = head.size();
    try (FileChannel ch = FileChannel.open(out, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
      writeFully(ch, ByteBuffer.wrap(head.toArray()));
      ByteBuffer b = ByteBuffer.allocate(1 << 22).order(ByteOrder.LITTLE_ENDIAN);
      for (Entry t : tensors) {
        for (float f : t.data()) {
          if (b.remaining() < 4) {
            writeFully(ch, b.flip());
            b.clear();
          }
          if (t.ggmlType() == GGML_F16) b.putShort(Float.floatToFloat16(f));
          else b.putFloat(f);
        }
        for (long i = t.bytes(); i < pad(t.bytes()); i++) {
          if (!b.hasRemaining()) {
            writeFully(ch, b.flip());
            b.clear();
          }
          b.put((byte) 0);
        }
        total += pad(t.bytes());
      }
      writeFully(ch, b.flip());
    }
    return total;
  }

  private void header(String key, int type) {
    kv.string(key);
    kv.i32(type);
    kvCount++;
  }

  private static long pad(long n) {
    return (n + ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT;
  }

  private static void writeFully(FileChannel ch, ByteBuffer b) throws IOException {
    while (b.hasRemaining()) ch.write(b);
  }

  /** A growable little-endian byte buffer. */
  private static final class Buf {
    private ByteBuffer b = ByteBuffer.allocate(1 << 20).order(ByteOrder.LITTLE_ENDIAN);

    private void room(int n) {
      if (b.remaining() < n) {
        ByteBuffer bigger = ByteBuffer.allocate(Math.max(b.capacity() * 2, b.position() + n)).order(ByteOrder.LITTLE_ENDIAN);
        b.flip();
        bigger.put(b);
        b = bigger;
      }
    }

    void u8(int v) {
      room(1);
      b.put((byte) v);
    }

    void i32(int v) {
      room(4);
      b.putInt(v);
    }

    void i64(long v) {
      room(8);
      b.putLong(v);
    }

    void bytes(byte[] v) {
      room(v.length);
      b.put(v);
    }

    void zeros(long n) {
      bytes(new byte[(int) n]);
    }

    void string(String s) {
      byte[] u = s.getBytes(StandardCharsets.UTF_8);
      i64(u.length);
      bytes(u);
    }

    int size() {
      return b.position();
    }

    byte[] toArray() {
      byte[] out = new byte[b.position()];
      b.duplicate().flip().get(out);
      return out;
    }
  }
}
