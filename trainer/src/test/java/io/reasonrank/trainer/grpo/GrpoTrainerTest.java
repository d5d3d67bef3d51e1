package io.reasonrank.trainer.grpo;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reasonrank.export.RlExporter;
import io.reasonrank.io.Json;
import io.reasonrank.reward.RewardOutcome;
import io.reasonrank.reward.RewardResult;
import io.reasonrank.trainer.model.Checkpoint;
import io.reasonrank.trainer.model.TinyCheckpoints;
import io.reasonrank.trainer.rldata.ResponseScorer;
import io.reasonrank.trainer.rldata.RlData;
import io.reasonrank.trainer.rldata.RlRow;
import io.reasonrank.trainer.run.StopSignal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;

public class GrpoTrainerTest {
  @TempDir static Path tmp;
  static Path base;
  static List<RlRow> rows;

  @BeforeAll
  static void setUp() throws Exception {
    base = TinyCheckpoints.writeSmall(tmp.resolve("base"), 2);
    StringBuilder jsonl = new StringBuilder();
    for (int i = 0; i < 3; i++) {
      ObjectNode o = Json.MAPPER.createObjectNode().put("data_source", "ranking");
      o.putArray("prompt").add(Json.MAPPER.createObjectNode().put("role", "system").put("content", "You are RankLLM."))
          .add(Json.MAPPER.createObjectNode().put("role", "user").put("content", "Rank 2 passages for query " + i));
      o.put("ability", "ranking");
      o.putObject("reward_model").put("style", "rule").put("ground_truth", "[2] > [1]");
      ObjectNode extra = o.putObject("extra_info").put("index", i);
      extra.putArray("initial_list").add("d1").add("d2");
      extra.putArray("final_list").add("d2").add("d1");
      extra.putArray("relevant_docids").add("d2");
      extra.put("split", "train").put("dataset", "test").put("qid", "q" + i);
      jsonl.append(Json.MAPPER.writeValueAsString(o)).append('\n');
    }
    Path staged = tmp.resolve("rl.jsonl");
    Files.writeString(staged, jsonl);
    Path parquet = tmp.resolve("rl.parquet");
    try (var c = DriverManager.getConnection("jdbc:duckdb:"); var s = c.createStatement()) {
      s.execute("COPY (SELECT * FROM read_json('" + staged + "', format = 'newline_delimited', columns = " + RlExporter.COLUMNS
          + ")) TO '" + parquet + "' (FORMAT PARQUET)");
    }
    rows = RlData.read(parquet);
    assertThat(rows).isEqualTo(RlData.read(staged));
    assertThat(rows.get(1).user()).isEqualTo("Rank 2 passages for query 1");
    assertThat(rows.get(1).relevantDocids()).containsExactly("d2");
  }


  /** Responses with lower ids score higher, so advantages differ within a group and the policy moves. */
  public static final ResponseScorer LOW_IDS = (response, row) -> {
    double r = -response.chars().map(ch -> ch - '0').sum() / 100.0;
    return new RewardResult(r, r, 0.0, 0.0, RewardOutcome.SCORED, List.of(), List.of(), List.of());
  };

  private static GrpoSettings settings() {
    return new GrpoSettings(2, 2, 1, 1e-2, 0.01, 1.0, 0.2, 0.2, 3.0, 0.001, 1.0, 1.0, 5, 2, 3, 5, null, 0);
  }

  @Test
  @EnabledIf("io.reasonrank.trainer.model.TinyCheckpoints#gpu")
  void onAGpuStepsRunWithThePolicyTheReferenceAndTheRolloutsThere() {
    GrpoTrainer.Result r = new GrpoTrainer(base, rows, settings(), tmp.resolve("on-gpu"), LOW_IDS, l -> {}, StopSignal.manual())
        .withCodec(TinyCheckpoints.SMALL_CODEC).withDevice(Device.gpu(0)).run(false, 0);
    assertThat(r.step()).isEqualTo(2);
    for (ObjectNode row : r.stepRows()) {
      for (String k : List.of("loss", "kl", "entropy", "reward_mean", "grad_norm")) assertThat(row.get(k).asDouble()).as(k).isFinite();
    }
    assertThat(tmp.resolve("on-gpu").resolve(Checkpoint.WEIGHTS)).exists();
  }

  @Test
  void stepsLogEveryFieldAndAResumedRunRepeatsTheUninterruptedOne() throws Exception {
    List<String> lines = new ArrayList<>();
    GrpoTrainer.Result a = new GrpoTrainer(base, rows, settings(), tmp.resolve("full"), LOW_IDS, lines::add, StopSignal.manual()).withCodec(TinyCheckpoints.SMALL_CODEC).run(false, 0);
    assertThat(a.totalSteps()).isEqualTo(2); // 3 rows / 2 per step = 1 step per epoch, 2 epochs (max 3)
    assertThat(a.stepRows()).hasSize(2);
    for (String f : List.of("reward_mean", "ndcg_mean", "recall_mean", "rbo_mean", "format_failure_rate", "kl", "entropy", "response_length", "loss")) {
      assertThat(a.stepRows().get(1).has(f)).as(f).isTrue();
    }
    assertThat(a.stepRows().get(0).get("kl").asDouble()).isZero(); // the policy is the reference before the first update
    assertThat(a.stepRows().get(1).get("kl").asDouble()).isPositive();
    assertThat(lines).anyMatch(l -> l.startsWith("grpo: step 2/2 reward "));
    assertThat(tmp.resolve("full/reward.png")).isNotEmptyFile();
    assertThat(Checkpoint.readTensors(tmp.resolve("full"))).isNotEqualTo(Checkpoint.readTensors(base));

    Path out = tmp.resolve("resumed");
    GrpoTrainer.Result b = new GrpoTrainer(base, rows, settings(), out, LOW_IDS, l -> {}, StopSignal.manual()).withCodec(TinyCheckpoints.SMALL_CODEC).run(false, 1);
    assertThat(b.stopped()).isTrue();
    GrpoTrainer.Result c = new GrpoTrainer(base, rows, settings(), out, LOW_IDS, l -> {}, StopSignal.manual()).withCodec(TinyCheckpoints.SMALL_CODEC).run(true, 0);
    assertThat(c.stepRows()).hasSize(1);
    for (String f : List.of("reward_mean", "loss", "kl", "entropy", "response_length")) {
      assertThat(c.stepRows().get(0).get(f).asDouble()).as(f).isEqualTo(a.stepRows().get(1).get(f).asDouble());
    }
    assertThat(Checkpoint.readTensors(out)).isEqualTo(Checkpoint.readTensors(tmp.resolve("full")));
  }

  @Test
  void theMultiViewRewardScoresFormatFailuresAsMinusOne() {
    RlRow row = rows.get(0);
    assertThat(ResponseScorer.MULTI_VIEW.score("no tags", row).reward()).isEqualTo(-1.0);
    assertThat(ResponseScorer.MULTI_VIEW.score("<think>x</think><answer>[2] > [1]</answer>", row).reward()).isGreaterThan(1.0);
  }
}
