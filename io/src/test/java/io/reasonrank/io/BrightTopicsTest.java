package io.reasonrank.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reasonrank.format.InputException;
import io.reasonrank.format.Qrels;
import io.reasonrank.model.Query;
import io.reasonrank.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BrightTopicsTest {
  @TempDir Path dir;

  @Test
  void readsRowsDroppingTheNaExclusionMarker() throws Exception {
    Path f = dir.resolve("t.jsonl");
    Files.writeString(f, """
        {"id": "0", "query": "multi\\nline", "excluded_ids": ["N/A"], "gold_ids": ["a", "b"]}
        {"id": "1", "query": "q", "excluded_ids": ["x", "y"], "gold_ids": []}
        {"id": "2", "query": "no lists"}
        """);
    List<BrightTopics.Row> rows = BrightTopics.read(f);
    assertThat(rows).extracting(BrightTopics.Row::query).containsExactly(new Query("0", "multi\nline"), new Query("1", "q"), new Query("2", "no lists"));
    assertThat(rows.get(0).excludedIds()).isEmpty();
    assertThat(rows.get(0).goldIds()).containsExactly("a", "b");
    assertThat(BrightTopics.excludedIds(f).get("1")).containsExactly("x", "y");
    assertThat(Topics.read(f)).hasSize(3);
  }

  @Test
  void brokenRowsNameFileAndLine() throws Exception {
    Path f = dir.resolve("bad.jsonl");
    Files.writeString(f, "{\"id\": \"0\", \"query\": \"q\"}\n{\"id\": \"1\"}\n");
    assertThatThrownBy(() -> BrightTopics.read(f)).isInstanceOf(InputException.class)
        .hasMessage(f + ":2: missing field 'query' or 'text' or 'contents'");
    Files.writeString(f, "\n");
    assertThatThrownBy(() -> BrightTopics.read(f)).hasMessage(f + ": no topics");
  }

  @Test
  void realTopicsAgreeWithTheQrels() {
    List<BrightTopics.Row> rows = BrightTopics.read(SharedData.path("anserini-tools/bright/topics/topics.bright-biology-original.jsonl.gz"));
    Qrels qrels = Qrels.read(SharedData.path("anserini-tools/bright/qrels/qrels.bright-biology.txt"));
    assertThat(rows).hasSize(103);
    for (BrightTopics.Row r : rows) assertThat(Set.copyOf(r.goldIds())).isEqualTo(qrels.judgments(r.query().id()).keySet());
    assertThat(rows.get(0).query().text()).contains("\n");
  }

  @Test
  void writtenRowsReadBackTheSame() throws Exception {
    Path f = dir.resolve("round.jsonl.gz");
    List<BrightTopics.Row> rows = List.of(
        new BrightTopics.Row(new Query("7", "line one\nline two"), Set.of(), List.of("g1")),
        new BrightTopics.Row(new Query("8", "q"), Set.of("x"), List.of()));
    BrightTopics.write(f, rows);
    assertThat(BrightTopics.read(f)).isEqualTo(rows);
  }
}
