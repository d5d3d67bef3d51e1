package io.reasonrank.langchain4j;

import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.output.Response;
import dev.langchain4j.model.output.TokenUsage;
import dev.langchain4j.model.scoring.ScoringModel;
import io.reasonrank.service.client.ReasonRankClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A {@link ScoringModel} that asks a ReasonRank service ({@code reasonrank serve}) to rerank the segments:
 * <pre>{@code
 * ScoringModel reranker = ReasonRankScoringModel.builder().baseUrl("http://reranker:8080").apiKey(key).build();
 * ContentAggregator aggregator = ReRankingContentAggregator.builder().scoringModel(reranker).maxResults(10).build();
 * }</pre>
 * One call per {@link #scoreAll}, with every segment; the scores come back in the segments' order. A failing service
 * throws {@link io.reasonrank.service.client.ReasonRankClientException}; a service that fell back to input order for
 * part of the list still answers (its warnings are lost here: use the native API to see them).
 */
public final class ReasonRankScoringModel implements ScoringModel {
  private final ReasonRankClient client;

  public ReasonRankScoringModel(ReasonRankClient client) {
    this.client = Objects.requireNonNull(client, "client");
  }

  public static Builder builder() {
    return new Builder();
  }

  @Override
  public Response<List<Double>> scoreAll(List<TextSegment> segments, String query) {
    List<String> texts = new ArrayList<>(segments.size());
    for (TextSegment s : segments) texts.add(s.text());
    ReasonRankClient.Ranking r = client.rerank(query, texts);
    List<Double> scores = new ArrayList<>(texts.size());
    for (double s : r.scores()) scores.add(s);
    int in = (int) Math.min(Integer.MAX_VALUE, r.promptTokens());
    int total = (int) Math.min(Integer.MAX_VALUE, r.totalTokens());
    return Response.from(scores, new TokenUsage(in, total - in, total));
  }

  /** Builds a {@link ReasonRankScoringModel} over a {@link ReasonRankClient}. */
  public static final class Builder {
    private final ReasonRankClient.Builder client = ReasonRankClient.builder();

    public Builder baseUrl(String baseUrl) {
      client.baseUrl(baseUrl);
      return this;
    }

    public Builder apiKey(String apiKey) {
      client.apiKey(apiKey);
      return this;
    }

    public Builder timeout(java.time.Duration timeout) {
      client.timeout(timeout);
      return this;
    }

    public ReasonRankScoringModel build() {
      return new ReasonRankScoringModel(client.build());
    }
  }
}
