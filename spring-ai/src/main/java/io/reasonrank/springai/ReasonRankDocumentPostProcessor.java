package io.reasonrank.springai;

import io.reasonrank.model.Candidate;
import io.reasonrank.model.Query;
import io.reasonrank.model.RerankRequest;
import io.reasonrank.rerank.Reranker;
import io.reasonrank.service.client.ReasonRankClient;
import io.reasonrank.service.engine.RelevanceScores;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.ai.document.Document;
import org.springframework.ai.rag.postretrieval.document.DocumentPostProcessor;

/**
 * A Spring AI {@link DocumentPostProcessor} that puts the retrieved documents in ReasonRank's order and keeps the
 * best {@code topN} (all when 0). Each returned document is a copy with {@link Document#getScore() score} = 1 / rank
 * (see docs/serving.md) and metadata {@value #RANK_KEY} = its 1-based rank:
 * <pre>{@code
 * var advisor = RetrievalAugmentationAdvisor.builder()
 *     .documentRetriever(retriever)
 *     .documentPostProcessors(ReasonRankDocumentPostProcessor.overHttp(ReasonRankClient.builder().baseUrl(url).build(), 5))
 *     .build();
 * }</pre>
 */
public final class ReasonRankDocumentPostProcessor implements DocumentPostProcessor {
  /** The metadata key of a document's rank in ReasonRank's order (1 = best). */
  public static final String RANK_KEY = "reasonrank_rank";

  /** Query text and document texts to an order of input indices, best first. */
  @FunctionalInterface
  private interface Ranker {
    List<Integer> order(String query, List<String> texts);
  }

  private final Ranker ranker;
  private final int topN;

  private ReasonRankDocumentPostProcessor(Ranker ranker, int topN) {
    if (topN < 0) throw new IllegalArgumentException("topN must be >= 0, got " + topN);
    this.ranker = ranker;
    this.topN = topN;
  }

  /** Reranks through a running service ({@code reasonrank serve}). */
  public static ReasonRankDocumentPostProcessor overHttp(ReasonRankClient client, int topN) {
    Objects.requireNonNull(client, "client");
    return new ReasonRankDocumentPostProcessor((q, texts) -> client.rerank(q, texts).order(), topN);
  }

  /** Reranks in process with a core {@link Reranker} (e.g. a {@code SlidingWindowReranker} over an {@code OpenAiBackend}). */
  public static ReasonRankDocumentPostProcessor inProcess(Reranker reranker, int topN) {
    Objects.requireNonNull(reranker, "reranker");
    AtomicLong ids = new AtomicLong();
    return new ReasonRankDocumentPostProcessor((q, texts) -> {
      int n = texts.size();
      List<Candidate> c = new ArrayList<>(n);
      for (int i = 0; i < n; i++) c.add(new Candidate(io.reasonrank.model.Document.of(Integer.toString(i), texts.get(i)), n - i));
      List<Integer> order = new ArrayList<>(n);
      for (Candidate r : reranker.rerank(new RerankRequest(new Query("spring-ai-" + ids.incrementAndGet(), q), c)).ranked()) {
        order.add(Integer.parseInt(r.docid()));
      }
      return order;
    }, topN);
  }

  @Override
  public List<Document> process(org.springframework.ai.rag.Query query, List<Document> documents) {
    Objects.requireNonNull(query, "query");
    if (documents.isEmpty()) return List.of();
    List<String> texts = new ArrayList<>(documents.size());
    for (Document d : documents) texts.add(d.getText() == null ? "" : d.getText());
    List<Integer> order = ranker.order(query.text(), texts);
    int k = topN == 0 ? order.size() : Math.min(topN, order.size());
    List<Document> out = new ArrayList<>(k);
    for (int p = 0; p < k; p++) {
      Document d = documents.get(order.get(p));
      out.add(d.mutate().score(RelevanceScores.atPosition(p)).metadata(RANK_KEY, p + 1).build());
    }
    return out;
  }
}
