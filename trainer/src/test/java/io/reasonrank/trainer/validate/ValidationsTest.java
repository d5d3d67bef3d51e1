package io.reasonrank.trainer.validate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reasonrank.format.InputException;
import io.reasonrank.io.Json;
import io.reasonrank.reward.RewardOutcome;
import io.reasonrank.reward.RewardResult;
import io.reasonrank.trainer.generate.PromptCodec;
import io.reasonrank.trainer.grpo.GrpoSettings;
import io.reasonrank.trainer.grpo.GrpoTrainer;
import io.reasonrank.trainer.grpo.GrpoTrainerTest;
import io.reasonrank.trainer.model.Checkpoint;
import io.reasonrank.trainer.model.Qwen2Model;
import io.reasonrank.trainer.model.TinyCheckpoints;
import io.reasonrank.trainer.model.TorchRuntime;
import io.reasonrank.trainer.rldata.ResponseScorer;
import io.reasonrank.trainer.rldata.RlRow;
import io.reasonrank.trainer.run.StopSignal;
import io.reasonrank.trainer.sft.SftSettings;
import io.reasonrank.trainer.sft.SftTrainer;
import io.reasonrank.trainer.sft.TokenizedExample;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ValidationsTest {
  @TempDir static Path tmp;
  static Path base;
  static List<TokenizedExample> data;
  static List<RlRow> rows;

  @BeforeAll
  static void setUp() {
    base = TinyCheckpoints.writeSmall(tmp.resolve("base"), 1);
    data = TinyCheckpoints.smallSftExamples();
    rows = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      rows.add(new RlRow("You are RankLLM.", "Rank 2 passages for query " + i, "[2] > [1]", List.of("d1", "d2"), List.of("d2", "d1"), List.of("d2")));
    }
  }

  private static Validator validator() {
    return new Validator(rows, TinyCheckpoints.SMALL_CODEC, GrpoTrainerTest.LOW_IDS, 4);
  }

  private static ValidationSettings every(int steps) {
    return new ValidationSettings(validator(), steps);
  }

  private static SftSettings sft(int saveSteps) {
    return new SftSettings(2, 1, 5e-3, 0.0, 0.0, 1.0, 4096, 7, null, saveSteps);
  }

  private static List<JsonNode> evalLog(Path out) throws Exception {
    List<JsonNode> rows = new ArrayList<>();
    for (String line : Files.readAllLines(out.resolve(Validations.LOG))) {
      ObjectNode n = (ObjectNode) Json.MAPPER.readTree(line);
      n.remove("seconds"); // the only field that is not a function of the model
      rows.add(n);
    }
    return rows;
  }

  @Test
  void aScoreCountsOutcomesAndAveragesOverAllRows() {
    // row i's ground truth decides the outcome: one scored, one with the wrong ids, one without the format
    ResponseScorer byRow = (response, row) -> switch (row.user().charAt(row.user().length() - 1)) {
      case '0' -> new RewardResult(1.35, 0.6, 1.0, 0.5, RewardOutcome.SCORED, List.of(), List.of(), List.of());
      case '1' -> new RewardResult(0.0, null, null, null, RewardOutcome.COUNT_MISMATCH, List.of(), List.of(), List.of());
      default -> new RewardResult(-1.0, null, null, null, RewardOutcome.NO_MATCH, List.of(), List.of(), List.of());
    };
    try (NDManager m = TorchRuntime.newManager(); Qwen2Model model = Checkpoint.load(base, m, DataType.FLOAT32)) {
      ValidationScore s = new Validator(rows, TinyCheckpoints.SMALL_CODEC, byRow, 3).score(model, () -> false).orElseThrow();
      assertThat(s).isEqualTo(new ValidationScore(3, 1, 1, 1, (1.35 + 0 - 1) / 3, 0.6 / 3, 1.0 / 3, 0.5 / 3, s.responseLength()));
      assertThat(s.responseLength()).isBetween(0.0, 3.0);
      assertThat(s.wellFormedRate()).isEqualTo(1.0 / 3);
      // a stop request ends a validation between rows, with no score
      assertThat(new Validator(rows, TinyCheckpoints.SMALL_CODEC, byRow, 3).score(model, () -> true)).isEmpty();
    }
    assertThatThrownBy(() -> new Validator(List.of(), TinyCheckpoints.SMALL_CODEC, byRow, 3)).hasMessage("no validation rows");
    assertThatThrownBy(() -> new ValidationSettings(validator(), 0)).hasMessage("validation steps must be > 0, got 0");
    assertThatThrownBy(() -> new ValidationSettings(validator(), 1, -1)).hasMessage("validation delay must be >= 0, got -1");
  }

  @Test
  void sftKeepsTheBestValidatedModelWithoutChangingTheRun() throws Exception {
    List<String> lines = new ArrayList<>();
    Path out = tmp.resolve("sft");
    SftTrainer.Result a = new SftTrainer(base, data, sft(1), out, lines::add, StopSignal.manual()).withValidation(every(3)).run(false, 0);
    List<JsonNode> log = evalLog(out);
    assertThat(log).extracting(n -> n.get("step").asInt()).containsExactly(3, 6, 8); // every 3 updates and after the last
    JsonNode best = log.get(0);
    for (JsonNode n : log) if (n.get("reward_mean").asDouble() > best.get("reward_mean").asDouble()) best = n;
    int bestStep = best.get("step").asInt();
    ObjectNode written = (ObjectNode) Json.MAPPER.readTree(out.resolve("best").resolve(Validations.BEST_ROW).toFile());
    written.remove("seconds");
    assertThat(written).isEqualTo(best);
    assertThat(a.bestValidation().get("step").asInt()).isEqualTo(bestStep);
    // best/ is the model of that step: its checkpoint's weights (or the final model's)
    Path same = bestStep == 8 ? out : out.resolve("checkpoint-" + bestStep);
    assertThat(Checkpoint.readTensors(out.resolve("best"))).isEqualTo(Checkpoint.readTensors(same));
    assertThat(out.resolve("eval.png")).isNotEmptyFile();
    assertThat(lines).anyMatch(l -> l.matches("sft: validation after step 3: reward -?\\d+\\.\\d{4}, well-formed 3/3 \\(100\\.0%\\) in \\d+ s; "
        + "the best so far, written to .*best"));
    // validating does not touch the trajectory: the same run without it ends with the same weights
    Path plain = tmp.resolve("sft-plain");
    new SftTrainer(base, data, sft(0), plain, l -> {}, StopSignal.manual()).run(false, 0);
    assertThat(Checkpoint.readTensors(plain)).isEqualTo(Checkpoint.readTensors(out));
    assertThat(plain.resolve(Validations.LOG)).doesNotExist();
  }

  @Test
  void aRunStoppedAtAValidationStepValidatesItWhenResumed() throws Exception {
    Path full = tmp.resolve("sft-full"), out = tmp.resolve("sft-stopped");
    new SftTrainer(base, data, sft(0), full, l -> {}, StopSignal.manual()).withValidation(every(3)).run(false, 0);
    SftTrainer.Result b = new SftTrainer(base, data, sft(0), out, l -> {}, StopSignal.manual()).withValidation(every(3)).run(false, 3);
    assertThat(b.stopped()).isTrue();
    assertThat(out.resolve(Validations.LOG)).isEmptyFile(); // the stop came first: the checkpoint, not the validation
    new SftTrainer(base, data, sft(0), out, l -> {}, StopSignal.manual()).withValidation(every(3)).run(true, 0);
    assertThat(evalLog(out)).isEqualTo(evalLog(full));
    assertThat(Checkpoint.readTensors(out.resolve("best"))).isEqualTo(Checkpoint.readTensors(full.resolve("best")));
    // a fresh run into the same folder does not leave the earlier run's best model as its own
    new SftTrainer(base, data, sft(0), full, l -> {}, StopSignal.manual()).withValidation(every(3)).run(false, 1);
    assertThat(full.resolve("best")).doesNotExist();
    assertThat(full.resolve(Validations.LOG)).isEmptyFile();
  }

  @Test
  void aDelayPutsOffValidationsButNotTheLast() throws Exception {
    Path out = tmp.resolve("sft-delay");
    new SftTrainer(base, data, sft(0), out, l -> {}, StopSignal.manual()).withValidation(new ValidationSettings(validator(), 2, 5)).run(false, 0);
    assertThat(evalLog(out)).extracting(n -> n.get("step").asInt()).containsExactly(6, 8);
    Path late = tmp.resolve("sft-late");
    new SftTrainer(base, data, sft(0), late, l -> {}, StopSignal.manual()).withValidation(new ValidationSettings(validator(), 2, 100)).run(false, 0);
    assertThat(evalLog(late)).extracting(n -> n.get("step").asInt()).containsExactly(8);
  }

  @Test
  void grpoValidatesTheStartingModelFirst() throws Exception {
    GrpoSettings s = new GrpoSettings(2, 2, 1, 1e-2, 0.01, 1.0, 0.2, 0.2, 3.0, 0.001, 1.0, 1.0, 5, 2, 3, 5, null, 0);
    Path out = tmp.resolve("grpo");
    List<String> lines = new ArrayList<>();
    GrpoTrainer.Result r = new GrpoTrainer(base, rows, s, out, GrpoTrainerTest.LOW_IDS, lines::add, StopSignal.manual())
        .withCodec(TinyCheckpoints.SMALL_CODEC).withValidation(every(1)).run(false, 0);
    assertThat(evalLog(out)).extracting(n -> n.get("step").asInt()).containsExactly(0, 1, 2);
    assertThat(r.bestValidation()).isNotNull();
    assertThat(lines.get(0)).startsWith("grpo: validation after step 0: reward ");
    assertThat(out.resolve("best").resolve(Checkpoint.WEIGHTS)).exists();
    // with a delay the starting model is not validated
    Path delayed = tmp.resolve("grpo-delay");
    new GrpoTrainer(base, rows, s, delayed, GrpoTrainerTest.LOW_IDS, l -> {}, StopSignal.manual())
        .withCodec(TinyCheckpoints.SMALL_CODEC).withValidation(new ValidationSettings(validator(), 1, 1)).run(false, 0);
    assertThat(evalLog(delayed)).extracting(n -> n.get("step").asInt()).containsExactly(1, 2);
  }

  @Test
  void aPromptTheModelCannotReadFailsBeforeTraining() {
    PromptCodec wide = new PromptCodec() {
      @Override
      public long[] prompt(String system, String user) {
        return new long[] {1, 2, 70};
      }

      @Override
      public String decode(long[] ids) {
        return "";
      }
    };
    Path out = tmp.resolve("sft-wide");
    Validator v = new Validator(rows, wide, GrpoTrainerTest.LOW_IDS, 4);
    assertThatThrownBy(() -> new SftTrainer(base, data, sft(0), out, l -> {}, StopSignal.manual()).withValidation(new ValidationSettings(v, 1)).run(false, 0))
        .isInstanceOf(InputException.class).hasMessage("validation row 1: token id 70 is outside the model's vocab_size 64");
    assertThat(out.resolve("train_log.jsonl")).doesNotExist();
  }
}
