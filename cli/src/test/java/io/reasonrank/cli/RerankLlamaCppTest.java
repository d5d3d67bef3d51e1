package io.reasonrank.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.reasonrank.io.Json;
import io.reasonrank.io.RankLlmResults;
import io.reasonrank.llm.llamacpp.TinyGgufs;
import io.reasonrank.model.RerankRequest;
import io.reasonrank.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 4: {@code reasonrank rerank --backend llamacpp --model FILE.gguf} works like the HTTP backend (tiny random model). */
class RerankLlamaCppTest {
  @TempDir Path dir;

  @Test
  void oneQueryOfTwentyPassagesThroughTheInProcessEngine() throws Exception {
    Path gguf = dir.resolve("tiny-qwen2.gguf"); // never llama*: the native loader deletes such files in its dir
    TinyGgufs.writeTinyQwen2(SharedData.path("qwen-tokenizer/tokenizer.json.gz"), gguf, 42);
    RerankRequest first = RankLlmResults.read(SharedData.path("rank_llm/retrieve_results_dl19.json")).getFirst();
    Path candidates = dir.resolve("one.json");
    RankLlmResults.write(candidates, List.of(new RerankRequest(first.query(), first.candidates().subList(0, 20))));
    Path out = dir.resolve("one.trec");
    CliRunner.Result r = CliRunner.run("rerank", "--candidates", candidates.toString(), "--backend", "llamacpp", "--model", gguf.toString(),
        "--threads", "2", "--dataset", "dl19", "--window", "20", "--top", "20", "--max-tokens", "16", "--output", out.toString(),
        "--trace", dir.resolve("one.trace.jsonl").toString(), "--summary", dir.resolve("one.json.summary").toString());
    assertThat(r.code()).as(r.err()).isZero();
    List<String> run = Files.readAllLines(out);
    assertThat(run).hasSize(20);
    assertThat(run.stream().map(l -> l.split(" ")[2]).sorted().toList())
        .isEqualTo(first.candidates().subList(0, 20).stream().map(c -> c.docid()).sorted().toList());
    List<String> trace = Files.readAllLines(dir.resolve("one.trace.jsonl"));
    assertThat(trace).hasSize(1);
    JsonNode call = Json.MAPPER.readTree(trace.getFirst());
    assertThat(call.path("failed").asBoolean()).as(call.toString()).isFalse();
    assertThat(call.path("completion_tokens").asInt()).isBetween(1, 16);
    JsonNode s = Json.MAPPER.readTree(dir.resolve("one.json.summary").toFile());
    assertThat(s.path("settings").path("backend").asText()).isEqualTo("llamacpp");
    assertThat(s.path("settings").path("model").asText()).matches("tiny-qwen2\\.gguf@[0-9a-f]{16}");
    assertThat(s.path("llm_calls").asInt()).isEqualTo(1);
  }
}
