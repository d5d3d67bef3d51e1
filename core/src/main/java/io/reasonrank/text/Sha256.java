package io.reasonrank.text;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Lower-case hex SHA-256 of a string's UTF-8 bytes: the prompt hash of window traces (the golden traces'
 * {@code prompt_sha256}, Python's {@code hashlib.sha256(s.encode()).hexdigest()}), cache keys and run fingerprints.
 */
public final class Sha256 {
  private Sha256() {}

  public static String hex(String s) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
