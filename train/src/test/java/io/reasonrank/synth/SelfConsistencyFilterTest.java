package io.reasonrank.synth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reasonrank.format.InputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SelfConsistencyFilterTest {
  @TempDir Path dir;

  static final String ROWS = """
      {"dataset":"biology","qid":"1","initial_list":["d1","d2","d3","d4","d5"],"final_list":["d1","d2","d3","d4","d5"],"relevant_docids":["d1"],"reasoning":"r"}
      {"dataset":"biology","qid":"2","initial_list":["d1","d2","d3","d4","d5"],"final_list":["d1","d2","d3","d4","d5"],"relevant_docids":["d5"],"reasoning":"r"}
      {"dataset":"leetcode","qid":"3","initial_list":["d1","d2","d3"],"final_list":["d1","d2","d3"],"relevant_docids":["d3"],"reasoning":"r"}

      {"dataset":"leetcode","qid":"4","initial_list":["d1","d2"],"final_list":["d1","d2"],"relevant_docids":[],"reasoning":"r"}
      {"dataset":"leetcode","qid":5,"initial_list":["d1","d2"],"final_list":["d1","d2"],"relevant_docids":["d2","d9"],"reasoning":"r"}
      """;

  @Test
  void ndcgFollowsTrecEval() {
    assertThat(SelfConsistencyFilter.ndcg(List.of("a", "b", "c"), List.of("a"))).isEqualTo(1.0);
    assertThat(SelfConsistencyFilter.ndcg(List.of("a", "b", "c"), List.of("c"))).isEqualTo(0.5); // 1/log2(4)
    assertThat(SelfConsistencyFilter.ndcg(List.of("a", "b"), List.of())).isEqualTo(0.0);
    // an unretrieved positive still counts in the ideal DCG: (1/log2 3) / (1 + 1/log2 3)
    double l3 = 1 / 1.584962500721156;
    assertThat(SelfConsistencyFilter.ndcg(List.of("a", "b"), List.of("b", "z"))).isEqualTo(l3 / (1 + l3));
    // a repeated docid ranks at its last position (Python dict run)
    assertThat(SelfConsistencyFilter.ndcg(List.of("a", "b", "a"), List.of("a"))).isEqualTo(l3);
  }

  @Test
  void keepsRowsAtOrAboveAlphaVerbatimAndReportsPerDomain() throws Exception {
    Path in = dir.resolve("training_data.jsonl");
    Files.writeString(in, ROWS);
    Path out = dir.resolve("kept.jsonl.gz");
    SelfConsistencyFilter.Report r = new SelfConsistencyFilter(0.4).filter(in, out);

    List<String> inLines = ROWS.lines().filter(l -> !l.isBlank()).toList();
    try (var reader = io.reasonrank.format.TextFiles.reader(out)) {
      assertThat(reader.lines().toList()).containsExactly(inLines.get(0), inLines.get(2));
    }
    assertThat(r.domains()).extracting(SelfConsistencyFilter.DomainStats::dataset).containsExactly("biology", "leetcode");
    SelfConsistencyFilter.DomainStats bio = r.domains().get(0);
    assertThat(bio.total()).isEqualTo(2);
    assertThat(bio.kept()).isEqualTo(1);
    assertThat(bio.keptPercent()).isEqualTo(50.0);
    assertThat(bio.meanNdcg()).isEqualTo((1.0 + 1 / 0x1.4ae00d1cfdeb4p+1) / 2); // d5 at rank 5: 1/log2(6)
    SelfConsistencyFilter.DomainStats leet = r.domains().get(1);
    assertThat(leet.total()).isEqualTo(3);
    assertThat(leet.kept()).isEqualTo(1);
    assertThat(r.all().total()).isEqualTo(5);
    assertThat(r.all().kept()).isEqualTo(2);
    assertThat(r.toMarkdown()).contains("| biology | 2 | 1 | 50.0 | 0.6934 |").contains("| **all** | 5 | 2 | 40.0 |");
  }

  @Test
  void alphaIsInclusiveAndValidated() {
    assertThat(new SelfConsistencyFilter(0.5).keep(0.5)).isTrue();
    assertThat(new SelfConsistencyFilter(0.5).keep(0.4999)).isFalse();
    assertThatThrownBy(() -> new SelfConsistencyFilter(1.5)).hasMessage("minNdcg must be in [0, 1]: 1.5");
    assertThatThrownBy(() -> new SelfConsistencyFilter(Double.NaN)).hasMessage("minNdcg must be in [0, 1]: NaN");
  }

  @Test
  void badRowNamesFileLineAndField() throws Exception {
    Path in = dir.resolve("bad.jsonl");
    Files.writeString(in, """
        {"dataset":"x","final_list":["a"],"relevant_docids":["a"]}
        {"dataset":"x","relevant_docids":["a"]}
        """);
    assertThatThrownBy(() -> new SelfConsistencyFilter(0.4).filter(in, dir.resolve("o.jsonl")))
        .isInstanceOf(InputException.class).hasMessage(in + ":2: missing field 'final_list'");
  }
}
