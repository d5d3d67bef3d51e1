package io.reasonrank.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.reasonrank.io.Json;
import io.reasonrank.trainer.model.Checkpoint;
import io.reasonrank.trainer.model.Qwen2Config;
import io.reasonrank.trainer.model.ReferenceQwen2;
import io.reasonrank.trainer.model.TinyCheckpoints;
import io.reasonrank.trainer.model.TinyConfigs;
import io.reasonrank.trainer.model.TorchRuntime;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainCommandTest {
  @TempDir Path tmp;

  @Test
  void initThenLogitsEqualsTheReferenceForwardPassOnRandomConfigs() throws Exception {
    SplittableRandom r = new SplittableRandom(99);
    for (int trial = 0; trial < 4; trial++) {
      Qwen2Config c = TinyConfigs.random(r);
      Path cfg = tmp.resolve("config" + trial + ".json");
      Json.MAPPER.writeValue(cfg.toFile(), c.toJson().put("initializer_range", 0.5));
      Path dir = tmp.resolve("m" + trial);
      CliRunner.Result init = CliRunner.run("train", "init", "--config", cfg.toString(), "--output", dir.toString(), "--seed", "" + trial);
      assertThat(init.code()).as(init.err()).isZero();
      assertThat(init.err()).contains("train init: " + dir);
      long[][] rows = {{1, 2, 3}, {0}, IntStream.range(0, 9).mapToLong(i -> (i * 7) % c.vocabSize()).toArray()};
      Path in = tmp.resolve("ids" + trial + ".jsonl");
      StringBuilder sb = new StringBuilder();
      for (long[] ids : rows) sb.append("{\"ids\": ").append(Arrays.toString(ids)).append("}\n");
      Files.writeString(in, sb);
      CliRunner.Result out = CliRunner.run("train", "logits", "--model", dir.toString(), "--input", in.toString(), "--top", "5");
      assertThat(out.code()).as(out.err()).isZero();
      List<String> lines = out.out().lines().toList();
      assertThat(lines).hasSize(rows.length);
      ReferenceQwen2 ref = new ReferenceQwen2(Qwen2Config.read(dir.resolve("config.json")), Checkpoint.readTensors(dir));
      for (int i = 0; i < rows.length; i++) {
        double[] want = ref.logits(rows[i])[rows[i].length - 1];
        double scale = Arrays.stream(want).map(Math::abs).max().orElse(1);
        Integer[] order = IntStream.range(0, want.length).boxed().sorted(Comparator.comparingDouble(j -> -want[j])).toArray(Integer[]::new);
        JsonNode row = Json.MAPPER.readTree(lines.get(i));
        assertThat(row.get("top")).hasSize(5);
        for (int k = 0; k < 5; k++) {
          int id = row.get("top").get(k).get(0).asInt();
          double got = row.get("top").get(k).get(1).asDouble();
          assertThat(Math.abs(got - want[id])).isLessThanOrEqualTo(1e-4 * Math.max(1, scale));
          assertThat(Math.abs(want[id] - want[order[k]])).as("rank %d", k).isLessThanOrEqualTo(2e-4 * Math.max(1, scale));
          if (k > 0) assertThat(got).isLessThanOrEqualTo(row.get("top").get(k - 1).get(1).asDouble());
        }
        double max = want[order[0]], z = 0;
        for (double w : want) z += Math.exp(w - max);
        assertThat(row.get("logsumexp").asDouble()).isCloseTo(max + Math.log(z), org.assertj.core.data.Offset.offset(1e-4 * Math.max(1, scale)));
      }
    }
  }

  @Test
  void badIdsAreOneLineErrors() throws Exception {
    Path cfg = tmp.resolve("config.json");
    Json.MAPPER.writeValue(cfg.toFile(), TinyConfigs.json(16, 8, 8, 1, 2, 1, 10000, true));
    assertThat(CliRunner.run("train", "init", "--config", cfg.toString(), "--output", tmp.resolve("m").toString()).code()).isZero();
    Path in = tmp.resolve("bad.jsonl");
    Files.writeString(in, "{\"ids\": [1, 2]}\n{\"ids\": [3, 16]}\n");
    CliRunner.Result r = CliRunner.run("train", "logits", "--model", tmp.resolve("m").toString(), "--input", in.toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err().strip()).isEqualTo("reasonrank: " + in + ":2: token id 16 outside the vocabulary of 16");
    Files.writeString(in, "{\"ids\": []}\n");
    r = CliRunner.run("train", "logits", "--model", tmp.resolve("m").toString(), "--input", in.toString());
    assertThat(r.err().strip()).isEqualTo("reasonrank: " + in + ":1: \"ids\" must be a non-empty array of token ids");
  }

  @Test
  void threadsSetsLibtorchsCountAndRejectsACountBelowOne() throws Exception {
    Path dir = TinyCheckpoints.write(tmp.resolve("tiny"), 4);
    for (String cmd : List.of("generate", "sft", "grpo", "logits")) {
      List<String> args = new java.util.ArrayList<>(List.of("train", cmd, "--model", dir.toString(), "--threads", "0"));
      args.addAll(switch (cmd) {
        case "generate" -> List.of("--prompt", "hello");
        case "logits" -> List.of("--input", tmp.resolve("none.jsonl").toString());
        default -> List.of("--data", tmp.resolve("none.json").toString(), "--output", tmp.resolve("out").toString());
      });
      CliRunner.Result r = CliRunner.run(args.toArray(String[]::new));
      assertThat(r.code()).as(cmd).isEqualTo(2);
      assertThat(r.err().strip()).as(cmd).isEqualTo("reasonrank: --threads must be >= 1, got 0");
    }
    int before = TorchRuntime.threads();
    int want = before == 1 ? 2 : 1;
    try {
      CliRunner.Result g = CliRunner.run("train", "generate", "--model", dir.toString(), "--prompt", "hello", "--max-new-tokens", "2",
          "--threads", "" + want);
      assertThat(g.code()).as(g.err()).isZero();
      assertThat(TorchRuntime.threads()).isEqualTo(want);
    } finally {
      TorchRuntime.setThreads(before);
    }
  }

  @Test
  void deviceIsParsedFirstAndAGpuIsCheckedBeforeAnyModelLoads() throws Exception {
    Path dir = TinyCheckpoints.write(tmp.resolve("tiny"), 4);
    Path data = tmp.resolve("one.jsonl");
    Files.writeString(data, "{\"ids\": [1, 2]}\n");
    for (String cmd : List.of("generate", "sft", "grpo", "logits")) {
      List<String> args = new java.util.ArrayList<>(List.of("train", cmd, "--model", dir.toString()));
      args.addAll(switch (cmd) {
        case "generate" -> List.of("--prompt", "hello");
        case "logits" -> List.of("--input", data.toString());
        default -> List.of("--data", tmp.resolve("none.json").toString(), "--output", tmp.resolve("out").toString());
      });
      args.addAll(List.of("--device", "cuda:0"));
      CliRunner.Result r = CliRunner.run(args.toArray(String[]::new));
      assertThat(r.code()).as(cmd).isEqualTo(2);
      assertThat(r.err().strip()).as(cmd).isEqualTo("reasonrank: --device must be cpu, gpu or gpu:N, got \"cuda:0\"");
    }
    CliRunner.Result devices = CliRunner.run("train", "devices");
    assertThat(devices.code()).as(devices.err()).isZero();
    TorchRuntime.Info info = TorchRuntime.info();
    assertThat(devices.out()).startsWith("libtorch " + info.version() + " from " + info.path() + "\n");
    if (info.cuda()) return; // a GPU machine: the trainer tests' GPU cases run instead
    assertThat(devices.out()).contains("\ndevices: cpu\n", "no GPU: this libtorch is a CPU build; for a GPU set PYTORCH_LIBRARY_PATH");
    String noCuda = "reasonrank: device gpu:0: libtorch " + info.version() + " from " + info.path()
        + " has no CUDA (the bundled natives are the CPU build; docs/trainer.md, \"Training on a GPU\")";
    CliRunner.Result logits = CliRunner.run("train", "logits", "--model", dir.toString(), "--input", data.toString(), "--device", "gpu");
    assertThat(logits.code()).isEqualTo(2);
    assertThat(logits.err().strip()).isEqualTo(noCuda);
    assertThat(logits.out()).isEmpty();
    Path sftData = tmp.resolve("sft.json");
    Json.MAPPER.writeValue(sftData.toFile(), Json.MAPPER.createArrayNode().add(Json.MAPPER.createObjectNode()
        .put("instruction", "rank").put("output", "<think>x</think><answer>[1]</answer>").put("system", "s")));
    CliRunner.Result sft = CliRunner.run("train", "sft", "--model", dir.toString(), "--data", sftData.toString(), "--output",
        tmp.resolve("sft-gpu").toString(), "--device", "gpu:0");
    assertThat(sft.code()).isEqualTo(2);
    assertThat(sft.err().strip()).isEqualTo(noCuda);
    assertThat(tmp.resolve("sft-gpu")).doesNotExist();
    CliRunner.Result cpu = CliRunner.run("train", "logits", "--model", dir.toString(), "--input", data.toString(), "--device", "cpu");
    assertThat(cpu.code()).as(cpu.err()).isZero();
    assertThat(cpu.out()).isEqualTo(CliRunner.run("train", "logits", "--model", dir.toString(), "--input", data.toString()).out());
  }

  @Test
  void generateIsDeterministicPerSeedAndTrainingCommandsRun() throws Exception {
    Path dir = TinyCheckpoints.write(tmp.resolve("tiny"), 4);
    CliRunner.Result g1 = CliRunner.run("train", "generate", "--model", dir.toString(), "--prompt", "hello", "--max-new-tokens", "6");
    assertThat(g1.code()).as(g1.err()).isZero();
    JsonNode row = Json.MAPPER.readTree(g1.out().strip());
    assertThat(row.get("tokens").asInt()).isBetween(1, 6);
    CliRunner.Result s1 = CliRunner.run("train", "generate", "--model", dir.toString(), "--prompt", "hello", "--max-new-tokens", "6", "--temperature", "1", "--seed", "3");
    CliRunner.Result s2 = CliRunner.run("train", "generate", "--model", dir.toString(), "--prompt", "hello", "--max-new-tokens", "6", "--temperature", "1", "--seed", "3");
    assertThat(s1.out()).isEqualTo(s2.out());
    Path in = tmp.resolve("turns.jsonl");
    Files.writeString(in, "{\"prompt\": [{\"role\": \"system\", \"content\": \"s\"}, {\"role\": \"user\", \"content\": \"hello\"}]}\n"
        + "{\"system\": \"s\", \"instruction\": \"hello\"}\n");
    CliRunner.Result gi = CliRunner.run("train", "generate", "--model", dir.toString(), "--input", in.toString(), "--max-new-tokens", "6", "--system", "x");
    assertThat(gi.code()).as(gi.err()).isZero();
    List<String> replies = gi.out().lines().toList();
    assertThat(replies).hasSize(2);
    assertThat(replies.get(0)).isEqualTo(replies.get(1)); // the same turn from a verl row and an alpaca row
    // seeds 1 and 2 over the same two rows: with seed + row, row 1 of seed 1 and row 0 of seed 2 shared a stream
    Path same = tmp.resolve("same.jsonl");
    Files.writeString(same, "{\"system\": \"s\", \"instruction\": \"hello\"}\n".repeat(2));
    List<String> seed1 = sampled(dir, same, 1), seed2 = sampled(dir, same, 2);
    assertThat(seed1).hasSize(2).doesNotHaveDuplicates();
    assertThat(seed1.get(1)).isNotEqualTo(seed2.get(0));
    CliRunner.Result both = CliRunner.run("train", "generate", "--model", dir.toString(), "--input", in.toString(), "--prompt", "x");
    assertThat(both.code()).isEqualTo(2);
    assertThat(both.err().strip()).isEqualTo("reasonrank: give exactly one of --prompt and --input");

    CliRunner.Result gg = CliRunner.run("train", "export-gguf", "--model", dir.toString(), "--output", tmp.resolve("tiny-f16.gguf").toString());
    assertThat(gg.code()).as(gg.err()).isZero();
    assertThat(io.reasonrank.llm.llamacpp.GgufMetadata.read(tmp.resolve("tiny-f16.gguf")).architecture()).isEqualTo("qwen2");

    Path sft = tmp.resolve("sft.json");
    Files.writeString(sft, "[{\"instruction\": \"rank [1] [2]\", \"output\": \"<think>x</think><answer>[2] > [1]</answer>\", \"system\": \"s\"},"
        + "{\"instruction\": \"rank [1] [2] again\", \"output\": \"<think>y</think><answer>[1] > [2]</answer>\", \"system\": \"s\"}]");
    CliRunner.Result t = CliRunner.run("train", "sft", "--model", dir.toString(), "--data", sft.toString(), "--output", tmp.resolve("sft").toString(),
        "--epochs", "1", "--grad-accum", "2", "--lr", "1e-3");
    assertThat(t.code()).as(t.err()).isZero();
    assertThat(t.err()).contains("train sft: 2 examples").contains("sft: step 1/1 epoch 1.00 loss ").contains("sft: done, 1 steps");
    assertThat(tmp.resolve("sft/model.safetensors")).exists();

    Path rl = tmp.resolve("rl.jsonl");
    Files.writeString(rl, "{\"prompt\": [{\"role\": \"system\", \"content\": \"s\"}, {\"role\": \"user\", \"content\": \"rank [1] [2]\"}],"
        + " \"reward_model\": {\"style\": \"rule\", \"ground_truth\": \"[2] > [1]\"},"
        + " \"extra_info\": {\"initial_list\": [\"a\", \"b\"], \"final_list\": [\"b\", \"a\"], \"relevant_docids\": [\"b\"]}}\n");
    CliRunner.Result gr = CliRunner.run("train", "grpo", "--model", tmp.resolve("sft").toString(), "--data", rl.toString(), "--output",
        tmp.resolve("grpo").toString(), "--group-size", "2", "--prompts-per-step", "1", "--mini-batch-prompts", "1", "--max-response-tokens", "3");
    assertThat(gr.code()).as(gr.err()).isZero();
    assertThat(gr.err()).contains("grpo: step 1/1 reward -1.0000").contains("format-fail 100%");

    CliRunner.Result bad = CliRunner.run("train", "grpo", "--model", dir.toString(), "--data", rl.toString(), "--output", tmp.resolve("g2").toString());
    assertThat(bad.code()).isEqualTo(2);
    assertThat(bad.err().strip()).isEqualTo("reasonrank: " + rl + ": 1 rows, fewer than --prompts-per-step 16");
  }

  @Test
  void sftAndGrpoReadTheExportsAsTheyAreWritten() throws Exception {
    Path rows = tmp.resolve("rows.jsonl");
    StringBuilder sb = new StringBuilder();
    for (int q = 0; q < 2; q++) {
      var o = Json.MAPPER.createObjectNode().put("dataset", "bio").put("qid", "q" + q).put("query", "question " + q);
      var ps = o.putArray("passages");
      for (int k = 1; k <= 3; k++) ps.addObject().put("docid", "d" + q + k).put("text", "passage " + k + " of " + q);
      o.putArray("initial_list").add("d" + q + "1").add("d" + q + "2").add("d" + q + "3");
      o.putArray("final_list").add("d" + q + "3").add("d" + q + "1").add("d" + q + "2");
      o.putArray("relevant_docids").add("d" + q + "3");
      o.put("reasoning", "passage 3 answers it");
      sb.append(Json.MAPPER.writeValueAsString(o)).append('\n');
    }
    Files.writeString(rows, sb);
    assertThat(CliRunner.run("export-sft", "--input", rows.toString(), "--output-dir", tmp.resolve("lf").toString()).code()).isZero();
    Path train = tmp.resolve("rl/train.parquet");
    assertThat(CliRunner.run("export-rl", "--input", rows.toString(), "--output", train.toString(), "--val-fraction", "0").code()).isZero();

    Path dir = TinyCheckpoints.write(tmp.resolve("tiny"), 5);
    CliRunner.Result sft = CliRunner.run("train", "sft", "--model", dir.toString(), "--data", tmp.resolve("lf").toString(), "--output",
        tmp.resolve("sft").toString(), "--epochs", "1", "--grad-accum", "2", "--lr", "1e-3", "--lora", "--lora-rank", "4",
        "--eval-data", train.toString(), "--eval-max-new-tokens", "3");
    assertThat(sft.code()).as(sft.err()).isZero();
    assertThat(sft.err()).contains("train sft: 2 examples", "LoRA(r=4, alpha=32.0", "sft: done, 1 steps", "(LoRA merged)",
        "sft: validation after step 1: reward -1.0000, well-formed 0/2 (0.0%)",
        "train sft: best validation after step 1: reward -1.0000, well-formed 0.0% of 2 rows (" + tmp.resolve("sft").resolve("best") + ")");
    assertThat(tmp.resolve("sft/best/model.safetensors")).isNotEmptyFile();
    CliRunner.Result grpo = CliRunner.run("train", "grpo", "--model", tmp.resolve("sft").toString(), "--data", train.toString(), "--output",
        tmp.resolve("grpo").toString(), "--group-size", "2", "--prompts-per-step", "2", "--mini-batch-prompts", "1", "--max-response-tokens", "3",
        "--eval-data", train.toString(), "--eval-max-new-tokens", "3");
    assertThat(grpo.code()).as(grpo.err()).isZero();
    assertThat(grpo.err()).contains("train grpo: 2 prompts", "grpo: step 1/1 reward -1.0000", "grpo: done, 1 steps",
        "grpo: validation after step 0: reward -1.0000", "grpo: validation after step 1: reward -1.0000");
    assertThat(Files.readAllLines(tmp.resolve("grpo/eval_log.jsonl"))).hasSize(2);
    assertThat(tmp.resolve("grpo/grpo_log.jsonl")).isNotEmptyFile();
  }

  @Test
  void validationOptionsAreCheckedBeforeTraining() throws Exception {
    Path dir = TinyCheckpoints.write(tmp.resolve("tiny"), 4);
    Path missing = tmp.resolve("missing.parquet");
    for (String cmd : List.of("sft", "grpo")) {
      String[] common = {"train", cmd, "--model", dir.toString(), "--data", tmp.resolve("none.json").toString(), "--output", tmp.resolve("v").toString()};
      for (var c : List.of(
          new String[][] {{"--eval-steps", "2"}, {"reasonrank: --eval-steps needs --eval-data"}},
          new String[][] {{"--eval-delay", "3"}, {"reasonrank: --eval-delay needs --eval-data"}},
          new String[][] {{"--eval-data", missing.toString(), "--eval-delay", "-1"}, {"reasonrank: --eval-delay must be >= 0, got -1"}},
          new String[][] {{"--eval-data", missing.toString(), "--eval-steps", "0"}, {"reasonrank: --eval-steps must be >= 1, got 0"}},
          new String[][] {{"--eval-data", missing.toString(), "--eval-max-new-tokens", "0"}, {"reasonrank: --eval-max-new-tokens must be >= 1, got 0"}})) {
        List<String> args = new java.util.ArrayList<>(List.of(common));
        args.addAll(List.of(c[0]));
        CliRunner.Result r = CliRunner.run(args.toArray(String[]::new));
        assertThat(r.code()).as(cmd + " " + args).isEqualTo(2);
        assertThat(r.err().strip()).as(cmd).isEqualTo(c[1][0]);
      }
    }
    assertThat(tmp.resolve("v")).doesNotExist();
  }

  private static List<String> sampled(Path model, Path input, int seed) {
    CliRunner.Result r = CliRunner.run("train", "generate", "--model", model.toString(), "--input", input.toString(), "--max-new-tokens", "12",
        "--temperature", "1", "--seed", "" + seed);
    assertThat(r.code()).as(r.err()).isZero();
    return r.out().lines().toList();
  }
}
