package io.reasonrank.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reasonrank.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QrelsTest {
  @TempDir Path dir;

  @Test
  void readsGradedJudgmentsWithTabsOrSpacesAndKeepsNonRelevant() throws Exception {
    Path f = dir.resolve("q.txt");
    Files.writeString(f, "1\t0\ta\t2\n1 0 b 0\n\n2  Q0  c  1\r\n1 0 a 3\n");
    Qrels q = Qrels.read(f);
    assertThat(q.queryIds()).containsExactly("1", "2");
    assertThat(q.judgments("1")).containsEntry("a", 3).containsEntry("b", 0).hasSize(2); // a repeated judgment keeps the last
    assertThat(q.judgments("2")).containsEntry("c", 1);
    assertThat(q.judgments("3")).isEmpty();
    assertThat(q.contains("3")).isFalse();
  }

  @Test
  void brokenFilesNameFileAndLine() throws Exception {
    Path f = dir.resolve("bad.txt");
    Files.writeString(f, "1 0 a 1\n1 0 b\n");
    assertThatThrownBy(() -> Qrels.read(f)).isInstanceOf(InputException.class)
        .hasMessage(f + ":2: expected 4 fields 'qid iter docid rel', got 3");
    Files.writeString(f, "1 0 a yes\n");
    assertThatThrownBy(() -> Qrels.read(f)).hasMessage(f + ":1: relevance is not an integer: 'yes'");
    Files.writeString(f, " \n");
    assertThatThrownBy(() -> Qrels.read(f)).hasMessage(f + ": empty qrels: no judgment lines");
    assertThatThrownBy(() -> Qrels.read(dir.resolve("none.txt"))).hasMessage(dir.resolve("none.txt") + ": no such file");
  }

  @Test
  void readsRealBrightQrels() {
    Qrels q = Qrels.read(SharedData.path("anserini-tools/bright/qrels/qrels.bright-biology.txt"));
    assertThat(q.queryIds()).hasSize(103);
    assertThat(q.judgments("0")).containsEntry("insects_attracted_to_light/Phototaxis_3.txt", 1);
  }

  @Test
  void writtenQrelsReadBackTheSame() throws Exception {
    Map<String, Map<String, Integer>> m = new LinkedHashMap<>();
    m.put("q2", new LinkedHashMap<>(Map.of("d1", 2)));
    m.put("q1", new LinkedHashMap<>(Map.of("d9", 0)));
    Path f = dir.resolve("round.qrels");
    new Qrels(m).write(f);
    assertThat(Qrels.read(f).asMap()).isEqualTo(m);
    assertThat(Files.readString(f)).isEqualTo("q2 0 d1 2\nq1 0 d9 0\n");
  }
}
