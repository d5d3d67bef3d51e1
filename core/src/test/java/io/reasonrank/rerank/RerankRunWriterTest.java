package io.reasonrank.rerank;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reasonrank.model.Candidate;
import io.reasonrank.model.Document;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class RerankRunWriterTest {

  private static Candidate c(String id, double score) {
    return new Candidate(Document.of(id, ""), score);
  }

  @Test
  void dropsTheQueryItselfRenumbersRanksAndPrintsSixDecimals() throws IOException {
    RerankResult r = new RerankResult("q1", List.of(c("a", 15.7806), c("q1", 15.0908), c("b", 0.1 + 0.2), c("c", 1)), List.of());
    StringBuilder out = new StringBuilder();
    RerankRunWriter.write(out, r, 100, "bm25");
    assertThat(out.toString()).isEqualTo("q1 Q0 a 1 15.780600 bm25\nq1 Q0 b 2 0.300000 bm25\nq1 Q0 c 3 1.000000 bm25\n");
  }

  @Test
  void keepsDuplicatesAndCapsHitsAfterTheRemoval() {
    RerankResult r = new RerankResult("q", List.of(c("q", 3), c("a", 2), c("a", 1), c("b", 0)), List.of());
    assertThat(RerankRunWriter.hits(r, 2)).extracting(h -> h.docid()).containsExactly("a", "a");
    assertThatThrownBy(() -> RerankRunWriter.hits(r, 0)).hasMessage("maxHits must be >= 1, got 0");
  }
}
