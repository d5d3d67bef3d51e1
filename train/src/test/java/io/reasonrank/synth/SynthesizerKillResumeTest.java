package io.reasonrank.synth;

import static org.assertj.core.api.Assertions.assertThat;

import io.reasonrank.format.TrecRuns;
import io.reasonrank.io.JsonlCorpus;
import io.reasonrank.io.Topics;
import io.reasonrank.llm.openai.OpenAiBackend;
import io.reasonrank.llm.openai.OpenAiTestServer;
import io.reasonrank.llm.tokenizer.HfTokenizer;
import io.reasonrank.model.Document;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 5's acceptance test: a synthesis run in a child JVM against the in-process scripted teacher is killed
 * ({@code destroyForcibly}, i.e. SIGKILL) half-way, a torn last line is added as a crash mid-write would leave it,
 * and a second child resumes; the output equals an uninterrupted run's byte for byte, has one row per query, and
 * the resumed run asks the teacher only for the queries that were not written.
 */
class SynthesizerKillResumeTest {
  static final int QUERIES = 16;
  static final int LIST = 5;
  static final int CALLS_PER_QUERY = LIST + 1;

  @TempDir Path dir;

  @Test
  void killedAndResumedRunEqualsUninterruptedRun() throws Exception {
    SynthFixture fx = new SynthFixture(dir, QUERIES, LIST);
    OpenAiTestServer.Responder scripted = OpenAiTestServer.llm(OpenAiTestServer.MODEL,
        OptionalInt.of(OpenAiTestServer.CONTEXT_LENGTH), ScriptedTeacher::respond);
    try (OpenAiTestServer server = OpenAiTestServer.start(r -> {
      OpenAiTestServer.Reply reply = scripted.respond(r);
      return r.isGeneration() ? reply.after(Duration.ofMillis(40)) : reply;
    })) {
      Path full = dir.resolve("full.jsonl");
      Map<String, Document> corpus = JsonlCorpus.load(fx.corpus);
      try (var teacher = OpenAiBackend.builder().baseUrl(server.baseUrl()).model(OpenAiTestServer.MODEL).maxConcurrency(4).build()) {
        SynthesisOptions o = SynthesisOptions.defaults("unit");
        o = new SynthesisOptions("unit", LIST, 512, 4, o.pointwiseSampling(), o.listwiseSampling(), 0, 0);
        Synthesizer.Summary s = new Synthesizer(teacher, HfTokenizer.qwenDefault(), o).run(Topics.read(fx.topics),
            TrecRuns.read(fx.run).run(), id -> Optional.ofNullable(corpus.get(id)), full, m -> {});
        assertThat(s.written()).isEqualTo(QUERIES);
      }
      assertThat(server.generationCount()).isEqualTo(QUERIES * CALLS_PER_QUERY);

      Path resumed = dir.resolve("resumed.jsonl");
      Process first = child(server, fx, resumed);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (lines(resumed) < QUERIES / 2 && first.isAlive() && System.nanoTime() < deadline) Thread.sleep(5);
      first.destroyForcibly();
      assertThat(first.waitFor(10, TimeUnit.SECONDS)).isTrue();
      int atKill = lines(resumed);
      assertThat(atKill).as("killed half-way, not after the end").isBetween(QUERIES / 2, QUERIES - 1);
      // a crash in the middle of a write leaves a torn line; the resume must cut it
      Files.writeString(resumed, "{\"dataset\":\"unit\",\"qid\":\"q", StandardOpenOption.APPEND);

      int before = server.generationCount();
      Process second = child(server, fx, resumed);
      assertThat(second.waitFor(20, TimeUnit.SECONDS)).isTrue();
      assertThat(second.exitValue()).isZero();
      assertThat(server.generationCount() - before)
          .as("the resume asks only for the queries not yet written")
          .isEqualTo((QUERIES - atKill) * CALLS_PER_QUERY);

      assertThat(Files.readAllBytes(resumed)).isEqualTo(Files.readAllBytes(full));
      List<String> rows = Files.readAllLines(resumed, StandardCharsets.UTF_8);
      assertThat(rows).hasSize(QUERIES);
      assertThat(rows.stream().map(l -> l.substring(0, l.indexOf(",\"query\""))).distinct()).hasSize(QUERIES);
    }
  }

  private static int lines(Path p) throws IOException {
    if (!Files.exists(p)) return 0;
    byte[] b = Files.readAllBytes(p);
    int n = 0;
    for (byte x : b) if (x == '\n') n++;
    return n;
  }

  private Process child(OpenAiTestServer server, SynthFixture fx, Path out) throws IOException {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    return new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"), SynthChild.class.getName(),
        server.baseUrl(), OpenAiTestServer.MODEL, fx.topics.toString(), fx.run.toString(), fx.corpus.toString(), out.toString())
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .redirectError(dir.resolve("child-" + System.nanoTime() + ".err").toFile())
        .start();
  }
}
