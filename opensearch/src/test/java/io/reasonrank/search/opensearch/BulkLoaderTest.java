package io.reasonrank.search.opensearch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reasonrank.index.IndexProgress;
import io.reasonrank.search.lucene.Bm25Params;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bulk protocol (batches, per-document retries, rejections, the final count) against a scripted endpoint. */
class BulkLoaderTest {
  @TempDir Path tmp;

  private Path corpus() throws IOException {
    return Files.writeString(tmp.resolve("c.jsonl"), """
        {"_id": "d1", "title": "T", "text": "one"}
        {"_id": "d2", "title": "", "text": "two"}
        {"_id": "d3", "title": "", "text": "  "}
        """);
  }

  private static RestTransport rest(URI url) {
    return new RestTransport(new EngineConfig(url, Credentials.NONE, null, Duration.ofSeconds(10), 3, Duration.ofMillis(1)));
  }

  /** An empty engine that takes index creation, settings, refresh and count; {@code bulk} answers {@code _bulk}. */
  private static StubEngine engine(boolean exists, Function<StubEngine.Request, StubEngine.Answer> bulk, int count) {
    return StubEngine.http(r -> {
      if (r.method().equals("HEAD")) return new StubEngine.Answer(exists ? 200 : 404, "");
      if (r.path().endsWith("/_bulk")) return bulk.apply(r);
      if (r.path().endsWith("/_count")) return new StubEngine.Answer(200, "{\"count\":" + count + "}");
      return new StubEngine.Answer(200, "{\"acknowledged\":true}");
    });
  }

  @Test
  void documentsRejectedWithBackPressureAreResentAlone() throws IOException {
    AtomicInteger bulks = new AtomicInteger();
    try (StubEngine stub = engine(false, r -> bulks.incrementAndGet() == 1
            ? new StubEngine.Answer(200, "{\"errors\":true,\"items\":[{\"index\":{\"_id\":\"d1\",\"status\":201}},"
                + "{\"index\":{\"_id\":\"d2\",\"status\":429,\"error\":{\"type\":\"es_rejected_execution_exception\",\"reason\":\"queue full\"}}},"
                + "{\"index\":{\"_id\":\"d3\",\"status\":201}}]}")
            : new StubEngine.Answer(200, "{\"errors\":false,\"items\":[{\"index\":{\"_id\":\"d2\",\"status\":201}}]}"), 3);
        RestTransport rest = rest(stub.url())) {
      BulkLoader.Result r = new BulkLoader(rest, 10, 1).load(corpus(), "my index", Bm25Params.ANSERINI, 1, false, IndexProgress.NONE);
      assertThat(r.documents()).isEqualTo(3);
      assertThat(r.withContents()).isEqualTo(2);
      assertThat(r.requests()).isEqualTo(2);
      assertThat(r.retriedDocs()).isEqualTo(1);
      List<StubEngine.Request> bulk = stub.requests.stream().filter(q -> q.path().endsWith("/_bulk")).toList();
      assertThat(bulk.get(0).contentType()).isEqualTo("application/x-ndjson");
      assertThat(bulk.get(0).path()).isEqualTo("/my%20index/_bulk");
      assertThat(bulk.get(0).body().lines()).containsExactly(
          "{\"index\":{\"_id\":\"d1\"}}", "{\"id\":\"d1\",\"title\":\"T\",\"text\":\"one\",\"contents\":\"T\\none\"}",
          "{\"index\":{\"_id\":\"d2\"}}", "{\"id\":\"d2\",\"title\":\"\",\"text\":\"two\",\"contents\":\"two\"}",
          "{\"index\":{\"_id\":\"d3\"}}", "{\"id\":\"d3\",\"title\":\"\",\"text\":\"  \"}");
      assertThat(bulk.get(1).body().lines()).containsExactly(
          "{\"index\":{\"_id\":\"d2\"}}", "{\"id\":\"d2\",\"title\":\"\",\"text\":\"two\",\"contents\":\"two\"}");
      assertThat(stub.requests).extracting(q -> q.method() + " " + q.path()).containsExactly(
          "HEAD /my%20index", "PUT /my%20index", "POST /my%20index/_bulk", "POST /my%20index/_bulk",
          "PUT /my%20index/_settings", "POST /my%20index/_refresh", "GET /my%20index/_count");
    }
  }

  @Test
  void aRejectedDocumentStopsTheLoadNamingIt() throws IOException {
    try (StubEngine stub = engine(false, r -> new StubEngine.Answer(200, "{\"errors\":true,\"items\":[{\"index\":{\"_id\":\"d1\",\"status\":201}},"
            + "{\"index\":{\"_id\":\"d2\",\"status\":400,\"error\":{\"type\":\"mapper_parsing_exception\",\"reason\":\"failed to parse\"}}}]}"), 3);
        RestTransport rest = rest(stub.url())) {
      Path c = corpus();
      assertThatThrownBy(() -> new BulkLoader(rest, 10, 1).load(c, "i", Bm25Params.ANSERINI, 1, false, IndexProgress.NONE))
          .isInstanceOf(EngineException.class)
          .hasMessage("bulk load into " + stub.url() + "/i: document d2 rejected: mapper_parsing_exception: failed to parse (HTTP 400)");
    }
  }

  @Test
  void anExistingIndexIsRefusedBeforeAnythingIsWritten() throws IOException {
    try (StubEngine stub = engine(true, r -> new StubEngine.Answer(500, ""), 0); RestTransport rest = rest(stub.url())) {
      Path c = corpus();
      assertThatThrownBy(() -> new BulkLoader(rest, 10, 1).load(c, "i", Bm25Params.ANSERINI, 1, false, IndexProgress.NONE))
          .hasMessage("index i already exists on " + stub.url() + " (give --replace to delete and rebuild it)");
      assertThat(stub.requests).extracting(StubEngine.Request::method).containsExactly("HEAD");
    }
  }

  @Test
  void aShortCountAfterLoadingIsAFailure() throws IOException {
    try (StubEngine stub = engine(false, r -> new StubEngine.Answer(200, "{\"errors\":false,\"items\":[]}"), 2); RestTransport rest = rest(stub.url())) {
      Path c = corpus();
      assertThatThrownBy(() -> new BulkLoader(rest, 2, 2).load(c, "i", Bm25Params.ANSERINI, 1, true, IndexProgress.NONE))
          .hasMessage("index i on " + stub.url() + " holds 2 documents after loading 3 (duplicate docids in " + c + "?)");
    }
  }

  @Test
  void theStopListIsLucenesEnglishSet() {
    assertThat(AnseriniIndexSettings.ENGLISH_STOP_WORDS).doesNotHaveDuplicates()
        .hasSize(EnglishAnalyzer.ENGLISH_STOP_WORDS_SET.size())
        .allMatch(w -> EnglishAnalyzer.ENGLISH_STOP_WORDS_SET.contains(w));
    var body = AnseriniIndexSettings.createIndexBody(Bm25Params.ANSERINI, 1);
    assertThat(body.at("/settings/index/analysis/analyzer/anserini_english/filter").toString())
        .isEqualTo("[\"anserini_possessive\",\"lowercase\",\"anserini_stop\",\"anserini_porter\"]");
    assertThat(body.at("/settings/index/similarity/anserini_bm25").toString())
        .isEqualTo("{\"type\":\"BM25\",\"k1\":0.9,\"b\":0.4,\"discount_overlaps\":true}");
    assertThatThrownBy(() -> AnseriniIndexSettings.createIndexBody(Bm25Params.ANSERINI, 0)).hasMessage("shards must be >= 1, got 0");
  }
}
