package io.reasonrank.search.lucene;

import static org.assertj.core.api.Assertions.assertThat;

import io.reasonrank.model.ScoredDoc;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The hit list both BM25 searchers return. */
class SearchHitsTest {
  @Test
  void tiesAreAdjustedOverEveryFetchedHitBeforeExclusion() {
    float[] scores = {2.5f, 2.5f, 2.5f, 1f};
    List<ScoredDoc> hits = SearchHits.topK(scores, i -> "d" + i, 2, Set.of("d0"), Bm25Params.ANSERINI);
    // d1 is the first tie even though d0 is dropped, as Anserini adjusts the whole run
    assertThat(hits).containsExactly(new ScoredDoc("d1", 2.5f - 1e-6f), new ScoredDoc("d2", 2.5f - 2e-6f));
  }

  @Test
  void rawScoresStayAndDocidsAreReadOnlyUntilKHitsAreFound() {
    List<Integer> asked = new ArrayList<>();
    List<ScoredDoc> hits = SearchHits.topK(new float[] {3.00004f, 3f, 1f}, i -> {
      asked.add(i);
      return "d" + i;
    }, 1, Set.of(), new Bm25Params(0.9f, 0.4f, false));
    assertThat(hits).containsExactly(new ScoredDoc("d0", 3.00004f));
    assertThat(asked).containsExactly(0);
  }
}
