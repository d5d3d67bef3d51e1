package io.reasonrank.trainer.safetensors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reasonrank.format.InputException;
import io.reasonrank.io.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads and writes one {@code .safetensors} file. Reading converts F32, F16 and BF16 to F32; writing converts F32 to
 * the chosen dtype. The header carries {@code "__metadata__": {"format": "pt"}}, which Hugging Face transformers
 * requires before it loads a file; tensors are laid out in name order and the header is padded with spaces to a
 * multiple of 8 bytes, as the reference implementation does.
 */
public final class Safetensors {
  private Safetensors() {}

  /** Largest header accepted (the reference implementation's limit is 100 MB). */
  static final long MAX_HEADER = 100L << 20;

  /** All tensors of a file, in header order. */
  public static Map<String, Tensor> read(Path file) {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      ByteBuffer lenBuf = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
      readFully(ch, lenBuf, 0, file);
      long headerLen = lenBuf.flip().getLong();
      long size = ch.size();
      if (headerLen <= 0 || headerLen > MAX_HEADER || 8 + headerLen > size) {
        throw InputException.at(file, "not a safetensors file (header length " + headerLen + ", file size " + size + ")");
      }
      ByteBuffer hb = ByteBuffer.allocate((int) headerLen);
      readFully(ch, hb, 8, file);
      JsonNode header;
      try {
        header = Json.MAPPER.readTree(new String(hb.array(), StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw InputException.at(file, "safetensors header is not JSON: " + e.getMessage());
      }
      if (header == null || !header.isObject()) throw InputException.at(file, "safetensors header is not a JSON object");
      long dataStart = 8 + headerLen;
      Map<String, Tensor> out = new LinkedHashMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = header.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        if (e.getKey().equals("__metadata__")) continue;
        out.put(e.getKey(), readTensor(ch, file, e.getKey(), e.getValue(), dataStart, size));
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  private static Tensor readTensor(FileChannel ch, Path file, String name, JsonNode info, long dataStart, long size)
      throws IOException {
    StDtype dtype;
    try {
      dtype = StDtype.parse(info.path("dtype").asText());
    } catch (IllegalArgumentException e) {
      throw InputException.at(file, "tensor " + name + ": " + e.getMessage());
    }
    JsonNode shapeNode = info.path("shape");
    long[] shape = new long[shapeNode.size()];
    long n = 1;
    for (int i = 0; i < shape.length; i++) {
      shape[i] = shapeNode.get(i).asLong();
      n *= shape[i];
    }
    long begin = info.path("data_offsets").path(0).asLong(-1), end = info.path("data_offsets").path(1).asLong(-1);
    if (begin < 0 || end < begin || dataStart + end > size || end - begin != n * dtype.bytes()) {
      throw InputException.at(file, "tensor " + name + ": data_offsets [" + begin + ", " + end + "] do not fit shape "
          + java.util.Arrays.toString(shape) + " of " + dtype);
    }
    if (n > Integer.MAX_VALUE - 8) throw InputException.at(file, "tensor " + name + " has more than 2^31 elements");
    float[] data = new float[(int) n];
    // in slices so a 2 GB tensor does not need a 2 GB byte buffer at once
    int perSlice = (1 << 24) / dtype.bytes();
    ByteBuffer buf = ByteBuffer.allocate(perSlice * dtype.bytes()).order(ByteOrder.LITTLE_ENDIAN);
    for (int off = 0; off < n; off += perSlice) {
      int count = (int) Math.min(perSlice, n - off);
      buf.clear().limit(count * dtype.bytes());
      readFully(ch, buf, dataStart + begin + (long) off * dtype.bytes(), file);
      buf.flip();
      switch (dtype) {
        case F32 -> buf.asFloatBuffer().get(data, off, count);
        case F16 -> { for (int i = 0; i < count; i++) data[off + i] = Float.float16ToFloat(buf.getShort()); }
        case BF16 -> { for (int i = 0; i < count; i++) data[off + i] = StDtype.fromBf16(buf.getShort()); }
      }
    }
    return new Tensor(shape, data);
  }

  private static void readFully(FileChannel ch, ByteBuffer buf, long pos, Path file) throws IOException {
    while (buf.hasRemaining()) {
      int r = ch.read(buf, pos);
      if (r < 0) throw InputException.at(file, "truncated safetensors file");
      pos += r;
    }
  }

  /** Writes the tensors (in name order) as {@code dtype}; returns the bytes of tensor data written. */
  public static long write(Path file, Map<String, Tensor> tensors, StDtype dtype) {
    Map<String, Tensor> sorted = new TreeMap<>(tensors);
    ObjectNode header = Json.MAPPER.createObjectNode();
    header.putObject("__metadata__").put("format", "pt");
    long offset = 0;
    for (Map.Entry<String, Tensor> e : sorted.entrySet()) {
      ObjectNode t = header.putObject(e.getKey()).put("dtype", dtype.name());
      for (long d : e.getValue().shape()) t.withArray("shape").add(d);
      if (e.getValue().shape().length == 0) t.putArray("shape");
      long bytes = (long) e.getValue().data().length * dtype.bytes();
      t.putArray("data_offsets").add(offset).add(offset + bytes);
      offset += bytes;
    }
    byte[] json;
    try {
      json = Json.MAPPER.writeValueAsString(header).getBytes(StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    int padded = (json.length + 7) / 8 * 8;
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
          StandardOpenOption.WRITE)) {
        ByteBuffer head = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
        head.putLong(padded).put(json);
        while (head.hasRemaining()) head.put((byte) ' ');
        writeFully(ch, head.flip());
        ByteBuffer buf = ByteBuffer.allocate(1 << 22).order(ByteOrder.LITTLE_ENDIAN);
        for (Tensor t : sorted.values()) {
          for (float f : t.data()) {
            if (buf.remaining() < 4) writeFully(ch, buf.flip()).clear();
            switch (dtype) {
              case F32 -> buf.putFloat(f);
              case F16 -> buf.putShort(Float.floatToFloat16(f));
              case BF16 -> buf.putShort(StDtype.toBf16(f));
            }
          }
        }
        writeFully(ch, buf.flip());
      }
      Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
    return offset;
  }

  private static ByteBuffer writeFully(FileChannel ch, ByteBuffer buf) throws IOException {
    while (buf.hasRemaining()) ch.write(buf);
    return buf;
  }
}
