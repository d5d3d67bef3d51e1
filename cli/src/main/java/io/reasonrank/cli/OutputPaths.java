package io.reasonrank.cli;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Up-front checks of the paths a command will write, so that a run that would fail to save its result fails before
 * any expensive work (an LLM call, an index build) with one line naming the option and what is wrong, instead of at the
 * end with a bare path, or by silently replacing an empty directory with a file.
 *
 * <p>Writers create missing parent folders, so a missing parent is fine as long as the nearest existing ancestor is a
 * writable directory. The checks are advisory (the file system can change between check and write); the writers still
 * report their own errors.
 */
final class OutputPaths {
  private OutputPaths() {}

  /**
   * Checks that {@code path} can be written as a file: it is not a directory or a special file, and it either is a writable file or can be
   * created (its nearest existing ancestor is a writable directory). A {@code null} path (option not given) passes.
   *
   * @throws UserException with a one-line message starting with {@code option}
   */
  static void checkWritableFile(String option, Path path) {
    if (path == null) return;
    if (Files.isDirectory(path)) {
      throw new UserException(option + ": " + path + " is a directory; give a file name");
    }
    if (Files.exists(path) && !Files.isRegularFile(path)) {
      // the writers replace the file by renaming a finished temporary one over it: over /dev/null (as root) that
      // would put a plain file where the device was
      throw new UserException(option + ": " + path + " is not a regular file (a device, pipe or socket); give a file name");
    }
    if (Files.exists(path, LinkOption.NOFOLLOW_LINKS) || Files.exists(path)) {
      if (!Files.isWritable(path)) throw new UserException(option + ": " + path + " exists and is not writable");
      return;
    }
    checkCreatable(option, path);
  }

  /**
   * Checks that {@code dir} is a writable directory or can be created as one. A {@code null} path passes.
   *
   * @throws UserException with a one-line message starting with {@code option}
   */
  static void checkWritableDirectory(String option, Path dir) {
    if (dir == null) return;
    if (Files.exists(dir)) {
      if (!Files.isDirectory(dir)) throw new UserException(option + ": " + dir + " is a file, not a directory");
      if (!Files.isWritable(dir)) throw new UserException(option + ": directory " + dir + " is not writable");
      return;
    }
    checkCreatable(option, dir);
  }

  /**
   * Checks that no two of the given outputs are one file (e.g. {@code --output} and {@code --trace}): the second
   * writer would destroy the first one's result. Arguments alternate option, path; null paths are skipped.
   */
  static void checkDistinct(Object... optionPathPairs) {
    if (optionPathPairs.length % 2 != 0) throw new IllegalArgumentException("option/path pairs expected");
    Map<Path, String> seen = new HashMap<>();
    for (int i = 0; i < optionPathPairs.length; i += 2) {
      Path p = (Path) optionPathPairs[i + 1];
      if (p == null) continue;
      String option = (String) optionPathPairs[i];
      String before = seen.putIfAbsent(p.toAbsolutePath().normalize(), option);
      if (before != null) throw new UserException(before + " and " + option + " name the same file " + p);
    }
  }

  /** The nearest existing ancestor must be a writable directory (the writers create the folders below it). */
  private static void checkCreatable(String option, Path path) {
    Path abs = path.toAbsolutePath().normalize();
    Path ancestor = abs.getParent();
    while (ancestor != null && !Files.exists(ancestor)) ancestor = ancestor.getParent();
    if (ancestor == null) return; // only a root is missing: nothing useful to say beyond the writer's own error
    if (!Files.isDirectory(ancestor)) {
      throw new UserException(option + ": cannot create " + path + ": " + ancestor + " is a file, not a directory");
    }
    if (!Files.isWritable(ancestor)) {
      throw new UserException(option + ": cannot create " + path + ": directory " + ancestor + " is not writable");
    }
  }
}
