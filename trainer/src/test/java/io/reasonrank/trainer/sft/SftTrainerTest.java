package io.reasonrank.trainer.sft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import ai.djl.Device;
import io.reasonrank.io.Json;
import io.reasonrank.llm.tokenizer.HfTokenizer;
import io.reasonrank.trainer.generate.ChatModel;
import io.reasonrank.trainer.lora.LoraConfig;
import io.reasonrank.trainer.model.Checkpoint;
import io.reasonrank.trainer.model.TinyCheckpoints;
import io.reasonrank.trainer.model.TorchRuntime;
import io.reasonrank.trainer.run.StopSignal;
import io.reasonrank.trainer.run.TrainingCheckpoint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;

class SftTrainerTest {
  @TempDir static Path tmp;
  static Path base;
  static List<TokenizedExample> data;
  static List<TokenizedExample> exported;

  @BeforeAll
  static void setUp() throws Exception {
    base = TinyCheckpoints.writeSmall(tmp.resolve("base"), 1);
    // a LLaMA-Factory alpaca file as export-sft writes it
    var arr = Json.MAPPER.createArrayNode();
    String[] queries = {"what is bm25", "who wrote hamlet", "boiling point of water", "capital of france", "speed of light", "largest planet"};
    for (int i = 0; i < queries.length; i++) {
      arr.addObject().put("instruction", "Rank 2 passages for: " + queries[i])
          .put("output", "<think>passage " + (i % 2 + 1) + " answers it</think>\n<answer>[" + (i % 2 + 1) + "] > [" + (2 - i % 2) + "]</answer>")
          .put("system", "You are RankLLM.");
    }
    Path file = tmp.resolve("data").resolve("reasonrank_sft-data.json");
    Files.createDirectories(file.getParent());
    Json.MAPPER.writeValue(file.toFile(), arr);
    Files.writeString(file.resolveSibling("dataset_info.json"), Json.MAPPER.writeValueAsString(Json.MAPPER.createObjectNode()
        .set("reasonrank_sft-data", io.reasonrank.export.SftExporter.datasetInfoEntry("reasonrank_sft-data"))));
    List<SftExample> rows = SftData.read(file.getParent());
    assertThat(rows).hasSize(6);
    exported = new ArrayList<>();
    for (SftExample e : rows) exported.add(TokenizedExample.of(e, HfTokenizer.qwen25(), 4096));
    // the loops run on a 64-id vocabulary: the same shapes of prompt and answer as ids, without the 151,936-row head
    data = TinyCheckpoints.smallSftExamples();
  }

  private static SftSettings settings(LoraConfig lora, int accum) {
    return new SftSettings(2, accum, lora == null ? 5e-3 : 2e-2, 0.0, 0.0, 1.0, 4096, 7, lora, 0);
  }

  @Test
  void lossFallsAndAResumedRunRepeatsTheUninterruptedLosses() throws Exception {
    List<String> lines = new ArrayList<>();
    SftTrainer full = new SftTrainer(base, data, settings(null, 2), tmp.resolve("full"), lines::add, StopSignal.manual());
    assertThat(full.totalSteps()).isEqualTo(4);
    SftTrainer.Result a = full.run(false, 0);
    assertThat(a.stopped()).isFalse();
    assertThat(a.losses()).hasSize(4);
    assertThat(a.losses().get(3)).isLessThan(a.losses().get(0));
    assertThat(lines).anyMatch(l -> l.matches("sft: step 4/4 epoch 2\\.00 loss \\d+\\.\\d{4} .* tok/s .* ETA .*"));
    assertThat(tmp.resolve("full/loss.png")).isNotEmptyFile();
    assertThat(Files.readAllLines(tmp.resolve("full/train_log.jsonl"))).hasSize(4);
    assertThat(tmp.resolve("full").resolve(Checkpoint.WEIGHTS)).exists();

    Path out = tmp.resolve("interrupted");
    SftTrainer.Result b = new SftTrainer(base, data, settings(null, 2), out, l -> {}, StopSignal.manual()).run(false, 2);
    assertThat(b.stopped()).isTrue();
    assertThat(b.losses()).containsExactlyElementsOf(a.losses().subList(0, 2));
    assertThat(TrainingCheckpoint.latest(out)).contains(out.resolve("checkpoint-2"));
    SftTrainer.Result c = new SftTrainer(base, data, settings(null, 2), out, l -> {}, StopSignal.manual()).run(true, 0);
    assertThat(c.step()).isEqualTo(4);
    assertThat(c.losses()).containsExactlyElementsOf(a.losses().subList(2, 4));
    assertThat(Files.readAllLines(out.resolve("train_log.jsonl"))).hasSize(4);
    assertThat(Checkpoint.readTensors(out)).isEqualTo(Checkpoint.readTensors(tmp.resolve("full")));
  }

  @Test
  @EnabledIf("io.reasonrank.trainer.model.TinyCheckpoints#gpu")
  void onAGpuTheLossesAndWeightsFollowTheCpusToRounding() {
    SftTrainer.Result cpu = new SftTrainer(base, data, settings(null, 2), tmp.resolve("on-cpu"), l -> {}, StopSignal.manual()).run(false, 0);
    SftTrainer.Result gpu = new SftTrainer(base, data, settings(null, 2), tmp.resolve("on-gpu"), l -> {}, StopSignal.manual())
        .withDevice(Device.gpu(0)).run(false, 0);
    assertThat(gpu.losses()).hasSameSizeAs(cpu.losses());
    for (int i = 0; i < cpu.losses().size(); i++) {
      assertThat(gpu.losses().get(i)).as("step %d", i + 1).isCloseTo(cpu.losses().get(i), within(1e-4 * Math.abs(cpu.losses().get(i))));
    }
    var a = Checkpoint.readTensors(tmp.resolve("on-cpu"));
    var b = Checkpoint.readTensors(tmp.resolve("on-gpu"));
    assertThat(b.keySet()).isEqualTo(a.keySet());
    for (String name : a.keySet()) {
      float[] x = a.get(name).data(), y = b.get(name).data();
      for (int i = 0; i < x.length; i++) assertThat((double) y[i]).as(name).isCloseTo(x[i], within(1e-4));
    }
  }

  @Test
  void aDeviceLibtorchCannotUseIsRefusedWhenNamedNotAtTheFirstStep() {
    assumeFalse(TorchRuntime.info().cuda(), "this libtorch has CUDA");
    SftTrainer t = new SftTrainer(base, data, settings(null, 2), tmp.resolve("no-gpu"), l -> {}, StopSignal.manual());
    assertThatThrownBy(() -> t.withDevice(Device.gpu(0))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("device gpu:0: libtorch ").hasMessageContaining(" has no CUDA ");
    assertThatThrownBy(() -> ChatModel.load(base, Device.gpu(0))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("device gpu:0: libtorch ");
    assertThat(tmp.resolve("no-gpu")).doesNotExist();
  }

  @Test
  void aStopRequestCheckpointsAfterTheCurrentStep() {
    StopSignal stop = StopSignal.manual();
    Path out = tmp.resolve("sigterm");
    List<String> lines = new ArrayList<>();
    SftTrainer t = new SftTrainer(base, data, settings(null, 3), out, l -> {
      lines.add(l);
      stop.request();
    }, stop);
    SftTrainer.Result r = t.run(false, 0);
    assertThat(r.stopped()).isTrue();
    assertThat(r.step()).isEqualTo(1);
    assertThat(out.resolve("checkpoint-1").resolve(TrainingCheckpoint.OPTIMIZER)).exists();
    assertThat(out.resolve(Checkpoint.WEIGHTS)).doesNotExist();
  }

  @Test
  void loraTrainsAdaptersAndExportsMergedWeights() throws Exception {
    LoraConfig lora = new LoraConfig(4, 8, 0.1, LoraConfig.parseTargets("all"));
    Path out = tmp.resolve("lora");
    SftTrainer t = new SftTrainer(base, data, settings(lora, 2), out, l -> {}, StopSignal.manual());
    SftTrainer.Result r = t.run(false, 0);
    assertThat(r.losses()).hasSize(4);
    assertThat(r.losses().get(3)).isLessThan(r.losses().get(0));
    var before = Checkpoint.readTensors(base);
    var after = Checkpoint.readTensors(out);
    assertThat(after.keySet()).isEqualTo(before.keySet());
    assertThat(after.get("model.embed_tokens.weight")).isEqualTo(before.get("model.embed_tokens.weight"));
    assertThat(after.get("lm_head.weight")).isEqualTo(before.get("lm_head.weight"));
    assertThat(after.get("model.layers.0.self_attn.q_proj.weight")).isNotEqualTo(before.get("model.layers.0.self_attn.q_proj.weight"));
    assertThat(after.get("model.layers.0.self_attn.q_proj.bias")).isEqualTo(before.get("model.layers.0.self_attn.q_proj.bias"));
  }

  @Test
  void theExportIsReadAsIs() {
    assertThat(exported).hasSize(6);
    assertThat(exported).allMatch(e -> !e.truncated() && e.responseLength() > 10);
  }

  @Test
  void inferSeqlenSplitsLikeLlamaFactory() {
    assertThat(TokenizedExample.inferSeqlen(100, 20, 50)).containsExactly(30, 20);
    assertThat(TokenizedExample.inferSeqlen(10, 100, 50)).containsExactly(10, 40);
    assertThat(TokenizedExample.inferSeqlen(60, 40, 50)).containsExactly(30, 20);
    assertThat(TokenizedExample.inferSeqlen(5, 5, 50)).containsExactly(5, 5);
  }

  @Test
  void theLossCoversTheAssistantTurnOnly() {
    HfTokenizer tok = HfTokenizer.qwen25();
    SftExample e = new SftExample("sys", "user text", "<think>x</think><answer>[1]</answer>");
    TokenizedExample t = TokenizedExample.of(e, tok, 4096);
    long[] prompt = tok.encode(io.reasonrank.prompt.ListwisePrompts.finalPrompt("sys", "user text"));
    assertThat(t.promptLength()).isEqualTo(prompt.length);
    assertThat(tok.decode(java.util.Arrays.copyOfRange(t.ids(), t.promptLength(), t.ids().length)))
        .isEqualTo("<think>x</think><answer>[1]</answer><|im_end|>\n");
  }
}
