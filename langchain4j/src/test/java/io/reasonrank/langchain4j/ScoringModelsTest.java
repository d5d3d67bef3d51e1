package io.reasonrank.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.cohere.CohereScoringModel;
import dev.langchain4j.model.jina.JinaScoringModel;
import dev.langchain4j.model.output.Response;
import dev.langchain4j.model.scoring.ScoringModel;
import dev.langchain4j.rag.content.Content;
import dev.langchain4j.rag.content.aggregator.ContentAggregator;
import dev.langchain4j.rag.content.aggregator.ReRankingContentAggregator;
import dev.langchain4j.rag.query.Query;
import io.reasonrank.llm.tokenizer.HfTokenizer;
import io.reasonrank.rerank.SlidingWindowReranker;
import io.reasonrank.service.engine.RelevanceScores;
import io.reasonrank.service.http.ServiceFixture;
import io.reasonrank.testing.ScriptedLlmBackend;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Both ReasonRank scoring models, under LangChain4j's {@code ReRankingContentAggregator}, and LangChain4j's own Cohere
 * and Jina clients pointed at the service: all four give the same scores for the same segments.
 */
class ScoringModelsTest {
  private static final String QUERY = "how long is the life cycle of a flea";
  private static ServiceFixture service;
  private static List<TextSegment> segments;

  @BeforeAll
  static void start() {
    service = ServiceFixture.scripted();
    segments = new ArrayList<>();
    for (int i = 0; i < 24; i++) {
      segments.add(TextSegment.from("passage " + i + " on " + (i % 4 == 0 ? "the flea life cycle, eggs, larvae" : "gardening " + i)));
    }
  }

  @AfterAll
  static void stop() {
    service.close();
  }

  private static List<Double> service(ScoringModel m) {
    Response<List<Double>> r = m.scoreAll(segments, QUERY);
    assertThat(r.content()).hasSize(segments.size());
    return r.content();
  }

  /** Input indices best first, from scores in input order. */
  private static List<Integer> order(List<Double> scores) {
    return IntStream.range(0, scores.size()).boxed().sorted(Comparator.comparingDouble(i -> -scores.get(i))).toList();
  }

  @Test
  void httpAndInProcessModelsAgreeAndDriveTheAggregator() {
    ScoringModel http = ReasonRankScoringModel.builder().baseUrl(service.baseUrl()).build();
    List<Double> viaHttp = service(http);
    assertThat(new java.util.HashSet<>(viaHttp)).hasSize(segments.size());
    List<Integer> order = order(viaHttp);
    assertThat(order).isNotEqualTo(IntStream.range(0, segments.size()).boxed().toList());
    for (int p = 0; p < order.size(); p++) assertThat(viaHttp.get(order.get(p))).isEqualTo(RelevanceScores.atPosition(p));

    // in process: the same scripted model, the same reranker settings, no HTTP at all
    ScoringModel inProcess = new RerankerScoringModel(SlidingWindowReranker.builder(ScriptedLlmBackend.scripted())
        .tokenizer(HfTokenizer.qwenDefault()).maxPassageTokens(100).build());
    assertThat(service(inProcess)).isEqualTo(viaHttp);

    for (ScoringModel m : List.of(http, inProcess)) {
      ContentAggregator aggregator = ReRankingContentAggregator.builder().scoringModel(m).maxResults(5).build();
      List<Content> contents = segments.stream().map(Content::from).toList();
      Map<Query, Collection<List<Content>>> in = Map.of(Query.from(QUERY), List.of(contents));
      List<Content> top = aggregator.aggregate(in);
      assertThat(top).hasSize(5);
      assertThat(top.stream().map(c -> segments.indexOf(c.textSegment())).toList()).isEqualTo(order.subList(0, 5));
    }
  }

  @Test
  void langchain4jsCohereAndJinaClientsReadTheService() {
    List<Double> ours = service(ReasonRankScoringModel.builder().baseUrl(service.baseUrl()).build());
    ScoringModel cohere = CohereScoringModel.builder().baseUrl(service.baseUrl() + "/v1/").apiKey("unused").modelName("rerank-v3.5").build();
    assertThat(service(cohere)).isEqualTo(ours);
    ScoringModel jina = JinaScoringModel.builder().baseUrl(service.baseUrl() + "/v1/").apiKey("unused")
        .modelName("jina-reranker-v2-base-multilingual").build();
    Response<List<Double>> j = jina.scoreAll(segments, QUERY);
    assertThat(j.content()).isEqualTo(ours);
    assertThat(j.tokenUsage().totalTokenCount()).isPositive();
  }
}
