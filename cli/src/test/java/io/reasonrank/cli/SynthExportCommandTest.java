package io.reasonrank.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.reasonrank.io.Json;
import io.reasonrank.llm.openai.OpenAiTestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code synth}, {@code export-sft}, {@code export-rl} and {@code export-configs} through {@link ReasonRankCli#execute}. */
class SynthExportCommandTest {
  @TempDir Path dir;

  /** Scripted teacher double: passages containing "gold" are relevant and ranked first; the rest keep their order. */
  static String teacher(String prompt) {
    if (prompt.contains("End your reply with one line of the form")) {
      return "<think>ok</think>\nRelevant: " + (prompt.substring(prompt.lastIndexOf("Passage: ")).contains("gold") ? "yes" : "no");
    }
    List<String> gold = new ArrayList<>();
    List<String> rest = new ArrayList<>();
    var m = java.util.regex.Pattern.compile("(?m)^\\[(\\d+)\\] (.*)$").matcher(prompt);
    while (m.find()) (m.group(2).contains("gold") ? gold : rest).add("[" + m.group(1) + "]");
    gold.addAll(rest);
    return "<think>gold first</think>\n<answer>" + String.join(" > ", gold) + "</answer>";
  }

  Path[] inputs() throws Exception {
    Path topics = dir.resolve("bio.tsv");
    Path run = dir.resolve("run.trec");
    Path corpus = dir.resolve("corpus.jsonl");
    Files.writeString(topics, "1\tfirst question\n2\tsecond question\n3\tno hits\n");
    StringBuilder r = new StringBuilder();
    StringBuilder c = new StringBuilder();
    for (int q = 1; q <= 2; q++) {
      for (int k = 1; k <= 4; k++) {
        r.append(q).append(" Q0 d").append(q).append(k).append(' ').append(k).append(' ').append(10 - k).append(" bm25\n");
        c.append("{\"_id\":\"d").append(q).append(k).append("\",\"text\":\"text ").append(k == 3 ? "gold" : "plain").append(" d").append(q).append(k).append("\"}\n");
      }
    }
    Files.writeString(run, r);
    Files.writeString(corpus, c);
    return new Path[] {topics, run, corpus};
  }

  @Test
  void synthesizesResumesAndExports() throws Exception {
    Path[] in = inputs();
    Path out = dir.resolve("rows.jsonl");
    try (OpenAiTestServer server = OpenAiTestServer.startLlm(SynthExportCommandTest::teacher)) {
      String[] args = {"synth", "--topics", in[0].toString(), "--run", in[1].toString(), "--corpus", in[2].toString(),
          "--output", out.toString(), "--base-url", server.baseUrl(), "--list-size", "3", "--concurrency", "2",
          "--price-in", "1", "--price-out", "2"};
      CliRunner.Result r = CliRunner.run(args);
      assertThat(r.code()).as(r.err()).isZero();
      assertThat(r.err()).contains("teacher reasonrank-test (chat endpoint)", "1 topics have no run hits",
          "synth: 2 queries: 2 written, 0 resumed, 0 failed, 1 without run hits | 8 teacher calls (0 failed)");
      assertThat(server.generationRequests()).allMatch(OpenAiTestServer.Request::isChat);
      List<String> rows = Files.readAllLines(out);
      assertThat(rows).hasSize(2);
      JsonNode first = Json.MAPPER.readTree(rows.get(0));
      assertThat(first.get("dataset").asText()).isEqualTo("bio");
      assertThat(first.get("final_list").toString()).isEqualTo("[\"d13\",\"d11\",\"d12\"]");
      assertThat(first.get("relevant_docids").toString()).isEqualTo("[\"d13\"]");
      assertThat(first.get("reasoning").asText()).isEqualTo("gold first");

      CliRunner.Result again = CliRunner.run(args);
      assertThat(again.code()).isZero();
      assertThat(again.err()).contains("resuming", "2 of 2 queries already done", "0 written, 2 resumed");
      assertThat(server.generationCount()).isEqualTo(8);
      assertThat(Files.readAllLines(out)).isEqualTo(rows);

      // With the output gone, the completion cache beside it replays every teacher call: nothing is asked twice.
      Files.delete(out);
      CliRunner.Result replay = CliRunner.run(args);
      assertThat(replay.code()).as(replay.err()).isZero();
      assertThat(replay.err()).contains("2 written, 0 resumed", "cache: 8 hits, 0 misses");
      assertThat(server.generationCount()).isEqualTo(8);
      assertThat(Files.readAllLines(out)).isEqualTo(rows);
      assertThat(dir.resolve("rows.jsonl.cache.sqlite")).exists();
    }

    CliRunner.Result sft = CliRunner.run("export-sft", "--input", out.toString(), "--output-dir", dir.resolve("lf").toString());
    assertThat(sft.code()).as(sft.err()).isZero();
    JsonNode data = Json.MAPPER.readTree(dir.resolve("lf/reasonrank_sft-data.json").toFile());
    assertThat(data).hasSize(2);
    assertThat(data.get(0).get("output").asText()).isEqualTo("<think>gold first</think>\n<answer>[3] > [1] > [2]</answer>");
    assertThat(Json.MAPPER.readTree(dir.resolve("lf/dataset_info.json").toFile()).has("reasonrank_sft-data")).isTrue();

    Path train = dir.resolve("rl/train.parquet");
    CliRunner.Result rl = CliRunner.run("export-rl", "--input", out.toString(), "--output", train.toString(), "--val-fraction", "0.5");
    assertThat(rl.code()).as(rl.err()).isZero();
    assertThat(rl.err()).contains("export-rl: 1 train rows", "1 val rows");
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
         ResultSet r = c.createStatement().executeQuery("SELECT count(*), min(reward_model.ground_truth) FROM read_parquet(['"
             + train + "', '" + dir.resolve("rl/val.parquet") + "'])")) {
      assertThat(r.next()).isTrue();
      assertThat(r.getInt(1)).isEqualTo(2);
      assertThat(r.getString(2)).isEqualTo("[3] > [1] > [2]");
    }

    CliRunner.Result cfg = CliRunner.run("export-configs", "--output-dir", dir.resolve("cfg").toString());
    assertThat(cfg.code()).isZero();
    assertThat(dir.resolve("cfg/train_grpo_lora.sh")).exists();
    CliRunner.Result cfg2 = CliRunner.run("export-configs", "--output-dir", dir.resolve("cfg").toString());
    assertThat(cfg2.code()).isEqualTo(2);
    assertThat(cfg2.err().strip()).isEqualTo("reasonrank: " + dir.resolve("cfg/qwen_full_sft.yaml") + ": exists; pass --force to overwrite");
  }

  @Test
  void badInputIsOneLineAndExitTwo() throws Exception {
    Path[] in = inputs();
    String out = dir.resolve("o.jsonl").toString();
    CliRunner.Result both = CliRunner.run("synth", "--topics", in[0].toString(), "--run", in[1].toString(), "--corpus", in[2].toString(),
        "--index", dir.toString(), "--output", out, "--base-url", "http://127.0.0.1:9");
    assertThat(both.code()).isEqualTo(2);
    assertThat(both.err()).contains("mutually exclusive");

    CliRunner.Result ep = CliRunner.run("synth", "--topics", in[0].toString(), "--run", in[1].toString(), "--corpus", in[2].toString(),
        "--output", out, "--base-url", "http://127.0.0.1:9", "--endpoint", "responses");
    assertThat(ep.code()).isEqualTo(2);
    assertThat(ep.err().lines().findFirst().orElse(""))
        .isEqualTo("reasonrank: Invalid value for option '--endpoint': expected one of completions, chat, got 'responses'");

    Files.writeString(in[2], "{\"_id\":\"d11\",\"text\":\"t\"}\n");
    try (OpenAiTestServer server = OpenAiTestServer.startLlm(SynthExportCommandTest::teacher)) {
      CliRunner.Result missing = CliRunner.run("synth", "--topics", in[0].toString(), "--run", in[1].toString(), "--corpus",
          in[2].toString(), "--output", out, "--base-url", server.baseUrl());
      assertThat(missing.code()).isEqualTo(2);
      assertThat(missing.err().lines().filter(l -> l.startsWith("reasonrank:")).toList())
          .containsExactly("reasonrank: run: docid 'd12' (query 1) is not in the corpus");
      assertThat(server.generationCount()).isZero();
    }

    CliRunner.Result frac = CliRunner.run("export-rl", "--input", out, "--output", dir.resolve("t.parquet").toString(), "--val-fraction", "1");
    assertThat(frac.code()).isEqualTo(2);
    assertThat(frac.err().strip()).isEqualTo("reasonrank: --val-fraction must be in [0, 1): 1.0");
    Files.writeString(dir.resolve("bad.jsonl"), "{\"dataset\":\"x\",\"qid\":\"1\"\n");
    CliRunner.Result bad = CliRunner.run("export-sft", "--input", dir.resolve("bad.jsonl").toString(), "--output-dir", dir.resolve("s").toString());
    assertThat(bad.code()).isEqualTo(2);
    assertThat(bad.err().strip()).startsWith("reasonrank: " + dir.resolve("bad.jsonl") + ":1: invalid JSON").doesNotContain("\n");
  }
}
