package io.reasonrank.search.lucene;

/** Progress of a batch search, for the CLI's bar; called from worker threads, so implementations must be thread-safe. */
public interface SearchProgress {
  void started(int queries);

  void advanced(int queriesDone);

  SearchProgress NONE = new SearchProgress() {
    @Override
    public void started(int queries) {}

    @Override
    public void advanced(int queriesDone) {}
  };
}
