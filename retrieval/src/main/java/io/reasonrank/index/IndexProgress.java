package io.reasonrank.index;

/**
 * Progress of an index build, so the CLI can render a bar (rate, ETA) without this module depending
 * on a terminal library. Calls come from the indexing threads; implementations must be thread-safe.
 */
public interface IndexProgress {
  /** The build starts; {@code expectedDocs} is the corpus's non-blank line count (the ETA's total). */
  void started(long expectedDocs);

  /** {@code docsDone} documents have been added so far. */
  void advanced(long docsDone);

  /** Everything is indexed; merging and committing follow. */
  default void finished() {}

  IndexProgress NONE = new IndexProgress() {
    @Override
    public void started(long expectedDocs) {}

    @Override
    public void advanced(long docsDone) {}
  };
}
