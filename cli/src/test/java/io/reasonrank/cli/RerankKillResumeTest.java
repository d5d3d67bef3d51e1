package io.reasonrank.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.reasonrank.llm.openai.OpenAiTestServer;
import io.reasonrank.llm.openai.OpenAiTestServer.Reply;
import io.reasonrank.testing.ScriptedLlm;
import io.reasonrank.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 4, "a run killed at any point and started again with the same arguments finishes with output identical to an
 * uninterrupted run, with no window asked twice": a child JVM runs {@code reasonrank rerank} against the scripted
 * server, is killed with {@code destroyForcibly} after about half of the 387 calls, and the same command then runs to
 * completion in process.
 *
 * <p>To make "no window asked twice" exact, the server stops answering once half the calls are answered (requests
 * that arrive then wait, unanswered) and the test waits until the child has stored every answer it received before
 * the kill; a request that was sent but never answered costs the server nothing and is not counted as asked.
 */
class RerankKillResumeTest {
  @TempDir Path dir;

  @Test
  void aKilledRunResumesToTheUninterruptedOutputWithoutAskingAnyWindowTwice() throws Exception {
    ScriptedLlm llm = new ScriptedLlm();
    OpenAiTestServer.Responder scripted = OpenAiTestServer.llm(OpenAiTestServer.MODEL, OptionalInt.of(32768), llm);
    AtomicInteger answered = new AtomicInteger();
    Map<String, Integer> answersPerPrompt = new ConcurrentHashMap<>();
    CountDownLatch gate = new CountDownLatch(1);
    int half = 190;
    try (OpenAiTestServer server = OpenAiTestServer.start(req -> {
      if (!req.isGeneration()) return scripted.respond(req);
      synchronized (answered) {
        if (answered.get() >= half) {
          // the child is about to be killed: hold every further request unanswered
          if (gate.getCount() > 0) {
            answered.notifyAll();
            return Reply.error(503, "gate").after(java.time.Duration.ofMinutes(5));
          }
        }
        answered.incrementAndGet();
        answersPerPrompt.merge(req.prompt(), 1, Integer::sum);
      }
      Thread.sleep(15); // a few seconds in all, so the kill lands mid-run
      return scripted.respond(req);
    })) {
      Path out = dir.resolve("run.trec");
      List<String> args = List.of("rerank", "--candidates", SharedData.path("rank_llm/retrieve_results_dl19.json").toString(),
          "--base-url", server.baseUrl(), "--dataset", "dl19", "--output", out.toString(), "--max-retries", "0", "--max-queries-in-flight", "8",
          "--trace", dir.resolve("run.trace.jsonl").toString());
      Process child = new ProcessBuilder(CliRunner.childCommand(args)).redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile()).start();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      synchronized (answered) {
        while (answered.get() < half && System.nanoTime() < deadline && child.isAlive()) answered.wait(200);
      }
      assertThat(answered.get()).as(Files.readString(dir.resolve("child.log"))).isEqualTo(half);
      Thread.sleep(600); // the answers in flight reach the child's cache (each is committed as it arrives)
      child.destroyForcibly();
      assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
      assertThat(Files.exists(RerankCommand.sibling(out, ".partial.jsonl"))).as("checkpoint left by the killed run").isTrue();
      assertThat(Files.exists(out)).as("no run written by the killed child").isFalse();

      gate.countDown(); // the server answers again
      CliRunner.Result r = CliRunner.run(args.toArray(String[]::new));
      assertThat(r.code()).as(r.err()).isZero();
      assertThat(r.err()).contains("resuming");

      assertThat(RerankCommandTest.withoutTags(Files.readAllLines(out)))
          .isEqualTo(RerankCommandTest.withoutTags(RerankCommandTest.golden("rank_GPT_reasoning")));
      assertThat(answered.get()).as("answered calls across both runs").isEqualTo(387);
      assertThat(answersPerPrompt).hasSize(387);
      assertThat(answersPerPrompt.values()).allMatch(n -> n == 1);
      assertThat(Files.readAllLines(dir.resolve("run.trace.jsonl"))).hasSize(387);
      System.err.printf("kill/resume: %d answered before the kill, %d requests received in all (unanswered ones held at the gate), 387 answered%n",
          half, server.generationCount());
    }
  }
}
