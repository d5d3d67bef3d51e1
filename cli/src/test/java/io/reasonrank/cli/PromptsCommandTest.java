package io.reasonrank.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reasonrank.io.Json;
import io.reasonrank.io.JsonLines;
import io.reasonrank.llm.tokenizer.HfTokenizer;
import io.reasonrank.model.Document;
import io.reasonrank.prompt.ListwiseTranslator;
import io.reasonrank.prompt.PromptMode;
import io.reasonrank.prompt.RenderedPrompt;
import io.reasonrank.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PromptsCommandTest {

  private static boolean plainAscii(String s) {
    return s.chars().allMatch(c -> (c >= 0x20 && c < 0x7F) || c == '\n') && !s.matches("(?s).*&#?[0-9A-Za-z]{1,24};.*");
  }

  /**
   * The BRIGHT golden windows whose texts are plain ASCII (so ftfy leaves them alone), turned into CLI input rows;
   * the command must print the reference's prompt and user message for each, in order.
   */
  @Test
  void rendersReferencePromptsForGoldenWindows(@TempDir Path tmp) throws Exception {
    List<JsonNode> golden = new ArrayList<>();
    JsonLines.forEach(SharedData.path("golden/window_prompts_bright.jsonl.gz"), (n, line) -> {
      boolean ascii = plainAscii(n.get("query").asText());
      for (JsonNode p : n.get("passages")) ascii &= plainAscii(p.get("text").asText());
      if (ascii) golden.add(n);
    });
    assertThat(golden).hasSizeGreaterThanOrEqualTo(3);
    assertThat(golden.stream().map(g -> g.get("mode").asText()).distinct()).hasSize(3);
    StringBuilder in = new StringBuilder();
    for (JsonNode g : golden) {
      ObjectNode row = Json.MAPPER.createObjectNode();
      row.put("query", g.get("query").asText());
      row.set("passages", g.get("passages"));
      row.put("mode", g.get("mode").asText());
      row.put("max_passage_tokens", g.get("max_passage_tokens").asInt());
      in.append(Json.MAPPER.writeValueAsString(row)).append('\n');
    }
    Path input = Files.writeString(tmp.resolve("in.jsonl"), in);
    Path output = tmp.resolve("out.jsonl");
    CliRunner.Result r = CliRunner.run("prompts", "--input", input.toString(),
        "--tokenizer", SharedData.path("qwen-tokenizer").toString(), "--output", output.toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.err()).contains("prompts: " + golden.size() + " rows (" + 20 * golden.size() + " passages) in ");
    List<String> lines = Files.readAllLines(output);
    assertThat(lines).hasSameSizeAs(golden);
    for (int i = 0; i < lines.size(); i++) {
      JsonNode o = Json.MAPPER.readTree(lines.get(i));
      assertThat(o.get("prompt").asText()).isEqualTo(golden.get(i).get("prompt").asText());
      assertThat(o.get("user_message").asText()).isEqualTo(golden.get(i).get("user_message").asText());
      ArrayNode ps = (ArrayNode) o.get("passages");
      assertThat(ps).hasSize(20);
      for (int k = 0; k < ps.size(); k++) {
        assertThat(o.get("user_message").asText()).contains("\n[" + (k + 1) + "] " + ps.get(k).asText() + "\n");
      }
    }
  }

  @Test
  void writesToStdoutWithDefaultModeTitlesAndTheBundledTokenizer(@TempDir Path tmp) throws Exception {
    Path input = Files.writeString(tmp.resolve("in.jsonl"),
        "{\"query\": \"what is [1]?\", \"passages\": [{\"docid\": \"a\", \"title\": \"T\", \"text\": \"alpha [2] beta\"},"
            + " {\"docid\": \"b\", \"text\": \"gamma\"}], \"max_passage_tokens\": 5}\n");
    CliRunner.Result r = CliRunner.run("prompts", "--input", input.toString());
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode o = Json.MAPPER.readTree(r.out().strip());
    RenderedPrompt want = new ListwiseTranslator(PromptMode.RANK_GPT_REASONING, HfTokenizer.qwenDefault(), 5)
        .render("what is [1]?", List.of(new Document("a", "T", "alpha [2] beta"), Document.of("b", "gamma")));
    assertThat(o.get("prompt").asText()).isEqualTo(want.prompt()).contains("search query: what is (1)?.");
    assertThat(o.get("passages").get(0).asText()).isEqualTo("Title: T Content:");
    assertThat(o.get("passages").get(1).asText()).isEqualTo("gamma");
  }

  @Test
  void badRowsFailWithFileAndLine(@TempDir Path tmp) throws Exception {
    String ok = "{\"query\": \"q\", \"passages\": [{\"docid\": \"a\", \"text\": \"x\"}], \"max_passage_tokens\": 100}\n";
    Path badMode = Files.writeString(tmp.resolve("m.jsonl"), ok
        + "{\"query\": \"q\", \"passages\": [{\"text\": \"x\"}], \"mode\": \"rank_gpt\", \"max_passage_tokens\": 100}\n");
    CliRunner.Result r = CliRunner.run("prompts", "--input", badMode.toString(), "--output", tmp.resolve("o.jsonl").toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err().strip()).isEqualTo("reasonrank: " + badMode
        + ":2: unknown prompt mode 'rank_gpt' (did you mean rank_GPT?); valid modes: rank_GPT_reasoning, rank_GPT, rank_GPT_qwen3");

    Path noMax = Files.writeString(tmp.resolve("x.jsonl"), "{\"query\": \"q\", \"passages\": [{\"text\": \"x\"}]}\n");
    assertThat(CliRunner.run("prompts", "--input", noMax.toString()).err().strip()).isEqualTo("reasonrank: " + noMax
        + ":1: 'max_passage_tokens' must be a positive integer (100 for TREC/BEIR, 512 for BRIGHT/R2MED)");

    Path noText = Files.writeString(tmp.resolve("t.jsonl"), "{\"query\": \"q\", \"passages\": [{\"docid\": \"d\"}], \"max_passage_tokens\": 5}\n");
    assertThat(CliRunner.run("prompts", "--input", noText.toString()).err().strip())
        .isEqualTo("reasonrank: " + noText + ":1: passages[0] has no string field 'text'");

    CliRunner.Result missing = CliRunner.run("prompts", "--input", tmp.resolve("nope.jsonl").toString());
    assertThat(missing.code()).isEqualTo(2);
    assertThat(missing.err().strip()).isEqualTo("reasonrank: " + tmp.resolve("nope.jsonl") + ": no such file");

    CliRunner.Result badTok = CliRunner.run("prompts", "--input", badMode.toString(), "--tokenizer", tmp.toString());
    assertThat(badTok.code()).isEqualTo(2);
    assertThat(badTok.err().strip()).isEqualTo("reasonrank: " + tmp + ": no tokenizer.json or tokenizer.json.gz in this directory");
  }
}
