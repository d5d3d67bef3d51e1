package io.reasonrank.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Deletes the per-process folder {@code bin/reasonrank} makes (the llama.cpp binding extracts its native libraries
 * there) when the JVM exits, normally or on SIGTERM/SIGINT: the launcher {@code exec}s java, so no shell is left to
 * remove it. The folder is named by the system property {@value #PROPERTY}.
 */
final class ExitCleanup {
  static final String PROPERTY = "reasonrank.delete-on-exit";

  private ExitCleanup() {}

  static void install() {
    String dir = System.getProperty(PROPERTY);
    if (dir == null || dir.isBlank()) return;
    Path path = Path.of(dir);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(path), "reasonrank-tmp-cleanup"));
  }

  static void deleteTree(Path root) {
    if (!Files.exists(root)) return;
    try (Stream<Path> all = Files.walk(root)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
    } catch (IOException e) {
      // best effort at exit: the next launch removes folders of processes that are gone
    }
  }
}
