package io.reasonrank.search.lucene;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.reasonrank.format.InputException;
import io.reasonrank.index.IndexBuilder;
import io.reasonrank.index.IndexProgress;
import io.reasonrank.index.LuceneDocumentStore;
import io.reasonrank.model.Document;
import io.reasonrank.model.Query;
import io.reasonrank.model.ScoredDoc;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** BM25 on a hand-made corpus whose statistics are counted by hand below. */
class Bm25SearcherTest {
  @TempDir static Path tmp;
  static Path index;
  static IndexBuilder.Result built;
  static final List<Long> progress = new CopyOnWriteArrayList<>();

  // analyzed contents (title + text) of each document, written out by hand:
  //   d1 "apple banana apple"                      -> apple banana apple           (3)
  //   d2 "Fruit" / "banana cherry"                  -> fruit banana cherri          (3)
  //   d3 "cherry date elderberry fig grape"         -> cherri date elderberri fig grape (5)
  //   d4 "the of and"                               -> (no terms: all stop words)
  //   d5 "Banana's bananas were banned."            -> banana banana were ban      (4)
  //   d6 "   " (blank)                              -> not indexed for BM25, only stored
  //   t1, t2 "kiwi lemon" (identical)               -> kiwi lemon (2 each)
  static final int N = 6;            // documents with at least one term: d1 d2 d3 d5 t1 t2
  static final double AVGDL = (3 + 3 + 5 + 4 + 2 + 2) / (double) N;

  @BeforeAll
  static void build() throws IOException {
    Path corpus = tmp.resolve("corpus.jsonl");
    Files.writeString(corpus, """
        {"_id": "d1", "title": "", "text": "apple banana apple"}
        {"_id": "d2", "title": "Fruit", "text": "banana cherry"}
        {"_id": "d3", "title": "", "text": "cherry date elderberry fig grape"}

        {"_id": "d4", "title": "", "text": "the of and"}
        {"_id": "d5", "text": "Banana's bananas were banned."}
        {"_id": "d6", "title": "", "text": "   "}
        {"_id": "t2", "title": "", "text": "kiwi lemon"}
        {"_id": "t1", "title": "", "text": "kiwi lemon"}
        """);
    index = tmp.resolve("index");
    built = new IndexBuilder(2).build(corpus, index, new IndexProgress() {
      @Override
      public void started(long expectedDocs) {
        progress.add(-expectedDocs);
      }

      @Override
      public void advanced(long docsDone) {
        progress.add(docsDone);
      }
    });
  }

  /** Lucene's BM25 for one term: idf · tf / (tf + k1 · (1 − b + b · dl / avgdl)). */
  static double bm25(int df, double tf, double dl, double k1, double b) {
    double idf = Math.log(1 + (N - df + 0.5) / (df + 0.5));
    return idf * tf / (tf + k1 * (1 - b + b * dl / AVGDL));
  }

  static Bm25Searcher raw() {
    return Bm25Searcher.open(index, new Bm25Params(0.9f, 0.4f, false));
  }

  @Test
  void statisticsAndProgress() {
    assertThat(built.stats().documents()).isEqualTo(8);
    assertThat(built.stats().nonEmptyDocuments()).isEqualTo(N);
    assertThat(built.stats().totalTerms()).isEqualTo(19);
    assertThat(progress.getFirst()).isEqualTo(-8); // 8 non-blank lines expected
    assertThat(progress.getLast()).isEqualTo(8);
  }

  @Test
  void scoresMatchHandComputedBm25() {
    try (Bm25Searcher s = raw()) {
      List<ScoredDoc> hits = s.search(new Query("q", "apples and bananas"), 10);
      // apple: df 1; banana: df 3 (d1, d2, d5)
      double d1 = bm25(1, 2, 3, 0.9, 0.4) + bm25(3, 1, 3, 0.9, 0.4);
      double d5 = bm25(3, 2, 4, 0.9, 0.4);
      double d2 = bm25(3, 1, 3, 0.9, 0.4);
      assertThat(hits).extracting(ScoredDoc::docid).containsExactly("d1", "d5", "d2");
      assertThat(hits.get(0).score()).isCloseTo(d1, within(1e-5));
      assertThat(hits.get(1).score()).isCloseTo(d5, within(1e-5));
      assertThat(hits.get(2).score()).isCloseTo(d2, within(1e-5));
    }
    try (Bm25Searcher s = Bm25Searcher.open(index, new Bm25Params(1.2f, 0.75f, false))) {
      assertThat(s.search(new Query("q", "grape"), 1).getFirst().score()).isCloseTo(bm25(1, 1, 5, 1.2, 0.75), within(1e-5));
    }
  }

  @Test
  void repeatedQueryTermsWeighLikeAnserinisDuplicateClauses() {
    try (Bm25Searcher s = raw()) {
      double once = s.search(new Query("q", "cherry"), 10).getFirst().score();
      double twice = s.search(new Query("q", "cherry cherries"), 10).getFirst().score();
      assertThat(twice).isCloseTo(2 * once, within(1e-5));
    }
  }

  @Test
  void tiesBreakByDocidAndGetAnserinisScoreAdjustment() {
    try (Bm25Searcher raw = raw(); Bm25Searcher anserini = Bm25Searcher.open(index, Bm25Params.ANSERINI)) {
      List<ScoredDoc> r = raw.search(new Query("q", "kiwi"), 10);
      assertThat(r).extracting(ScoredDoc::docid).containsExactly("t1", "t2");
      assertThat(r.get(0).score()).isEqualTo(r.get(1).score());
      List<ScoredDoc> a = anserini.search(new Query("q", "kiwi"), 10);
      assertThat(a).extracting(ScoredDoc::docid).containsExactly("t1", "t2");
      float rounded = Math.round((float) r.get(0).score() * 1e4f) / 1e4f;
      assertThat(a.get(0).score()).isEqualTo(rounded);
      assertThat(a.get(1).score()).isEqualTo(rounded - 1e-6f);
    }
  }

  @Test
  void anseriniScoreTiesFollowScoreTiesAdjusterReranker() {
    float[] s = {23.439316f, 22.087432f, 22.087432f, 22.08741f, 21.602508f};
    AnseriniScoreTies.adjust(s);
    assertThat(s).containsExactly(23.4393f, 22.0874f, 22.0874f - 1e-6f, 22.0874f - 2e-6f, 21.6025f);
  }

  @Test
  void excludedIdsAreDroppedWhileStillReturningKHits() {
    try (Bm25Searcher s = raw()) {
      Query q = new Query("q", "banana");
      assertThat(s.search(q, 2)).extracting(ScoredDoc::docid).containsExactly("d5", "d1");
      assertThat(s.search(q, 2, Set.of("d5"))).extracting(ScoredDoc::docid).containsExactly("d1", "d2");
      assertThat(s.search(q, 5, Set.of("d5", "nonexistent"))).extracting(ScoredDoc::docid).containsExactly("d1", "d2");
    }
  }

  @Test
  void batchSearchKeepsQueryOrderAndAppliesPerQueryExclusions() {
    try (Bm25Searcher s = raw()) {
      List<Query> qs = List.of(new Query("b", "banana"), new Query("a", "cherry"), new Query("z", "the of"));
      Map<String, List<ScoredDoc>> all = s.searchAll(qs, 2, qid -> qid.equals("b") ? Set.of("d5") : Set.of(), 2,
          SearchProgress.NONE);
      assertThat(all.keySet()).containsExactly("b", "a", "z");
      assertThat(all.get("b")).extracting(ScoredDoc::docid).containsExactly("d1", "d2");
      assertThat(all.get("a")).extracting(ScoredDoc::docid).containsExactly("d2", "d3");
      assertThat(all.get("z")).isEmpty(); // only stop words: Anserini's empty BooleanQuery matches nothing
    }
  }

  @Test
  void queriesLongerThanLucenesClauseLimitWork() {
    String longQuery = IntStream.range(0, 3000).mapToObj(i -> "w" + i).collect(Collectors.joining(" ")) + " grape";
    try (Bm25Searcher s = raw()) {
      assertThat(s.search(new Query("long", longQuery), 3)).extracting(ScoredDoc::docid).containsExactly("d3");
    }
  }

  @Test
  void documentStoreReturnsRawFieldsByDocid() {
    try (LuceneDocumentStore store = LuceneDocumentStore.open(index)) {
      assertThat(store.get("d2")).contains(new Document("d2", "Fruit", "banana cherry"));
      assertThat(store.get("d6")).contains(new Document("d6", "", "   "));
      assertThat(store.get("nope")).isEmpty();
      assertThat(store.size()).isEqualTo(8);
    }
  }

  @Test
  void missingCorpusFieldNamesFileAndLine() throws IOException {
    Path bad = tmp.resolve("bad.jsonl");
    Files.writeString(bad, "{\"_id\": \"a\", \"text\": \"x\"}\n{\"title\": \"no id\", \"text\": \"y\"}\n");
    assertThatThrownBy(() -> new IndexBuilder(1).build(bad, tmp.resolve("bad-index"), IndexProgress.NONE))
        .isInstanceOf(InputException.class)
        .hasMessage(bad + ":2: missing field '_id' or 'id' or 'docid'");
    Path noText = tmp.resolve("notext.jsonl");
    Files.writeString(noText, "{\"_id\": \"a\", \"title\": \"t\"}\n");
    assertThatThrownBy(() -> new IndexBuilder(2).build(noText, tmp.resolve("bad-index2"), IndexProgress.NONE))
        .isInstanceOf(InputException.class)
        .hasMessage(noText + ":1: missing field 'text' or 'contents'");
  }

  @Test
  void missingFilesAndBadArgumentsAreOneLineErrors() {
    assertThatThrownBy(() -> new IndexBuilder(1).build(tmp.resolve("none.jsonl"), tmp.resolve("x"), IndexProgress.NONE))
        .isInstanceOf(InputException.class).hasMessage(tmp.resolve("none.jsonl") + ": no such file");
    assertThatThrownBy(() -> Bm25Searcher.open(tmp.resolve("no-index"), Bm25Params.ANSERINI))
        .isInstanceOf(InputException.class).hasMessage(tmp.resolve("no-index") + ": no such index directory");
    assertThatThrownBy(() -> Bm25Searcher.open(tmp, Bm25Params.ANSERINI))
        .isInstanceOf(InputException.class)
        .hasMessage(tmp + ": not a Lucene index (build one with 'reasonrank index')");
    assertThatThrownBy(() -> new Bm25Params(-1f, 0.4f, true)).hasMessage("k1 must be a finite number >= 0, got -1.0");
    assertThatThrownBy(() -> new Bm25Params(0.9f, 1.5f, true)).hasMessage("b must be in [0, 1], got 1.5");
    assertThatThrownBy(() -> new IndexBuilder(0)).hasMessage("threads must be >= 1, got 0");
    try (Bm25Searcher s = raw()) {
      assertThatThrownBy(() -> s.search(new Query("q", "x"), 0)).hasMessage("k must be >= 1, got 0");
    }
  }
}
