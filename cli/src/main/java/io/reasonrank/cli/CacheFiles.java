package io.reasonrank.cli;

import io.reasonrank.llm.cache.CacheException;
import io.reasonrank.llm.cache.CompletionCache;
import java.nio.file.Path;

/** Opens the completion cache a command was given, reporting an unusable file as a user error in one line. */
final class CacheFiles {
  private CacheFiles() {}

  /**
   * Opens {@code file} for reading and writing (creating it and its folders).
   *
   * @throws UserException naming {@code option} when the path cannot be written, or the file is not a cache this
   *     version can use (not SQLite, locked, a newer schema)
   */
  static CompletionCache open(String option, Path file) {
    OutputPaths.checkWritableFile(option, file);
    try {
      return CompletionCache.open(file);
    } catch (CacheException e) {
      throw new UserException(option + ": " + RerankCommand.oneLine(e));
    }
  }
}
