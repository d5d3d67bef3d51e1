package io.reasonrank.llm.llamacpp;

import io.reasonrank.format.InputException;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The metadata header of a GGUF model file (format v2/v3, little-endian; see
 * {@code docs/llamacpp-binding.md} §2), read without loading the model so that a
 * wrong file gives a one-line error before llama.cpp's opaque "could not load model".
 *
 * <p>Scalar values are kept as {@link Long} (every integer type), {@link Float} (f32), {@link Double} (f64),
 * {@link Boolean} or {@link String}; arrays are kept only as an {@link ArrayInfo} (element type and count),
 * because the vocabulary arrays alone are several megabytes and nothing here needs their elements.
 *
 * @param file the file read
 * @param fileSize its size in bytes
 * @param version the GGUF version (2 or 3)
 * @param tensorCount the number of tensors the header announces
 * @param values every metadata key in file order
 */
public record GgufMetadata(Path file, long fileSize, int version, long tensorCount, Map<String, Object> values) {

  /** An array-valued key: its element type name (as in the GGUF spec, e.g. {@code string}, {@code i32}) and length. */
  public record ArrayInfo(String elementType, long count) {
    @Override
    public String toString() {
      return "[" + count + " x " + elementType + "]";
    }
  }

  private static final int MAGIC = 0x46554747; // "GGUF" read as a little-endian u32
  private static final String[] TYPE_NAMES = {
    "u8", "i8", "u16", "i16", "u32", "i32", "f32", "bool", "string", "array", "u64", "i64", "f64"
  };
  private static final int TYPE_STRING = 8;
  private static final int TYPE_ARRAY = 9;
  /** Limits that turn a corrupt header into a clean error instead of an OutOfMemoryError. */
  private static final long MAX_KEYS = 1_000_000;
  private static final long MAX_STRING_BYTES = 1L << 28;

  public GgufMetadata {
    values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
  }

  /**
   * Reads the header of {@code file}.
   *
   * @throws InputException with a one-line message naming the file when it is missing, not GGUF, of an
   *     unsupported version, truncated, or lacks {@code general.architecture}
   */
  public static GgufMetadata read(Path file) {
    long size;
    try {
      size = Files.size(file);
    } catch (NoSuchFileException e) {
      throw InputException.at(file, "model file not found");
    } catch (IOException e) {
      throw InputException.at(file, "cannot read model file: " + e.getMessage());
    }
    if (Files.isDirectory(file)) throw InputException.at(file, "is a directory, not a GGUF model file");
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
      Reader r = new Reader(new DataInputStream(in));
      if (size < 4 || r.u32() != MAGIC) {
        throw InputException.at(file, "not a GGUF model file (it does not start with the bytes 'GGUF')");
      }
      int version = r.u32();
      if (version != 2 && version != 3) {
        throw InputException.at(file, "unsupported GGUF version " + Integer.toUnsignedString(version) + " (expected 2 or 3)");
      }
      long tensors = r.u64();
      long keys = r.u64();
      if (tensors < 0 || keys < 0 || keys > MAX_KEYS) {
        throw InputException.at(file, "corrupt GGUF header (tensor count " + tensors + ", key count " + keys + ")");
      }
      Map<String, Object> values = new LinkedHashMap<>();
      for (long i = 0; i < keys; i++) {
        String key = r.string();
        int type = r.u32();
        values.put(key, r.value(type, key));
      }
      GgufMetadata meta = new GgufMetadata(file, size, version, tensors, values);
      if (meta.string("general.architecture").isEmpty()) {
        throw InputException.at(file, "GGUF metadata lacks general.architecture");
      }
      return meta;
    } catch (EOFException e) {
      throw InputException.at(file, "truncated GGUF header");
    } catch (CorruptHeader e) {
      throw InputException.at(file, "corrupt GGUF header: " + e.getMessage());
    } catch (IOException e) {
      throw InputException.at(file, "cannot read model file: " + e.getMessage());
    }
  }

  /** {@code general.architecture}, e.g. {@code qwen2} or {@code llama}. */
  public String architecture() {
    return string("general.architecture").orElseThrow();
  }

  /** {@code general.name}, where the file has one. */
  public Optional<String> name() {
    return string("general.name");
  }

  /** {@code <arch>.context_length}: the context the model was trained for. */
  public OptionalLong contextLength() {
    return integer(architecture() + ".context_length");
  }

  /** The vocabulary size: the length of {@code tokenizer.ggml.tokens}, or 0 when the file has no vocabulary. */
  public long tokenCount() {
    return arrayLength("tokenizer.ggml.tokens");
  }

  /** The number of BPE merges ({@code tokenizer.ggml.merges}), 0 for non-BPE vocabularies. */
  public long mergeCount() {
    return arrayLength("tokenizer.ggml.merges");
  }

  /**
   * Whether llama.cpp prepends a BOS token when it tokenizes a completion prompt. Only an explicit
   * {@code tokenizer.ggml.add_bos_token = true} counts; Qwen files say false.
   */
  public boolean addsBosToken() {
    return values.get("tokenizer.ggml.add_bos_token") instanceof Boolean b && b;
  }

  public Optional<String> string(String key) {
    return values.get(key) instanceof String s ? Optional.of(s) : Optional.empty();
  }

  public OptionalLong integer(String key) {
    return values.get(key) instanceof Long l ? OptionalLong.of(l) : OptionalLong.empty();
  }

  private long arrayLength(String key) {
    return values.get(key) instanceof ArrayInfo a ? a.count() : 0;
  }

  private static final class CorruptHeader extends IOException {
    CorruptHeader(String message) {
      super(message);
    }
  }

  /** Little-endian primitives over a stream; GGUF is little-endian, DataInputStream big-endian. */
  private record Reader(DataInputStream in) {
    int u32() throws IOException {
      return Integer.reverseBytes(in.readInt());
    }

    long u64() throws IOException {
      return Long.reverseBytes(in.readLong());
    }

    String string() throws IOException {
      long len = u64();
      if (len < 0 || len > MAX_STRING_BYTES) throw new CorruptHeader("string of " + len + " bytes");
      byte[] bytes = in.readNBytes((int) len);
      if (bytes.length != len) throw new EOFException();
      return new String(bytes, StandardCharsets.UTF_8);
    }

    void skip(long n) throws IOException {
      while (n > 0) {
        long k = in.skip(n);
        if (k <= 0) {
          if (in.read() < 0) throw new EOFException();
          k = 1;
        }
        n -= k;
      }
    }

    Object value(int type, String key) throws IOException {
      return switch (type) {
        case 0 -> (long) in.readUnsignedByte();
        case 1 -> (long) in.readByte();
        case 2 -> (long) Short.toUnsignedInt(Short.reverseBytes(in.readShort()));
        case 3 -> (long) Short.reverseBytes(in.readShort());
        case 4 -> Integer.toUnsignedLong(u32());
        case 5 -> (long) u32();
        case 6 -> Float.intBitsToFloat(u32());
        case 7 -> in.readByte() != 0;
        case TYPE_STRING -> string();
        case TYPE_ARRAY -> array(key);
        case 10, 11 -> u64();
        case 12 -> Double.longBitsToDouble(u64());
        default -> throw new CorruptHeader("key " + key + " has unknown value type " + Integer.toUnsignedString(type));
      };
    }

    ArrayInfo array(String key) throws IOException {
      int elementType = u32();
      long count = u64();
      if (count < 0 || elementType < 0 || elementType >= TYPE_NAMES.length || elementType == TYPE_ARRAY) {
        throw new CorruptHeader("key " + key + " has a bad array (type " + elementType + ", count " + count + ")");
      }
      if (elementType == TYPE_STRING) {
        for (long i = 0; i < count; i++) {
          long len = u64();
          if (len < 0 || len > MAX_STRING_BYTES) throw new CorruptHeader("key " + key + " has a string of " + len + " bytes");
          skip(len);
        }
      } else {
        skip(count * width(elementType));
      }
      return new ArrayInfo(TYPE_NAMES[elementType], count);
    }

    static int width(int type) {
      return switch (type) {
        case 0, 1, 7 -> 1;
        case 2, 3 -> 2;
        case 4, 5, 6 -> 4;
        default -> 8;
      };
    }
  }
}
