package io.reasonrank.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reasonrank.model.ScoredDoc;
import io.reasonrank.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrecRunsTest {
  @TempDir Path dir;

  @Test
  void skipsLinesWithMoreThanSixFieldsAsTheReferenceDoes() {
    TrecRuns.Loaded loaded = TrecRuns.read(SharedData.path("reasonrank-runs/stackoverflow.txt"));
    assertThat(loaded.skippedLines()).isEqualTo(12);
    assertThat(loaded.run().hits("4")).hasSize(95);
    assertThat(loaded.run().hits("96")).hasSize(98);
    assertThat(loaded.run().size()).isEqualTo(117);
  }

  @Test
  void malformedLineNamesFileAndLine() throws Exception {
    Path f = dir.resolve("bad.run");
    Files.writeString(f, "1 Q0 d1 1 2.5 t\n1 Q0 d2 2 t\n");
    assertThatThrownBy(() -> TrecRuns.read(f)).isInstanceOf(InputException.class)
        .hasMessage(f + ":2: expected 6 fields 'qid Q0 docid rank score tag', got 5");
    Files.writeString(f, "1 Q0 d1 1 x t\n");
    assertThatThrownBy(() -> TrecRuns.read(f)).hasMessage(f + ":1: score is not a number: 'x'");
    Files.writeString(f, "\n");
    assertThatThrownBy(() -> TrecRuns.read(f)).hasMessage(f + ": empty run: no result lines");
    for (String bad : new String[] {"NaN", "Infinity", "1d", "0x1p3"}) {
      Files.writeString(f, "1 Q0 d1 1 " + bad + " t\n");
      assertThatThrownBy(() -> TrecRuns.read(f)).hasMessage(f + ":1: score is not a finite decimal number: '" + bad + "'");
    }
  }

  @Test
  void writesScoresLikeCPrintf() throws Exception {
    assertThat(TrecRuns.formatScore(0.0000005)).isEqualTo("0.000000"); // binary value is just below the tie
    assertThat(TrecRuns.formatScore(2.5)).isEqualTo("2.500000");
    assertThat(TrecRuns.formatScore(-0.0000001)).isEqualTo("-0.000000");
    assertThat(TrecRuns.formatScore(1.0000005)).isEqualTo("1.000001"); // Python: "%.6f" % 1.0000005
    Map<String, List<ScoredDoc>> m = new LinkedHashMap<>();
    m.put("q1", List.of(new ScoredDoc("a", 3), new ScoredDoc("b", 1.25)));
    Path f = dir.resolve("out.run.gz");
    TrecRuns.write(f, m, "tag");
    TrecRuns.Loaded back = TrecRuns.read(f);
    assertThat(back.run().hits("q1")).containsExactly(new ScoredDoc("a", 3), new ScoredDoc("b", 1.25));
  }

  @Test
  void keepsFileOrderIgnoresTheRankColumnAndAcceptsTabsAndExponents() throws Exception {
    Path f = dir.resolve("r.txt");
    Files.writeString(f, "q2\tQ0\tb\t9\t1e-3\tt\nq1 Q0 a 5 2 t\nq2 Q0 a 1 -0.5 t\nq2 Q0 a doc 1 0.1 t\n");
    TrecRuns.Loaded l = TrecRuns.read(f);
    assertThat(l.run().queryIds()).containsExactly("q2", "q1");
    assertThat(l.run().hits("q2")).containsExactly(new ScoredDoc("b", 0.001), new ScoredDoc("a", -0.5));
    assertThat(l.skippedLines()).isEqualTo(1);
    assertThat(l.run().lineCount()).isEqualTo(3);
    assertThatThrownBy(() -> TrecRuns.read(dir.resolve("missing.run"))).isInstanceOf(InputException.class)
        .hasMessage(dir.resolve("missing.run") + ": no such file");
  }
}
