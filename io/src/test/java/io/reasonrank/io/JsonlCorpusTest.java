package io.reasonrank.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reasonrank.format.InputException;
import io.reasonrank.model.Document;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonlCorpusTest {
  @TempDir Path dir;

  @Test
  void readsBeirAndPyseriniRows() throws Exception {
    Path f = dir.resolve("c.jsonl");
    Files.writeString(f, """
        {"_id": "d1", "title": "T", "text": "body one"}

        {"id": 42, "contents": "line1\\nline2"}
        {"docid": "d3", "text": ""}
        """);
    Map<String, Document> docs = JsonlCorpus.load(f);
    assertThat(docs).hasSize(3);
    assertThat(docs.get("d1")).isEqualTo(new Document("d1", "T", "body one"));
    assertThat(docs.get("42")).isEqualTo(Document.of("42", "line1\nline2"));
    assertThat(docs.get("d3").text()).isEmpty();
  }

  @Test
  void brokenRowsNameFileAndLine() throws Exception {
    Path f = dir.resolve("bad.jsonl");
    Files.writeString(f, "{\"_id\": \"d1\", \"text\": \"x\"}\n{\"_id\": \"d2\", \"text\": \"x\"\n");
    assertThatThrownBy(() -> JsonlCorpus.load(f)).isInstanceOf(InputException.class).hasMessageStartingWith(f + ":2: invalid JSON: ");
    Files.writeString(f, "{\"text\": \"no id\"}\n");
    assertThatThrownBy(() -> JsonlCorpus.load(f)).hasMessage(f + ":1: missing field '_id' or 'id' or 'docid'");
    Files.writeString(f, "{\"_id\": \"d\", \"title\": \"only a title\"}\n");
    assertThatThrownBy(() -> JsonlCorpus.load(f)).hasMessage(f + ":1: missing field 'text' or 'contents'");
    Files.writeString(f, "[1, 2]\n");
    assertThatThrownBy(() -> JsonlCorpus.load(f)).hasMessage(f + ":1: expected a JSON object");
  }

  /** A corpus streams, and only the documents a run needs are kept in memory. */
  @Test
  void loadingASubsetKeepsOnlyTheWantedDocuments() throws Exception {
    Path f = dir.resolve("big.jsonl");
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 20_000; i++) {
      sb.append("{\"_id\": \"d").append(i).append("\", \"title\": \"t").append(i).append("\", \"text\": \"body ").append(i).append("\"}\n");
    }
    sb.append("{\"text\": \"id after the text\", \"docid\": \"late\"}\n");
    sb.append("{\"_id\": 7, \"contents\": \"a numeric id\"}\n");
    sb.append("{\"_id\": \"d5\", \"text\": \"a later row of d5 wins\"}\n");
    Files.writeString(f, sb);
    Map<String, Document> docs = JsonlCorpus.load(f, java.util.Set.of("d5", "d19999", "late", "7", "not-in-corpus"));
    assertThat(docs).containsOnlyKeys("d5", "d19999", "late", "7");
    assertThat(docs.get("d19999")).isEqualTo(new Document("d19999", "t19999", "body 19999"));
    assertThat(docs.get("d5")).isEqualTo(Document.of("d5", "a later row of d5 wins"));
    assertThat(docs.get("late")).isEqualTo(Document.of("late", "id after the text"));
    assertThat(docs.get("7")).isEqualTo(Document.of("7", "a numeric id"));
    // every wanted document is the one a full read gives
    Map<String, Document> all = new java.util.HashMap<>();
    JsonlCorpus.forEach(f, d -> {
      all.put(d.id(), d);
    });
    docs.forEach((id, d) -> assertThat(all.get(id)).isEqualTo(d));
  }

  @Test
  void aSubsetStillRefusesBrokenJsonAnywhereAndMissingTextInWantedRows() throws Exception {
    Path f = dir.resolve("bad.jsonl");
    Files.writeString(f, "{\"_id\": \"d1\", \"text\": \"x\"}\n{\"_id\": \"d2\", \"text\": \"x\"\n");
    assertThatThrownBy(() -> JsonlCorpus.load(f, java.util.Set.of("d1"))).isInstanceOf(InputException.class)
        .hasMessageStartingWith(f + ":2: invalid JSON: ");
    Files.writeString(f, "[1, 2]\n");
    assertThatThrownBy(() -> JsonlCorpus.load(f, java.util.Set.of("d1"))).hasMessage(f + ":1: expected a JSON object");
    Files.writeString(f, "{\"_id\": \"d\", \"title\": \"only a title\"}\n");
    assertThatThrownBy(() -> JsonlCorpus.load(f, java.util.Set.of("d"))).hasMessage(f + ":1: missing field 'text' or 'contents'");
    Files.writeString(f, "{\"text\": \"no id\"}\n");
    assertThatThrownBy(() -> JsonlCorpus.load(f, java.util.Set.of("d"))).hasMessage(f + ":1: missing field '_id' or 'id' or 'docid'");
    // a row no query needs is not read beyond its id
    Files.writeString(f, "{\"_id\": \"unneeded\", \"title\": \"no text\"}\n{\"_id\": \"d\", \"text\": \"x\"}\n");
    assertThat(JsonlCorpus.load(f, java.util.Set.of("d"))).containsOnlyKeys("d");
  }

  @Test
  void readsTheRealScifactCorpus() {
    int[] n = {0};
    JsonlCorpus.forEach(io.reasonrank.testing.SharedData.path("scifact/corpus.beir-reconstructed.jsonl.gz"), d -> n[0]++);
    assertThat(n[0]).isEqualTo(5183);
  }

  @Test
  void writtenCorpusReadsBackTheSame() throws Exception {
    Path f = dir.resolve("corpus.jsonl.gz");
    List<Document> docs = List.of(new Document("d1", "A title", "text \"quoted\"\nline"),
        Document.of("d2", "no title"));
    JsonlCorpus.write(f, docs);
    List<Document> back = new ArrayList<>();
    JsonlCorpus.forEach(f, back::add);
    assertThat(back).isEqualTo(docs);
  }
}
