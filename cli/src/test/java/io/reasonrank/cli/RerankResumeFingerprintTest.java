package io.reasonrank.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.reasonrank.io.Json;
import io.reasonrank.llm.openai.OpenAiTestServer;
import io.reasonrank.llm.openai.OpenAiTestServer.Reply;
import io.reasonrank.testing.ScriptedLlm;
import io.reasonrank.testing.SharedData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A checkpoint is resumed only for the same inputs by content: an input edited in place to a file of
 * the same size starts over instead of resuming the rows computed from the old text, and unchanged inputs resume.
 */
class RerankResumeFingerprintTest {
  @TempDir Path dir;
  OpenAiTestServer server;
  final AtomicBoolean failSecondQuery = new AtomicBoolean(true);
  String secondQuery;

  @BeforeEach
  void start() throws IOException {
    ArrayNode all = (ArrayNode) Json.MAPPER.readTree(SharedData.path("rank_llm/retrieve_results_dl19.json").toFile());
    ArrayNode two = Json.MAPPER.createArrayNode().add(all.get(0)).add(all.get(1));
    Files.writeString(dir.resolve("c.json"), two.toString());
    secondQuery = all.get(1).path("query").asText();
    var llm = OpenAiTestServer.llm(OpenAiTestServer.MODEL, OptionalInt.of(OpenAiTestServer.CONTEXT_LENGTH), new ScriptedLlm());
    server = OpenAiTestServer.start(request -> request.isGeneration() && failSecondQuery.get() && request.prompt().contains(secondQuery)
        ? Reply.error(503, "held until the child is killed").after(java.time.Duration.ofMinutes(5)) : llm.respond(request));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private String[] args() {
    return new String[] {"rerank", "--candidates", dir.resolve("c.json").toString(), "--dataset", "dl19", "--base-url",
        server.baseUrl(), "--max-retries", "0", "--no-cache", "--output", dir.resolve("run.trec").toString()};
  }

  private CliRunner.Result rerank() {
    return CliRunner.run(args());
  }

  /**
   * A child JVM reranks both queries; the server holds the second query's calls unanswered, and the child is killed
   * once its checkpoint holds the first query's row.
   */
  private void firstRunLeavesACheckpoint() throws Exception {
    Process child = new ProcessBuilder(CliRunner.childCommand(List.of(args()))).redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile()).start();
    Path checkpoint = dir.resolve("run.trec.partial.jsonl");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    try {
      while (System.nanoTime() < deadline && child.isAlive()
          && !(Files.exists(checkpoint) && Files.readAllLines(checkpoint).size() >= 2)) {
        Thread.sleep(50);
      }
    } finally {
      child.destroyForcibly();
      child.waitFor(10, TimeUnit.SECONDS);
    }
    assertThat(Files.readAllLines(checkpoint)).as(Files.readString(dir.resolve("child.log"))).hasSize(2);
    failSecondQuery.set(false);
  }

  @Test
  void unchangedInputsResume() throws Exception {
    firstRunLeavesACheckpoint();
    CliRunner.Result r = rerank();
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.err()).contains("resuming (1 already done");
  }

  @Test
  void anInputEditedToTheSameSizeStartsOver() throws Exception {
    firstRunLeavesACheckpoint();
    Path c = dir.resolve("c.json");
    String before = Files.readString(c);
    JsonNode first = Json.MAPPER.readTree(before).get(0).path("hits").get(0);
    String content = first.path("content").asText();
    int at = content.indexOf('e');
    String edited = content.substring(0, at) + 'a' + content.substring(at + 1);
    String after = before.replace(content, edited);
    assertThat(after).isNotEqualTo(before).hasSameSizeAs(before);
    Files.writeString(c, after);

    CliRunner.Result r = rerank();
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.err()).doesNotContain("resuming").contains("was made with other settings; moved to");
    assertThat(dir.resolve("run.trec.partial.jsonl.stale")).exists();
  }
}
