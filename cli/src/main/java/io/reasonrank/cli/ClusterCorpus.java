package io.reasonrank.cli;

import io.reasonrank.model.Document;
import io.reasonrank.model.Query;
import io.reasonrank.model.ScoredDoc;
import io.reasonrank.search.opensearch.EngineDocumentStore;
import io.reasonrank.search.opensearch.RestTransport;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The passages of a run fetched from a cluster index's {@code _source} ({@code --corpus-url}), for {@link CandidateInput}. */
final class ClusterCorpus {
  private ClusterCorpus() {}

  static Map<String, Document> fetch(String url, String index, List<Map.Entry<Query, List<ScoredDoc>>> wanted) {
    List<String> ids = new ArrayList<>();
    for (var e : wanted) for (ScoredDoc d : e.getValue()) ids.add(d.docid());
    try (RestTransport rest = EngineOptions.connect(url, null, null, EngineOptions.PASSWORD_ENV, EngineOptions.API_KEY_ENV, null, 60, 5)) {
      return new EngineDocumentStore(rest, index).getAll(ids);
    }
  }
}
