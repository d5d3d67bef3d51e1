package io.reasonrank.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.reasonrank.format.InputException;
import io.reasonrank.io.Json;
import io.reasonrank.llm.tokenizer.HfTokenizer;
import io.reasonrank.model.Document;
import io.reasonrank.prompt.ListwisePrompts;
import io.reasonrank.prompt.ListwiseTranslator;
import io.reasonrank.prompt.PromptMode;
import io.reasonrank.reward.MultiViewReward;
import io.reasonrank.reward.RewardResult;
import io.reasonrank.synth.TrainingExample;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExportTest {
  static final ListwiseTranslator TRANSLATOR =
      new ListwiseTranslator(PromptMode.RANK_GPT_REASONING, HfTokenizer.qwenDefault(), 512);

  @TempDir Path dir;

  static String longText() {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 700; i++) sb.append("word").append(i).append(' ');
    return sb.append("TAILMARK").toString();
  }

  static List<TrainingExample> examples() {
    return List.of(
        new TrainingExample("biology", "q1", "Why do cells [2] divide?",
            List.of(Document.of("a", "Alpha passage."), Document.of("b", "Title: B Content: Beta [7] passage."),
                Document.of("c", longText()), Document.of("d", "Delta passage.")),
            List.of("a", "b", "c", "d"), List.of("b", "a", "d", "c"), List.of("b", "d"), "Beta explains it.\nDelta too."),
        new TrainingExample("leetcode", "q2", "two sum",
            List.of(Document.of("x", "X"), Document.of("y", "Y"), Document.of("z", "Z")),
            List.of("x", "y", "z"), List.of("z", "y", "x"), List.of("z"), "z first"),
        new TrainingExample("leetcode", "q3", "three sum",
            List.of(Document.of("u", "U"), Document.of("v", "V")),
            List.of("u", "v"), List.of("u", "v"), List.of(), ""));
  }

  Path writeRows(List<TrainingExample> rows) throws Exception {
    Path p = dir.resolve("rows.jsonl");
    List<String> lines = new ArrayList<>();
    for (TrainingExample e : rows) lines.add(Json.MAPPER.writeValueAsString(e.toJson()));
    Files.write(p, lines);
    return p;
  }

  @Test
  void sftSetIsLlamaFactoryAlpacaWithTheSpecEntry() throws Exception {
    Path out = dir.resolve("data");
    Files.createDirectories(out);
    Files.writeString(out.resolve("dataset_info.json"), "{\"alpaca_en_demo\": {\"file_name\": \"alpaca_en_demo.json\"}}");
    int n = new SftExporter(TRANSLATOR).export(writeRows(examples()), out, SftExporter.DEFAULT_NAME);
    assertThat(n).isEqualTo(3);

    JsonNode data = Json.MAPPER.readTree(out.resolve("reasonrank_sft-data.json").toFile());
    assertThat(data.isArray()).isTrue();
    assertThat(data).hasSize(3);
    JsonNode first = data.get(0);
    assertThat(iterable(first.fieldNames())).containsExactly("instruction", "output", "system");
    assertThat(first.get("system").asText()).isEqualTo(ListwisePrompts.SYSTEM_PROMPT_REASONING);
    String instruction = first.get("instruction").asText();
    assertThat(instruction).startsWith("I will provide you with 4 passages, each indicated by a numerical identifier []."
        + " Rank the passages based on their relevance to the search query: Why do cells (2) divide?.\n\n[1] Alpha passage.\n"
        + "[2] Title: B Content: Beta (7) passage.\n[3] word0 word1 ");
    assertThat(instruction).doesNotContain("TAILMARK").contains("\n[4] Delta passage.\nSearch Query: Why do cells (2) divide?.\n");
    assertThat(instruction).endsWith("The format of the answer should be [] > [], e.g., [2] > [1].");
    assertThat(first.get("output").asText())
        .isEqualTo("<think>Beta explains it.\nDelta too.</think>\n<answer>[2] > [1] > [4] > [3]</answer>");
    assertThat(data.get(1).get("output").asText()).isEqualTo("<think>z first</think>\n<answer>[3] > [2] > [1]</answer>");

    JsonNode info = Json.MAPPER.readTree(out.resolve("dataset_info.json").toFile());
    JsonNode spec = Json.MAPPER.readTree("{\"file_name\": \"reasonrank_sft-data.json\", \"columns\": {\"prompt\": \"instruction\","
        + " \"response\": \"output\", \"system\": \"system\"}}");
    assertThat(info.get("reasonrank_sft-data")).isEqualTo(spec);
    assertThat(info.get("alpaca_en_demo").get("file_name").asText()).isEqualTo("alpaca_en_demo.json");
  }

  @Test
  void finalListOutsideTheWindowNamesTheLine() throws Exception {
    List<TrainingExample> rows = new ArrayList<>(examples());
    rows.set(1, new TrainingExample("leetcode", "q2", "two sum", List.of(Document.of("x", "X")), List.of("x"),
        List.of("w"), List.of(), ""));
    Path in = writeRows(rows);
    assertThatThrownBy(() -> new SftExporter(TRANSLATOR).export(in, dir.resolve("o"), "n"))
        .isInstanceOf(InputException.class).hasMessage(in + ":2: final_list[0] 'w' is not in initial_list");
    Files.writeString(in, "{\"dataset\":\"d\"}\n");
    assertThatThrownBy(() -> new RlExporter(TRANSLATOR).export(in, dir.resolve("t.parquet"), dir.resolve("v.parquet"), 0, 1))
        .isInstanceOf(InputException.class).hasMessage(in + ":1: missing field 'passages'");
  }

  @Test
  void rlParquetReadsBackWithVerlColumnsAndScoresAPerfectAnswer() throws Exception {
    Path train = dir.resolve("rl/train.parquet");
    Path val = dir.resolve("rl/val.parquet");
    RlExporter.Summary s = new RlExporter(TRANSLATOR).export(writeRows(examples()), train, val, 0.34, 42);
    assertThat(s).isEqualTo(new RlExporter.Summary(2, 1));

    try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement()) {
      Map<String, String> types = new LinkedHashMap<>();
      try (ResultSet r = st.executeQuery("DESCRIBE SELECT * FROM read_parquet('" + train + "')")) {
        while (r.next()) types.put(r.getString(1), r.getString(2));
      }
      assertThat(types).containsExactly(
          Map.entry("data_source", "VARCHAR"),
          Map.entry("prompt", "STRUCT(\"role\" VARCHAR, \"content\" VARCHAR)[]"),
          Map.entry("ability", "VARCHAR"),
          Map.entry("reward_model", "STRUCT(style VARCHAR, ground_truth VARCHAR)"),
          Map.entry("extra_info", "STRUCT(\"index\" BIGINT, initial_list VARCHAR[], final_list VARCHAR[],"
              + " relevant_docids VARCHAR[], split VARCHAR, dataset VARCHAR, qid VARCHAR)"));

      String select = "SELECT data_source, len(prompt), prompt[1].role, prompt[1].content, prompt[2].role, prompt[2].content,"
          + " ability, reward_model.style, reward_model.ground_truth, extra_info.index, array_to_string(extra_info.initial_list, ','),"
          + " array_to_string(extra_info.final_list, ','), array_to_string(extra_info.relevant_docids, ','), extra_info.split,"
          + " extra_info.qid FROM read_parquet(['" + train + "', '" + val + "']) ORDER BY extra_info.index";
      List<TrainingExample> ex = examples();
      MultiViewReward reward = new MultiViewReward();
      int rows = 0;
      int vals = 0;
      try (ResultSet r = st.executeQuery(select)) {
        while (r.next()) {
          TrainingExample e = ex.get(rows);
          TrainingWindow w = TrainingWindow.of(e, TRANSLATOR, Path.of("x"), 1);
          assertThat(r.getString(1)).isEqualTo("ranking");
          assertThat(r.getInt(2)).isEqualTo(2);
          assertThat(r.getString(3)).isEqualTo("system");
          assertThat(r.getString(4)).isEqualTo(ListwisePrompts.SYSTEM_PROMPT_REASONING);
          assertThat(r.getString(5)).isEqualTo("user");
          assertThat(r.getString(6)).isEqualTo(w.user());
          assertThat(r.getString(7)).isEqualTo("ranking");
          assertThat(r.getString(8)).isEqualTo("rule");
          assertThat(r.getLong(10)).isEqualTo(rows);
          assertThat(r.getString(15)).isEqualTo(e.qid());
          if (r.getString(14).equals("val")) vals++;
          else assertThat(r.getString(14)).isEqualTo("train");

          String groundTruth = r.getString(9);
          List<String> initial = split(r.getString(11));
          List<String> relevant = split(r.getString(13));
          assertThat(initial).isEqualTo(e.initialList());
          assertThat(split(r.getString(12))).isEqualTo(e.finalList());
          assertThat(relevant).isEqualTo(e.relevantDocids());
          RewardResult rr = reward.compute("<think>ok</think>\n<answer>" + groundTruth + "</answer>", groundTruth, initial,
              e.finalList(), relevant);
          assertThat(rr.reward()).isCloseTo(expectedPerfect(e.finalList(), relevant), within(1e-12));
          rows++;
        }
      }
      assertThat(rows).isEqualTo(3);
      assertThat(vals).isEqualTo(1);
    }
    // row 1: relevant b (rank 1) and d (rank 3): NDCG = (1 + 1/log2 4) / (1 + 1/log2 3), recall 1, rbo 1
    assertThat(expectedPerfect(List.of("b", "a", "d", "c"), List.of("b", "d")))
        .isCloseTo((1 + 0.5) / (1 + 1 / (Math.log(3) / Math.log(2))) + 0.2 + 0.1, within(1e-12));
  }

  @Test
  void splitIsDeterministicAndZeroFractionWritesNoValidationFile() throws Exception {
    Path in = writeRows(examples());
    RlExporter rl = new RlExporter(TRANSLATOR);
    rl.export(in, dir.resolve("a/train.parquet"), dir.resolve("a/val.parquet"), 0.34, 7);
    rl.export(in, dir.resolve("b/train.parquet"), dir.resolve("b/val.parquet"), 0.34, 7);
    assertThat(valQids(dir.resolve("a/val.parquet"))).isEqualTo(valQids(dir.resolve("b/val.parquet"))).hasSize(1);
    assertThat(rl.export(in, dir.resolve("c/train.parquet"), dir.resolve("c/val.parquet"), 0, 7)).isEqualTo(new RlExporter.Summary(3, 0));
    assertThat(dir.resolve("c/val.parquet")).doesNotExist();
    assertThat(Files.list(dir.resolve("c")).map(p -> p.getFileName().toString())).containsExactly("train.parquet");
    assertThatThrownBy(() -> rl.export(in, dir.resolve("d.parquet"), dir.resolve("e.parquet"), 1.0, 7))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("val fraction must be in [0, 1), got 1.0");
  }

  @Test
  void configsCarryTheSpecHyperParameters() throws Exception {
    Path out = dir.resolve("cfg");
    List<Path> files = TrainingConfigs.write(out, false);
    assertThat(files).hasSize(4).allSatisfy(p -> assertThat(p).exists());
    assertThat(Files.isExecutable(out.resolve("train_grpo.sh"))).isTrue();
    String full = Files.readString(out.resolve("qwen_full_sft.yaml"));
    assertThat(full).contains("model_name_or_path: Qwen/Qwen2.5-7B-Instruct", "finetuning_type: full", "learning_rate: 5.0e-6",
        "num_train_epochs: 5.0", "cutoff_len: 23552", "per_device_train_batch_size: 1", "gradient_accumulation_steps: 8",
        "lr_scheduler_type: cosine", "warmup_ratio: 0.1", "bf16: true", "save_strategy: epoch", "template: qwen",
        "dataset: reasonrank_sft-data", "ds_z3", "ZeRO-1");
    String lora = Files.readString(out.resolve("qwen_lora_sft.yaml"));
    assertThat(lora).contains("Qwen/Qwen2.5-32B-Instruct", "lora_rank: 32", "lora_alpha: 32", "lora_target: all",
        "learning_rate: 1.0e-4", "num_train_epochs: 7.0", "paper says 4 epochs", "checkpoint-530");
    for (String script : List.of("train_grpo.sh", "train_grpo_lora.sh")) {
      String s = Files.readString(out.resolve(script));
      assertThat(s).contains("algorithm.adv_estimator=grpo", "actor_rollout_ref.rollout.n=8", "data.train_batch_size=16",
          "ppo_mini_batch_size=8", "ppo_micro_batch_size_per_gpu=1", "use_kl_loss=True", "kl_loss_coef=0.001",
          "kl_loss_type=low_var_kl", "use_kl_in_reward=False", "max_prompt_length=20480", "max_response_length=3072",
          "filter_overlong_prompts=True", "truncation='error'", "gpu_memory_utilization=0.5", "max_num_batched_tokens=23552",
          "entropy_coeff=0", "loss_agg_mode=token-mean", "total_epochs=1", "save_freq=25", "test_freq=100",
          "n_gpus_per_node=8", "val_kwargs.temperature=0", "200 steps");
    }
    assertThat(Files.readString(out.resolve("train_grpo.sh"))).contains("optim.lr=1e-6", "tensor_model_parallel_size=1");
    assertThat(Files.readString(out.resolve("train_grpo_lora.sh"))).contains("optim.lr=1e-5", "lora_rank=32", "lora_alpha=32",
        "target_modules=all-linear", "tensor_model_parallel_size=8", "load_format=safetensors", "layered_summon=True",
        "optimizer_offload=True", "fsdp_size=8");
    assertThatThrownBy(() -> TrainingConfigs.write(out, false)).isInstanceOf(InputException.class)
        .hasMessage(out.resolve("qwen_full_sft.yaml") + ": exists; pass --force to overwrite");
    assertThat(TrainingConfigs.write(out, true)).hasSize(4);
  }

  /** NDCG@10 (binary, trec_eval) of {@code ranking} + 0.2 × Recall@10 + 0.1 × RBO(=1 for a perfect answer). */
  static double expectedPerfect(List<String> ranking, List<String> relevant) {
    if (relevant.isEmpty()) return 0.1;
    double dcg = 0;
    for (int i = 0; i < Math.min(10, ranking.size()); i++) {
      if (relevant.contains(ranking.get(i))) dcg += 1 / (Math.log(i + 2) / Math.log(2));
    }
    double idcg = 0;
    for (int i = 0; i < Math.min(10, relevant.size()); i++) idcg += 1 / (Math.log(i + 2) / Math.log(2));
    long hits = ranking.stream().limit(10).filter(relevant::contains).count();
    return dcg / idcg + 0.2 * hits / relevant.size() + 0.1;
  }

  private static List<String> valQids(Path val) throws Exception {
    List<String> out = new ArrayList<>();
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement();
         ResultSet r = st.executeQuery("SELECT extra_info.qid, extra_info.split FROM read_parquet('" + val + "')")) {
      while (r.next()) {
        assertThat(r.getString(2)).isEqualTo("val");
        out.add(r.getString(1));
      }
    }
    return out;
  }

  private static List<String> split(String s) {
    return s.isEmpty() ? List.of() : Arrays.asList(s.split(","));
  }

  private static <T> List<T> iterable(java.util.Iterator<T> it) {
    List<T> out = new ArrayList<>();
    it.forEachRemaining(out::add);
    return out;
  }
}
