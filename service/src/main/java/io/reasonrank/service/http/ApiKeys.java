package io.reasonrank.service.http;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;

/**
 * The API keys a request may present as {@code Authorization: Bearer KEY}. Keys are kept as SHA-256 digests and a
 * presented key is compared with every one of them by {@link MessageDigest#isEqual} (constant time for equal
 * lengths, and digests all have one length), without stopping at a match, so the time taken tells nothing about
 * which key or how much of it matched. No keys means the service is open.
 */
public final class ApiKeys {
  /** The environment variable with comma-separated keys. */
  public static final String ENV = "REASONRANK_API_KEYS";

  private final List<byte[]> digests;

  private ApiKeys(List<byte[]> digests) {
    this.digests = List.copyOf(digests);
  }

  /** No keys: every request is accepted. */
  public static ApiKeys none() {
    return new ApiKeys(List.of());
  }

  public static ApiKeys of(List<String> keys) {
    List<byte[]> d = new ArrayList<>();
    for (String k : keys) {
      String t = k.strip();
      if (!t.isEmpty()) d.add(sha256(t));
    }
    return new ApiKeys(d);
  }

  /** One key per line; blank lines and lines starting with {@code #} are skipped. */
  public static ApiKeys fromFile(Path file) {
    try {
      List<String> keys = new ArrayList<>();
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        String t = line.strip();
        if (!t.isEmpty() && !t.startsWith("#")) keys.add(t);
      }
      if (keys.isEmpty()) throw new IllegalArgumentException("--api-keys-file " + file + ": no keys in the file");
      return of(keys);
    } catch (IOException e) {
      throw new UncheckedIOException("--api-keys-file: cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /** The comma-separated keys of {@link #ENV}, or none when it is unset or blank. */
  public static ApiKeys fromEnvironment(String value) {
    if (value == null || value.isBlank()) return none();
    return of(List.of(value.split(",")));
  }

  public boolean enabled() {
    return !digests.isEmpty();
  }

  public int size() {
    return digests.size();
  }

  /** Whether {@code authorization} (the header's value) carries one of the keys. */
  public boolean accepts(String authorization) {
    if (!enabled()) return true;
    if (authorization == null) return false;
    String a = authorization.strip();
    if (a.length() < 7 || !a.regionMatches(true, 0, "Bearer ", 0, 7)) return false;
    byte[] presented = sha256(a.substring(7).strip());
    boolean ok = false;
    for (byte[] d : digests) ok |= MessageDigest.isEqual(d, presented);
    return ok;
  }

  private static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
