package io.reasonrank.search.opensearch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reasonrank.index.AnseriniEnglishAnalyzer;
import io.reasonrank.index.IndexBuilder;
import io.reasonrank.index.IndexProgress;
import io.reasonrank.model.Document;
import io.reasonrank.model.Query;
import io.reasonrank.model.ScoredDoc;
import io.reasonrank.search.lucene.Bm25Params;
import io.reasonrank.search.lucene.Bm25Searcher;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The library against a real OpenSearch node in this JVM (started once, always stopped): the engine's
 * analysis equals {@link AnseriniEnglishAnalyzer} token for token, and raw BM25 float scores equal the
 * embedded {@link Bm25Searcher}'s bit for bit on a small corpus with the awkward cases.
 */
class EngineNodeTest {
  private static final String INDEX = "tiny";
  private static TestNode node;
  private static RestTransport rest;
  @TempDir static Path tmp;
  private static Path corpus;

  private static final List<String> TEXTS = List.of(
      "The Dog's bone and the DOG'S BONES", "O'Neil's cafés, naïve résumés — 3.14 and 1,000 items",
      "Running runners ran; connections connected", "it is not that this was the one", "e-mail user@example.com http://x.org/a?b=c",
      "CO2-emissions (IL-6) and TNF-α in β-cells", "日本語のテキスト 中文 한국어", "wasn't isn't won't they're we'll",
      "ABC's of U.S.A. and i.e. e.g.", "x".repeat(300) + " tail");

  @BeforeAll
  static void start() throws IOException {
    StringBuilder jsonl = new StringBuilder();
    for (int i = 0; i < TEXTS.size(); i++) {
      ObjectNode d = RestTransport.JSON.createObjectNode().put("_id", "d" + i).put("title", i % 3 == 0 ? "Title " + i : "").put("text", TEXTS.get(i));
      jsonl.append(d).append('\n');
    }
    jsonl.append("{\"_id\": \"blank\", \"title\": \"\", \"text\": \"   \"}\n");
    jsonl.append("{\"_id\": \"dup-a\", \"title\": \"\", \"text\": \"bone bone\"}\n");
    jsonl.append("{\"_id\": \"dup-b\", \"title\": \"\", \"text\": \"bone bone\"}\n");
    corpus = Files.writeString(tmp.resolve("corpus.jsonl"), jsonl);
    node = TestNode.start();
    rest = new RestTransport(EngineConfig.of(node.url(), Credentials.NONE, null));
    new BulkLoader(rest, 4, 2).load(corpus, INDEX, Bm25Params.ANSERINI, 1, false, IndexProgress.NONE);
  }

  @AfterAll
  static void stop() {
    if (rest != null) rest.close();
    if (node != null) node.close();
  }

  @Test
  void theEngineAnalyzesExactlyLikeTheEmbeddedAnalyzer() {
    try (AnseriniEnglishAnalyzer ours = new AnseriniEnglishAnalyzer()) {
      for (String text : TEXTS) {
        ObjectNode body = RestTransport.JSON.createObjectNode().put("analyzer", AnseriniIndexSettings.ANALYZER).put("text", text);
        JsonNode tokens = rest.send("POST", "/" + INDEX + "/_analyze", body.toString()).body().path("tokens");
        List<String> theirs = new ArrayList<>();
        tokens.forEach(t -> theirs.add(t.path("token").asText()));
        assertThat(theirs).as(text).isEqualTo(ours.terms(text));
      }
    }
  }

  @Test
  void rawScoresAndTiesEqualTheEmbeddedSearcherBitForBit() {
    Path index = tmp.resolve("lucene");
    new IndexBuilder(1).build(corpus, index, IndexProgress.NONE);
    Bm25Params raw = new Bm25Params(0.9f, 0.4f, false);
    EngineSearcher engine = EngineSearcher.open(rest, INDEX, raw);
    List<String> queries = new ArrayList<>(TEXTS);
    queries.addAll(List.of("bone", "bone bone dog", "dog's bones bone BONE running", "Title 3"));
    try (Bm25Searcher embedded = Bm25Searcher.open(index, raw)) {
      for (String q : queries) {
        Query query = new Query("q", q);
        List<ScoredDoc> want = embedded.search(query, 20), got = engine.search(query, 20);
        assertThat(got).as(q).isEqualTo(want);
        // float equality, not 6-decimal: the scores must be the same bits
        for (int i = 0; i < want.size(); i++) assertThat(Float.floatToIntBits((float) got.get(i).score())).isEqualTo(Float.floatToIntBits((float) want.get(i).score()));
      }
      // equal scores break by docid ascending on both sides
      List<ScoredDoc> ties = engine.search(new Query("q", "bone bone"), 2);
      assertThat(ties).extracting(ScoredDoc::docid).containsExactly("dup-a", "dup-b");
      assertThat(ties.get(0).score()).isEqualTo(ties.get(1).score());
    }
  }

  @Test
  void aQueryLongerThanTheClauseLimitStillScoresLikeTheEmbeddedSearcher() {
    // 1,200 tokens, 8 distinct terms: a match query would need 1,200 clauses (the engine's limit is 1,024)
    String longQuery = "bone dog running cafe title tail connect item ".repeat(150);
    ObjectNode match = RestTransport.JSON.createObjectNode();
    match.putObject("query").putObject("match").putObject("contents").put("query", longQuery);
    assertThatThrownBy(() -> rest.send("POST", "/" + INDEX + "/_search", match.toString())).isInstanceOf(EngineException.class)
        .hasMessageContaining("maxClauseCount is set to 1024");
    Path index = tmp.resolve("lucene-long");
    new IndexBuilder(1).build(corpus, index, IndexProgress.NONE);
    Bm25Params raw = new Bm25Params(0.9f, 0.4f, false);
    try (EngineSearcher engine = EngineSearcher.open(rest, INDEX, raw); Bm25Searcher embedded = Bm25Searcher.open(index, raw)) {
      Query q = new Query("q", longQuery);
      assertThat(engine.search(q, 20)).isEqualTo(embedded.search(q, 20)).isNotEmpty();
    }
  }

  @Test
  void stopWordsOnlyMatchNothingAndExcludedIdsStillLeaveKHits() {
    EngineSearcher engine = EngineSearcher.open(rest, INDEX, Bm25Params.ANSERINI);
    assertThat(engine.search(new Query("q", "the and of it"), 10)).isEmpty();
    Query q = new Query("q", "bone dog running title");
    List<ScoredDoc> all = engine.search(q, 6);
    assertThat(all).hasSize(6);
    List<ScoredDoc> dropped = engine.search(q, 4, Set.of(all.get(0).docid(), all.get(2).docid()));
    assertThat(dropped).extracting(ScoredDoc::docid).containsExactly(all.get(1).docid(), all.get(3).docid(), all.get(4).docid(), all.get(5).docid());
    // BRIGHT AoPS excludes up to 11,224 ids per query: k + |excluded| is past the engine's default window of 10,000
    Set<String> many = new java.util.HashSet<>(Set.of(all.get(0).docid()));
    for (int i = 0; i < 11_224; i++) many.add("aops-" + i);
    List<ScoredDoc> full = engine.search(q, 1000);
    assertThat(engine.search(q, 1000, many)).isEqualTo(full.subList(1, full.size()));
  }

  @Test
  void passagesComeBackFromSource() {
    Map<String, Document> docs = new EngineDocumentStore(rest, INDEX).getAll(List.of("d0", "blank", "d1", "nope", "d0"));
    assertThat(docs).containsOnlyKeys("d0", "d1", "blank");
    assertThat(docs.get("d0")).isEqualTo(new Document("d0", "Title 0", TEXTS.get(0)));
    assertThat(docs.get("d1")).isEqualTo(new Document("d1", "", TEXTS.get(1)));
    assertThat(docs.get("blank").text()).isEqualTo("   ");
  }

  @Test
  void aSearchErrorKeepsTheEnginesMessage() {
    try (EngineSearcher engine = EngineSearcher.open(rest, INDEX, Bm25Params.ANSERINI)) {
      rest.send("POST", "/" + INDEX + "/_close", null);
      assertThatThrownBy(() -> engine.search(new Query("q", "bone"), 10)).isInstanceOf(EngineException.class)
          .hasMessageContaining("index_closed_exception");
    } finally {
      rest.send("POST", "/" + INDEX + "/_open?wait_for_active_shards=1", null);
    }
  }

  @Test
  void anIndexNotBuiltByUsIsRefused() {
    rest.send("PUT", "/other", "{\"mappings\":{\"properties\":{\"contents\":{\"type\":\"text\"}}}}");
    assertThatThrownBy(() -> EngineSearcher.open(rest, "other", Bm25Params.ANSERINI)).isInstanceOf(EngineException.class)
        .hasMessage("index other on " + node.url() + " was not built by 'reasonrank index' (no contents field with the anserini_english analyzer)");
  }
}
