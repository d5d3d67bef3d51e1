package io.reasonrank.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.reasonrank.io.Json;
import io.reasonrank.llm.openai.OpenAiTestServer;
import io.reasonrank.llm.openai.OpenAiTestServer.Reply;
import io.reasonrank.testing.ScriptedLlm;
import io.reasonrank.testing.SharedData;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import io.reasonrank.pipeline.RunOutcome;

/**
 * {@code rerank} against servers that fail: every call rejected, a context exceeded in a 500 body, prompts cut by
 * the server, no server at all, and a llama.cpp server whose per-slot context is smaller (or larger) than its model
 * list suggests. Two DL19 queries (18 sliding windows) keep each run short. Every such run must end non-zero with one
 * clear line, in seconds.
 */
class RerankFailureModesTest {
  static final String DL19 = SharedData.path("rank_llm/retrieve_results_dl19.json").toString();
  static final OpenAiTestServer.Responder SCRIPTED =
      OpenAiTestServer.llm(OpenAiTestServer.MODEL, OptionalInt.of(OpenAiTestServer.CONTEXT_LENGTH), new ScriptedLlm());

  @TempDir Path dir;

  CliRunner.Result rerank(OpenAiTestServer server, Path out, String... extra) {
    List<String> args = new ArrayList<>(List.of("rerank", "--candidates", DL19, "--base-url", server.baseUrl(), "--dataset", "dl19",
        "--limit", "2", "--output", out.toString(), "--summary", out + ".json"));
    args.addAll(List.of(extra));
    return CliRunner.run(args.toArray(String[]::new));
  }

  static JsonNode summary(Path out) throws IOException {
    return Json.MAPPER.readTree(Path.of(out + ".json").toFile());
  }

  static long lines(String err, String prefix) {
    return err.lines().filter(l -> l.startsWith(prefix)).count();
  }

  @Test
  void aServerThatRejectsEveryCallIsAnIncompleteRunWithTheErrorShownOnce() throws IOException {
    try (OpenAiTestServer server = OpenAiTestServer.start(
        OpenAiTestServer.failingGenerations(Reply.error(400, "unsupported field 'min_p'"), SCRIPTED))) {
      Path out = dir.resolve("rejected.trec");
      CliRunner.Result r = rerank(server, out);
      assertThat(r.code()).as(r.err()).isEqualTo(RunOutcome.INCOMPLETE);
      assertThat(server.generationCount()).as("a 400 is not retried").isEqualTo(18);
      assertThat(lines(r.err(), "rerank: LLM call failed: POST " + server.baseUrl() + "/completions failed: HTTP 400 (request rejected, not retried): ")).as(r.err()).isEqualTo(1);
      assertThat(r.err()).contains("unsupported field 'min_p'").contains("rerank: incomplete (exit 3): 18 of 18 LLM calls failed");
      JsonNode s = summary(out);
      assertThat(s.path("llm_calls_attempted").asInt()).isEqualTo(18);
      assertThat(s.path("llm_calls_succeeded").asInt()).isZero();
      assertThat(s.path("failed_calls").asInt()).isEqualTo(18);
      assertThat(s.path("failed_calls_by_kind").path("bad_request").asInt()).isEqualTo(18);
      assertThat(s.path("errors")).hasSize(1);
      assertThat(s.path("queries_with_failed_calls").asInt()).isEqualTo(2);
      assertThat(s.path("exit_code").asInt()).isEqualTo(3);
    }
  }

  @Test
  void aContextExceededIn500BodyIsNotRetriedAndNamed() throws IOException {
    try (OpenAiTestServer server = OpenAiTestServer.start(OpenAiTestServer.failingGenerations(
        Reply.error(500, "Input prompt is too big compared to KV size. Please try increasing KV size."), SCRIPTED))) {
      Path out = dir.resolve("kv.trec");
      long t0 = System.nanoTime();
      CliRunner.Result r = rerank(server, out, "--no-cache");
      assertThat(r.code()).as(r.err()).isEqualTo(RunOutcome.INCOMPLETE);
      assertThat(server.generationCount()).as("no backoff for what retrying cannot fix").isEqualTo(18);
      assertThat((System.nanoTime() - t0) / 1e9).isLessThan(30);
      assertThat(lines(r.err(), "rerank: LLM call failed: POST " + server.baseUrl() + "/completions failed: HTTP 500 (context exceeded, not retried): ")).as(r.err()).isEqualTo(1);
      assertThat(summary(out).path("failed_calls_by_kind").path("context_exceeded").asInt()).isEqualTo(18);
    }
  }

  @Test
  void noServerAtAllIsOneLineWithinTwoSeconds() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    long t0 = System.nanoTime();
    CliRunner.Result r = CliRunner.run("rerank", "--candidates", DL19, "--base-url", "http://127.0.0.1:" + port + "/v1",
        "--dataset", "dl19", "--output", dir.resolve("none.trec").toString());
    double seconds = (System.nanoTime() - t0) / 1e9;
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err().strip().lines()).as(r.err()).containsExactly(
        "reasonrank: no OpenAI-compatible server at http://127.0.0.1:" + port + "/v1: connection refused");
    assertThat(seconds).isLessThan(2.0);
  }

  @Test
  void promptsTheServerCutFailTheRunUnlessAllowed() throws IOException {
    try (OpenAiTestServer server = OpenAiTestServer.start(OpenAiTestServer.truncating(641, SCRIPTED))) {
      Path out = dir.resolve("cut.trec");
      CliRunner.Result r = rerank(server, out);
      assertThat(r.code()).as(r.err()).isEqualTo(RunOutcome.INCOMPLETE);
      assertThat(lines(r.err(), "rerank: warning: the server read 641 of the ")).as(r.err()).isEqualTo(1);
      assertThat(lines(r.err(), "rerank: LLM call failed (prompt truncated by the server, not retried)")).isEqualTo(1);
      JsonNode s = summary(out);
      assertThat(s.path("prompts_truncated").asInt()).isEqualTo(18);
      assertThat(s.path("failed_calls_by_kind").path("truncated").asInt()).isEqualTo(18);

      // allowed: the answers are used, and still counted and warned about
      Path allowed = dir.resolve("cut-allowed.trec");
      CliRunner.Result a = rerank(server, allowed, "--allow-truncation");
      assertThat(a.code()).as(a.err()).isZero();
      assertThat(a.err()).contains("allowed by --allow-truncation").contains("18 prompts were cut by the server");
      assertThat(summary(allowed).path("prompts_truncated").asInt()).isEqualTo(18);
      assertThat(summary(allowed).path("failed_calls").asInt()).isZero();
    }
  }

  @Test
  void llamaCppsPerSlotContextIsTheLimitNotItsTrainingContext() throws IOException {
    // -c 2048 -np 2: 1,024 tokens per slot, although the model list says n_ctx_train 32768
    try (OpenAiTestServer small = OpenAiTestServer.start(OpenAiTestServer.llamaCpp(OpenAiTestServer.MODEL, 32768, 1024, 2, SCRIPTED))) {
      CliRunner.Result r = rerank(small, dir.resolve("small.trec"));
      assertThat(r.code()).isEqualTo(2);
      assertThat(r.err().strip().lines()).as(r.err()).hasSize(1);
      assertThat(r.err()).contains("exceeds the model's context length of 1024");
      assertThat(small.generationCount()).isZero();
    }
    // -c 16384 -np 2: 8,192 per slot serves the run although n_ctx_train is only 4096
    try (OpenAiTestServer big = OpenAiTestServer.start(OpenAiTestServer.llamaCpp(OpenAiTestServer.MODEL, 4096, 8192, 2, SCRIPTED))) {
      Path out = dir.resolve("big.trec");
      CliRunner.Result r = rerank(big, out);
      assertThat(r.code()).as(r.err()).isZero();
      assertThat(r.err()).contains("context 8192 from GET " + big.baseUrl().replace("/v1", "") + "/props default_generation_settings.n_ctx (per slot, 2 slots)");
      assertThat(summary(out).path("context_length").asInt()).isEqualTo(8192);
    }
  }

  @Test
  void llamaCppTimingsGiveTheServersPrefillAndDecodeSpeed() throws IOException {
    OpenAiTestServer.Responder timed = request -> {
      Reply reply = SCRIPTED.respond(request);
      if (!request.isGeneration()) return reply;
      var body = (com.fasterxml.jackson.databind.node.ObjectNode) Json.MAPPER.readTree(reply.body());
      body.putObject("timings").put("prompt_n", 2000).put("prompt_ms", 1000.0).put("predicted_n", 100).put("predicted_ms", 2000.0);
      return Reply.json(200, body);
    };
    try (OpenAiTestServer server = OpenAiTestServer.start(timed)) {
      Path out = dir.resolve("timed.trec");
      CliRunner.Result r = rerank(server, out, "--no-cache");
      assertThat(r.code()).as(r.err()).isZero();
      assertThat(r.err()).contains("server speed (llama.cpp timings, per request, 18 responses): prefill 2000.0 tokens/s, decode 50.0 tokens/s");
      JsonNode speed = summary(out).path("server_speed");
      assertThat(speed.path("prefill_tokens_per_second").asDouble()).isEqualTo(2000.0);
      assertThat(speed.path("decode_tokens_per_second").asDouble()).isEqualTo(50.0);
    }
  }

  @Test
  void aReRunRetriesExactlyTheFailedWindows() throws IOException {
    // the second query's windows fail; its nine windows are the only calls the re-run makes
    var requests = io.reasonrank.io.RankLlmResults.read(Path.of(DL19));
    String secondQuery = requests.get(1).query().text();
    OpenAiTestServer.Responder failSecond = request -> request.isGeneration() && request.prompt().contains(secondQuery)
        ? Reply.error(503, "overloaded") : SCRIPTED.respond(request);
    try (OpenAiTestServer server = OpenAiTestServer.start(failSecond)) {
      Path out = dir.resolve("retry.trec");
      CliRunner.Result first = rerank(server, out, "--max-retries", "0");
      assertThat(first.code()).as(first.err()).isEqualTo(RunOutcome.INCOMPLETE);
      assertThat(server.generationCount()).isEqualTo(18);
      assertThat(Files.exists(RerankCommand.sibling(out, ".partial.jsonl"))).as("kept for the re-run").isTrue();

      server.responder(SCRIPTED);
      int before = server.generationCount();
      CliRunner.Result again = rerank(server, out, "--max-retries", "0");
      assertThat(again.code()).as(again.err()).isZero();
      assertThat(server.generationCount() - before).isEqualTo(9);
      // the same run a healthy server gives in one go
      List<String> golden = Files.readAllLines(SharedData.path("golden/scripted_rerank_dl19.rank_GPT_reasoning.trec"));
      assertThat(RerankCommandTest.withoutTags(Files.readAllLines(out)))
          .isEqualTo(RerankCommandTest.withoutTags(golden.subList(0, 200)));
    }
  }

  @Test
  void qidsAndLimitSelectQueriesInInputOrder() throws IOException {
    var requests = io.reasonrank.io.RankLlmResults.read(Path.of(DL19));
    String a = requests.get(3).query().id(), b = requests.get(7).query().id();
    try (OpenAiTestServer server = OpenAiTestServer.start(SCRIPTED)) {
      Path out = dir.resolve("some.trec");
      CliRunner.Result r = CliRunner.run("rerank", "--candidates", DL19, "--base-url", server.baseUrl(), "--dataset", "dl19",
          "--mode", "rank_GPT", "--qids", b + "," + a, "--output", out.toString());
      assertThat(r.code()).as(r.err()).isZero();
      assertThat(Files.readAllLines(out).stream().map(l -> l.split(" ")[0]).distinct()).containsExactly(a, b);
      Path ids = Files.writeString(dir.resolve("ids.txt"), b + "\tsome text\n" + a + "\n");
      CliRunner.Result limited = CliRunner.run("rerank", "--candidates", DL19, "--base-url", server.baseUrl(), "--dataset", "dl19",
          "--mode", "rank_GPT", "--qids", ids.toString(), "--limit", "1", "--output", out.toString());
      assertThat(limited.code()).as(limited.err()).isZero();
      assertThat(Files.readAllLines(out).stream().map(l -> l.split(" ")[0]).distinct()).containsExactly(a);
      CliRunner.Result unknown = CliRunner.run("rerank", "--candidates", DL19, "--base-url", server.baseUrl(), "--dataset", "dl19",
          "--qids", a + ",nope", "--output", out.toString());
      assertThat(unknown.code()).isEqualTo(2);
      assertThat(unknown.err().strip().lines()).as(unknown.err()).containsExactly("reasonrank: --qids: 1 of 2 ids are not in the input: nope");
    }
  }

  @Test
  void progressToAPipeIsPlainLinesWithoutCarriageReturns() throws IOException {
    try (OpenAiTestServer server = OpenAiTestServer.start(SCRIPTED)) {
      CliRunner.Result r = rerank(server, dir.resolve("plain.trec"), "--mode", "rank_GPT");
      assertThat(r.code()).as(r.err()).isZero();
      assertThat(r.err()).doesNotContain("\r").contains("rerank: 2/2 queries");
    }
  }

  @Test
  void theDryRunShowsProgress() {
    CliRunner.Result r = CliRunner.run("rerank", "--candidates", DL19, "--dataset", "dl19", "--limit", "2", "--dry-run");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.err()).contains("rerank --dry-run: counting prompt tokens: 2/2 queries").doesNotContain("\r");
    assertThat(r.out()).contains("llm_calls: 18");
  }

  @Test
  void unreadablePointwiseJudgmentsAreWarnedAboutAndKeepTheFirstStageOrder() throws IOException {
    // no log-probabilities and the stop string stripped: nothing to judge by, every score is 0.5
    try (OpenAiTestServer server = OpenAiTestServer.start(io.reasonrank.llm.openai.ScriptedRank1Llm.responder(
        new io.reasonrank.llm.openai.ScriptedRank1Llm.Options(false, false, 0, OpenAiTestServer::promptTokens)))) {
      Path out = dir.resolve("neutral.trec");
      CliRunner.Result r = rerank(server, out, "--strategy", "pointwise", "--top", "10", "--no-cache");
      assertThat(r.code()).as(r.err()).isZero();
      assertThat(r.err()).contains("rerank: warning: 20 pointwise judgments could not be read (parse path neutral)");
      var first = io.reasonrank.io.RankLlmResults.read(Path.of(DL19)).getFirst();
      List<io.reasonrank.model.ScoredDoc> printed = new ArrayList<>();
      for (String line : Files.readAllLines(out)) {
        String[] f = line.split(" ");
        if (!f[0].equals(first.query().id())) continue;
        printed.add(new io.reasonrank.model.ScoredDoc(f[2], Double.parseDouble(f[4])));
      }
      // what trec_eval reads: sorted by score, ties by docid descending
      assertThat(io.reasonrank.eval.TrecOrder.sort(printed, io.reasonrank.eval.TrecOrder.ScorePrecision.FLOAT))
          .extracting(io.reasonrank.model.ScoredDoc::docid)
          .containsExactlyElementsOf(first.candidates().subList(0, 10).stream().map(c -> c.docid()).toList());
    }
  }
}
