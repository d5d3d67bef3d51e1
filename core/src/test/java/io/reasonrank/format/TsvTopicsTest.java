package io.reasonrank.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reasonrank.model.Query;
import io.reasonrank.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TsvTopicsTest {
  @TempDir Path dir;

  @Test
  void readsIdTabQueryKeepingTheQueryTextAsIs() throws Exception {
    Path f = dir.resolve("t.tsv");
    Files.writeString(f, "1\twhat is  a\ttab?\n\n 2 \tsecond\n");
    assertThat(TsvTopics.read(f)).containsExactly(new Query("1", "what is  a\ttab?"), new Query("2", "second"));
  }

  @Test
  void roundTripsThroughGzipAndFlattensNewlines() {
    Path f = dir.resolve("t.tsv.gz");
    TsvTopics.write(f, List.of(new Query("q", "two\nlines")));
    assertThat(TsvTopics.read(f)).containsExactly(new Query("q", "two lines"));
  }

  @Test
  void brokenFilesNameFileAndLine() throws Exception {
    Path f = dir.resolve("bad.tsv");
    Files.writeString(f, "1\tok\nno tab here\n");
    assertThatThrownBy(() -> TsvTopics.read(f)).isInstanceOf(InputException.class).hasMessage(f + ":2: expected 'qid<TAB>query'");
    Files.writeString(f, "\tno id\n");
    assertThatThrownBy(() -> TsvTopics.read(f)).hasMessage(f + ":1: expected 'qid<TAB>query'");
    Files.writeString(f, "\n\n");
    assertThatThrownBy(() -> TsvTopics.read(f)).hasMessage(f + ": no topics");
    Path gz = dir.resolve("bad.tsv.gz");
    Files.writeString(gz, "not gzip");
    assertThatThrownBy(() -> TsvTopics.read(gz)).isInstanceOf(InputException.class).hasMessageStartingWith(gz + ": cannot read");
  }

  @Test
  void readsRealBrightTsvTopics() {
    List<Query> q = TsvTopics.read(SharedData.path("anserini-tools/bright/topics/topics.bright-biology.tsv.gz"));
    assertThat(q).hasSize(103);
    assertThat(q.get(0).text()).doesNotContain("\n");
  }
}
