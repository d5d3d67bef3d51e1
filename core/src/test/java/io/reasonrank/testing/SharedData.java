package io.reasonrank.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Locates {@code ../shared/data} beside the project root, where every checkout and CI keep the real
 * data and golden files. Surefire passes the path as {@code reasonrank.shared.data}.
 */
public final class SharedData {
  private SharedData() {}

  public static Path root() {
    String prop = System.getProperty("reasonrank.shared.data");
    Path p = prop != null ? Path.of(prop) : Path.of("..", "..", "shared", "data");
    if (!Files.isDirectory(p)) p = Path.of("..", "shared", "data");
    if (!Files.isDirectory(p)) throw new IllegalStateException("shared data not found: " + p.toAbsolutePath());
    return p.toAbsolutePath().normalize();
  }

  public static Path path(String relative) {
    Path p = root().resolve(relative);
    if (!Files.exists(p)) throw new IllegalStateException("missing shared file: " + p);
    return p;
  }
}
