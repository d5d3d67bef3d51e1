package io.reasonrank.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.reasonrank.io.Json;
import io.reasonrank.llm.openai.OpenAiTestServer;
import io.reasonrank.llm.openai.ScriptedRank1Llm;
import io.reasonrank.testing.ScriptedLlm;
import io.reasonrank.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every strategy with every schedule and several top-k: the run either reranks (calls made, every call succeeded, the
 * output is not the first-stage order) or is refused before any call with one line that says what to pass instead.
 * One DL19 query (100 candidates) per run.
 */
class RerankStrategyScheduleMatrixTest {
  static final String DL19 = SharedData.path("rank_llm/retrieve_results_dl19.json").toString();
  static OpenAiTestServer listwise;
  static OpenAiTestServer rank1;

  @TempDir Path dir;

  @BeforeAll
  static void start() {
    listwise = OpenAiTestServer.startLlm(new ScriptedLlm());
    rank1 = OpenAiTestServer.start(ScriptedRank1Llm.responder(new ScriptedRank1Llm.Options(true, false, 0, OpenAiTestServer::promptTokens)));
  }

  @AfterAll
  static void stop() {
    listwise.close();
    rank1.close();
  }

  static Stream<Arguments> matrix() {
    List<Arguments> out = new ArrayList<>();
    for (String strategy : List.of("sliding", "full", "topdown", "pointwise")) {
      for (String schedule : List.of("scheduler", "lockstep")) {
        for (int top : new int[] {5, 10, 20, 30, 100}) out.add(Arguments.of(strategy, schedule, top));
      }
    }
    return out.stream();
  }

  /** Why a combination is refused, or null when it must run. */
  static String refusal(String strategy, String schedule, int top) {
    if (strategy.equals("pointwise") && schedule.equals("lockstep")) return "--strategy pointwise --schedule lockstep: lock-step batches";
    // the reference's loop: rank_end - window + step == 0 makes no window (top 10 with window 20, step 10)
    if (strategy.equals("sliding") && top == 10) return "--top 10 with --window 20 --step 10 makes no sliding window";
    return null;
  }

  @ParameterizedTest(name = "{0} x {1} x top {2}")
  @MethodSource("matrix")
  void everyCombinationRerankOrIsRefusedBeforeAnyCall(String strategy, String schedule, int top) throws Exception {
    OpenAiTestServer server = strategy.equals("pointwise") ? rank1 : listwise;
    Path out = dir.resolve("run.trec");
    int before = server.generationCount();
    CliRunner.Result r = CliRunner.run("rerank", "--candidates", DL19, "--base-url", server.baseUrl(), "--dataset", "dl19",
        "--mode", "rank_GPT", "--strategy", strategy, "--schedule", schedule, "--top", String.valueOf(top), "--limit", "1",
        "--no-cache", "--output", out.toString(), "--summary", out + ".json");
    String refused = refusal(strategy, schedule, top);
    if (refused != null) {
      assertThat(r.code()).as(r.err()).isEqualTo(2);
      assertThat(r.err().strip().lines()).as(r.err()).hasSize(1);
      assertThat(r.err()).contains(refused);
      assertThat(server.generationCount()).as("refused before any call").isEqualTo(before);
      return;
    }
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(server.generationCount() - before).as(r.err()).isPositive();
    JsonNode s = Json.MAPPER.readTree(Path.of(out + ".json").toFile());
    assertThat(s.path("failed_calls").asInt()).isZero();
    assertThat(s.path("llm_calls_succeeded").asInt()).isEqualTo(server.generationCount() - before);
    List<String> lines = Files.readAllLines(out);
    assertThat(lines).hasSize(top);
    var first = io.reasonrank.io.RankLlmResults.read(Path.of(DL19)).getFirst();
    List<String> firstStage = first.candidates().subList(0, top).stream().map(c -> c.docid()).toList();
    assertThat(lines.stream().map(l -> l.split(" ")[2]).toList()).as("reranked, not the first-stage order")
        .containsExactlyInAnyOrderElementsOf(firstStage).isNotEqualTo(firstStage);
  }
}
