package io.reasonrank.pipeline;

import io.reasonrank.model.Candidate;
import io.reasonrank.model.Document;
import io.reasonrank.model.RerankRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * Content fingerprints for resuming (a checkpoint is resumed only under the same fingerprint). The requests are
 * hashed as loaded, rather than the input files' sizes: any edit that changes what the model would see (a query, a
 * passage, a docid, a first-stage score, the order) gives another fingerprint, even when the file keeps its length,
 * while an edit of a corpus document no query uses does not discard finished work.
 */
public final class InputFingerprint {
  private InputFingerprint() {}

  /** SHA-256 over every request's qid and text and every candidate's docid, title, text and score, in order. */
  public static String requests(List<RerankRequest> requests) {
    MessageDigest md = sha256();
    ByteBuffer num = ByteBuffer.allocate(Long.BYTES);
    for (RerankRequest r : requests) {
      string(md, r.query().id());
      string(md, r.query().text());
      number(md, num, r.candidates().size());
      for (Candidate c : r.candidates()) {
        Document d = c.doc();
        string(md, d.id());
        string(md, d.title());
        string(md, d.text());
        number(md, num, Double.doubleToLongBits(c.score()));
      }
    }
    return HexFormat.of().formatHex(md.digest());
  }

  /** SHA-256 of a file's bytes, or of a folder's regular files (name and bytes, by name; not recursive). */
  public static String path(Path p) {
    MessageDigest md = sha256();
    try {
      if (Files.isDirectory(p)) {
        try (Stream<Path> s = Files.list(p)) {
          for (Path f : s.filter(Files::isRegularFile).sorted().toList()) {
            string(md, f.getFileName().toString());
            file(md, f);
          }
        }
      } else if (Files.isRegularFile(p)) {
        file(md, p);
      } else {
        string(md, "missing " + p.toAbsolutePath());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + p, e);
    }
    return HexFormat.of().formatHex(md.digest());
  }

  private static void file(MessageDigest md, Path f) throws IOException {
    try (InputStream in = new DigestInputStream(Files.newInputStream(f), md)) {
      in.transferTo(java.io.OutputStream.nullOutputStream());
    }
  }

  // length-prefixed, so that ("ab", "c") and ("a", "bc") differ
  private static void string(MessageDigest md, String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    md.update(ByteBuffer.allocate(Integer.BYTES).putInt(b.length).array());
    md.update(b);
  }

  private static void number(MessageDigest md, ByteBuffer buf, long v) {
    md.update(buf.clear().putLong(v).array());
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
