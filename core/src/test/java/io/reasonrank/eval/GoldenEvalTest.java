package io.reasonrank.eval;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.reasonrank.eval.TrecOrder.ScorePrecision;
import io.reasonrank.format.Qrels;
import io.reasonrank.format.TrecRuns;
import io.reasonrank.testing.SharedData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every per-query value of every {@code golden/eval/*.pytrec_eval.json} (pytrec_eval 0.5), to 1e-4 and in fact to 1e-12. */
class GoldenEvalTest {
  static Stream<Arguments> goldens() throws IOException {
    List<Arguments> out = new ArrayList<>();
    try (Stream<Path> files = Files.list(SharedData.path("golden/eval"))) {
      for (Path f : files.filter(p -> p.toString().endsWith(".pytrec_eval.json")).sorted().toList()) {
        for (ScorePrecision p : ScorePrecision.values()) out.add(Arguments.of(f.getFileName().toString(), p));
      }
    }
    assertThat(out).hasSizeGreaterThanOrEqualTo(20);
    return out.stream();
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("goldens")
  void reproducesEveryGoldenValue(String file, ScorePrecision precision) throws IOException {
    JsonNode golden = new ObjectMapper().readTree(SharedData.path("golden/eval/" + file).toFile());
    Qrels qrels = Qrels.read(SharedData.path(golden.get("qrels").asText()));
    var run = TrecRuns.read(SharedData.path(golden.get("run").asText())).run();
    Evaluator evaluator = new Evaluator(Measures.defaults(), golden.get("relevance_level").asInt(), precision, false);
    Evaluation e = evaluator.evaluate(qrels, run);

    JsonNode perQuery = golden.get("per_query");
    assertThat(e.perQuery().keySet()).containsExactlyInAnyOrderElementsOf(iterable(perQuery.fieldNames()));
    int checked = 0;
    for (Map.Entry<String, double[]> q : e.perQuery().entrySet()) {
      JsonNode expected = perQuery.get(q.getKey());
      assertThat(e.metrics()).hasSize(expected.size());
      for (int i = 0; i < e.metrics().size(); i++) {
        String name = e.metrics().get(i).name();
        assertThat(q.getValue()[i]).as("%s qid %s %s", file, q.getKey(), name)
            .isCloseTo(expected.get(name).asDouble(), org.assertj.core.data.Offset.offset(1e-12));
        checked++;
      }
    }
    assertThat(checked).isEqualTo(perQuery.size() * 15);
  }

  private static List<String> iterable(Iterator<String> it) {
    List<String> l = new ArrayList<>();
    it.forEachRemaining(l::add);
    return l;
  }
}
