package io.reasonrank.springai;

import static org.assertj.core.api.Assertions.assertThat;

import io.reasonrank.llm.tokenizer.HfTokenizer;
import io.reasonrank.rerank.SlidingWindowReranker;
import io.reasonrank.service.client.ReasonRankClient;
import io.reasonrank.service.http.ServiceFixture;
import io.reasonrank.testing.ScriptedLlmBackend;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.ai.document.Document;
import org.springframework.ai.rag.Query;
import org.springframework.ai.rag.postretrieval.document.DocumentPostProcessor;

/** The post-processor over the service and in process: ReasonRank's order, 1/rank scores, metadata kept, top N. */
class ReasonRankDocumentPostProcessorTest {

  @Test
  void reordersLikeTheServiceAndKeepsMetadata() {
    List<Document> docs = new ArrayList<>();
    for (int i = 0; i < 22; i++) {
      docs.add(Document.builder().id("doc-" + i).text("text " + i + (i % 5 == 0 ? " flea eggs hatch in days" : " about tomatoes " + i))
          .metadata("source", "s" + i).build());
    }
    Query q = new Query("how fast do flea eggs hatch");
    try (ServiceFixture service = ServiceFixture.scripted()) {
      ReasonRankClient client = ReasonRankClient.builder().baseUrl(service.baseUrl()).build();
      List<Integer> expected = client.rerank(q.text(), docs.stream().map(Document::getText).toList()).order();
      DocumentPostProcessor http = ReasonRankDocumentPostProcessor.overHttp(client, 0);
      List<Document> all = http.apply(q, docs);
      assertThat(all.stream().map(Document::getId).toList()).isEqualTo(expected.stream().map(i -> "doc-" + i).toList());
      for (int p = 0; p < all.size(); p++) {
        Document d = all.get(p);
        assertThat(d.getScore()).isEqualTo(1.0 / (p + 1));
        assertThat(d.getMetadata()).containsEntry(ReasonRankDocumentPostProcessor.RANK_KEY, p + 1)
            .containsEntry("source", "s" + expected.get(p));
      }
      DocumentPostProcessor inProcess = ReasonRankDocumentPostProcessor.inProcess(
          SlidingWindowReranker.builder(ScriptedLlmBackend.scripted()).tokenizer(HfTokenizer.qwenDefault()).maxPassageTokens(100).build(), 4);
      List<Document> top = inProcess.process(q, docs);
      assertThat(top.stream().map(Document::getId).toList()).isEqualTo(all.subList(0, 4).stream().map(Document::getId).toList());
      assertThat(http.process(q, List.of())).isEmpty();
    }
  }
}
