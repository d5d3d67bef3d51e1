package io.reasonrank.langchain4j;

import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.output.Response;
import dev.langchain4j.model.output.TokenUsage;
import dev.langchain4j.model.scoring.ScoringModel;
import io.reasonrank.model.Candidate;
import io.reasonrank.model.Document;
import io.reasonrank.model.Query;
import io.reasonrank.model.RerankRequest;
import io.reasonrank.rerank.RerankResult;
import io.reasonrank.rerank.Reranker;
import io.reasonrank.rerank.WindowTrace;
import io.reasonrank.service.engine.RelevanceScores;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link ScoringModel} that reranks in process with a core {@link Reranker} (e.g. a {@code SlidingWindowReranker}
 * over an {@code OpenAiBackend}): the segments become one query's candidates in input order, and each segment's score
 * is {@link RelevanceScores 1 / rank} in the reranked order, as the service reports it. Failed windows keep their
 * order, as in the batch command.
 */
public final class RerankerScoringModel implements ScoringModel {
  private final Reranker reranker;
  private final AtomicLong queries = new AtomicLong();

  public RerankerScoringModel(Reranker reranker) {
    this.reranker = Objects.requireNonNull(reranker, "reranker");
  }

  @Override
  public Response<List<Double>> scoreAll(List<TextSegment> segments, String query) {
    int n = segments.size();
    List<Candidate> candidates = new ArrayList<>(n);
    for (int i = 0; i < n; i++) candidates.add(new Candidate(Document.of(Integer.toString(i), segments.get(i).text()), n - i));
    RerankResult r = reranker.rerank(new RerankRequest(new Query("langchain4j-" + queries.incrementAndGet(), query), candidates));
    List<Integer> order = new ArrayList<>(n);
    for (Candidate c : r.ranked()) order.add(Integer.parseInt(c.docid()));
    double[] s = RelevanceScores.inInputOrder(order);
    List<Double> scores = new ArrayList<>(n);
    for (double x : s) scores.add(x);
    int in = 0, out = 0;
    for (WindowTrace w : r.windows()) {
      in += w.promptTokens();
      out += w.completionTokens();
    }
    return Response.from(scores, new TokenUsage(in, out));
  }
}
