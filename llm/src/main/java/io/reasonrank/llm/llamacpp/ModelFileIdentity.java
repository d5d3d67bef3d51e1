package io.reasonrank.llm.llamacpp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A model file's identity by content, so that answers cached for one file are never replayed for another file of the
 * same name ({@code model.gguf} in two folders, or a file replaced by a re-quantisation).
 *
 * <p>Hashing a whole multi-gigabyte GGUF would cost seconds per start, so a file larger than two MiB is identified by
 * its size plus a SHA-256 of its first and last MiB: the first MiB holds the GGUF header and metadata (architecture,
 * quantisation, tokenizer, tensor table with every tensor's type and offset), the last MiB the end of the last tensor's
 * weights. Two files of one size that differ only in between (the same architecture and quantisation, other weights in
 * the middle tensors) would share an identity; that needs a deliberate edit, not a re-export. A file of two MiB or less
 * is hashed whole.
 *
 * <p>Hashed bytes: the decimal size in ASCII, a newline, then the first MiB and the last MiB (or the whole file).
 */
public final class ModelFileIdentity {
  static final int EDGE = 1 << 20;

  private ModelFileIdentity() {}

  /** Lower-case hex SHA-256 of the size and the first and last MiB (or the whole file, when it is at most 2 MiB). */
  public static String sha256(Path file) {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      long size = ch.size();
      md.update((size + "\n").getBytes(StandardCharsets.US_ASCII));
      if (size <= 2L * EDGE) {
        update(md, ch, 0, size);
      } else {
        update(md, ch, 0, EDGE);
        update(md, ch, size - EDGE, EDGE);
      }
      return HexFormat.of().formatHex(md.digest());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  /**
   * The name a backend of this file reports by default, and therefore the model part of its cache keys:
   * {@code <file name>@<first 16 hex digits of sha256(file)>}, e.g. {@code reasonrank-7b.Q8_0.gguf@3f2a…}.
   */
  public static String modelName(Path file) {
    return file.getFileName() + "@" + sha256(file).substring(0, 16);
  }

  private static void update(MessageDigest md, FileChannel ch, long from, long length) throws IOException {
    ByteBuffer buf = ByteBuffer.allocate((int) Math.min(length, 64 * 1024));
    long pos = from, end = from + length;
    while (pos < end) {
      buf.clear().limit((int) Math.min(buf.capacity(), end - pos));
      int n = ch.read(buf, pos);
      if (n < 0) throw new IOException("file shrank while being read");
      buf.flip();
      md.update(buf);
      pos += n;
    }
  }
}
