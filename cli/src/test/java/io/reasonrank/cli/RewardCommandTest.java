package io.reasonrank.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.reasonrank.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RewardCommandTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  @TempDir Path dir;

  /** Exit code, stdout and stderr of the command ({@link CliRunner}). */
  private static String[] run(String... args) {
    CliRunner.Result r = CliRunner.run(args);
    return new String[] {String.valueOf(r.code()), r.out(), r.err()};
  }

  @Test
  void scoresTheGoldenCasesInOrderBitForBit() throws Exception {
    // the reference cases in verl's call shape, without the 2 rows on which the reference raises
    List<JsonNode> expected = new ArrayList<>();
    StringBuilder in = new StringBuilder();
    for (String line : Files.readAllLines(SharedData.path("golden/reward_cases.jsonl"))) {
      JsonNode row = MAPPER.readTree(line);
      if (row.has("exception")) continue;
      var call = MAPPER.createObjectNode();
      for (String f : List.of("solution_str", "ground_truth", "initial_list", "final_list", "relevant_docids")) {
        call.set(f, row.get(f));
      }
      in.append(MAPPER.writeValueAsString(call)).append('\n');
      expected.add(row);
    }
    Path input = dir.resolve("calls.jsonl");
    Files.writeString(input, in);
    Path output = dir.resolve("rewards.jsonl");
    String[] r = run("reward", "--input", input.toString(), "--output", output.toString());
    assertThat(r[0]).isEqualTo("0");
    assertThat(r[2]).contains("reward: 407 rows").contains("scored 317").contains("no_match 31");
    List<String> lines = Files.readAllLines(output);
    assertThat(lines).hasSize(expected.size());
    for (int i = 0; i < lines.size(); i++) {
      JsonNode got = MAPPER.readTree(lines.get(i));
      JsonNode want = expected.get(i);
      assertThat(got.get("reward").doubleValue()).as(want.get("id").asText()).isEqualTo(want.get("reward").doubleValue());
      for (String f : List.of("ndcg_cut_10", "recall_10", "rbo")) {
        if (want.get(f).isNull()) assertThat(got.get(f).isNull()).as(f).isTrue();
        else assertThat(got.get(f).doubleValue()).as(f).isEqualTo(want.get(f).doubleValue());
      }
      assertThat(got.size()).isEqualTo(4);
    }
  }

  @Test
  void writesToStdoutByDefault() throws Exception {
    Path input = dir.resolve("one.jsonl");
    Files.writeString(input, """
        {"solution_str":"<think>x</think><answer>[2] > [1]</answer>","ground_truth":"[1] > [2]","initial_list":["a","b"],"final_list":["a","b"],"relevant_docids":["b"]}
        {"solution_str":"no tags","ground_truth":"[1] > [2]","initial_list":["a","b"],"relevant_docids":["b"]}
        """);
    String[] r = run("reward", "--input", input.toString());
    assertThat(r[0]).isEqualTo("0");
    assertThat(r[1].lines().toList()).containsExactly(
        "{\"reward\":1.25,\"ndcg_cut_10\":1.0,\"recall_10\":1.0,\"rbo\":0.5}",
        "{\"reward\":-1.0,\"ndcg_cut_10\":null,\"recall_10\":null,\"rbo\":null}");
  }

  @Test
  void badRowNamesFileLineAndField() throws Exception {
    Path input = dir.resolve("bad.jsonl");
    Files.writeString(input, """
        {"solution_str":"x","ground_truth":"[1]","initial_list":["a"],"relevant_docids":["a"]}
        {"solution_str":"x","ground_truth":"[1]","initial_list":["a"],"relevant_docids":[7]}
        """);
    String[] r = run("reward", "--input", input.toString());
    assertThat(r[0]).isEqualTo("2");
    assertThat(r[2].strip()).isEqualTo("reasonrank: " + input + ":2: field 'relevant_docids'[0] must be a string, got NUMBER");
  }

  @Test
  void aRowTheReferenceRaisesOnIsReportedCountedAndTheRestScored() throws Exception {
    Path input = dir.resolve("dup.jsonl");
    Files.writeString(input, """
        {"solution_str":"<think></think><answer>[1] [1]</answer>","ground_truth":"[1] > [1]","initial_list":["a","b"],"relevant_docids":["a"]}
        {"solution_str":"<think>x</think><answer>[2] > [1]</answer>","ground_truth":"[1] > [2]","initial_list":["a","b"],"final_list":["a","b"],"relevant_docids":["b"]}
        """);
    Path output = dir.resolve("out.jsonl");
    String[] r = run("reward", "--input", input.toString(), "--output", output.toString());
    assertThat(r[0]).isEqualTo("1");
    assertThat(r[2]).startsWith("reward: " + input + ":1: the reference raises: ground_truth repeats a passage id")
        .contains("reward: 2 rows").contains("scored 1").contains("failed 1 (not scored, not in the mean)");
    List<String> lines = Files.readAllLines(output);
    assertThat(lines).hasSize(2);
    assertThat(MAPPER.readTree(lines.get(0)).get("reward").isNull()).isTrue();
    assertThat(MAPPER.readTree(lines.get(0)).get("error").asText()).startsWith("the reference raises: ground_truth repeats");
    assertThat(lines.get(1)).isEqualTo("{\"reward\":1.25,\"ndcg_cut_10\":1.0,\"recall_10\":1.0,\"rbo\":0.5}");
  }

  @Test
  void aBadRowLeavesNoPartialOutputAndADirectoryIsNamedAsSuch() throws Exception {
    Path input = dir.resolve("bad.jsonl");
    Files.writeString(input, """
        {"solution_str":"x","ground_truth":"[1]","initial_list":["a"],"relevant_docids":["a"]}
        {"solution_str":"x","ground_truth":"[1]","initial_list":["a"],"relevant_docids":[7]}
        """);
    Path output = dir.resolve("out.jsonl");
    assertThat(run("reward", "--input", input.toString(), "--output", output.toString())[0]).isEqualTo("2");
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("bad.jsonl");
    }
    String[] r = run("reward", "--input", dir.toString());
    assertThat(r[0]).isEqualTo("2");
    assertThat(r[2].strip()).isEqualTo("reasonrank: " + dir + ": is a directory, expected a JSONL file");
  }

  @Test
  void rewardServerRejectsBadOptionsBeforeBinding() {
    assertThat(run("reward-server", "--port", "70000")[0]).isEqualTo("2");
    assertThat(run("reward-server", "--port", "0", "--threads", "0")[2]).contains("--threads must be >= 1: 0");
  }
}
