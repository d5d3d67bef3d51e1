package io.reasonrank.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.reasonrank.io.Json;
import io.reasonrank.io.JsonLines;
import io.reasonrank.llm.openai.OpenAiTestServer;
import io.reasonrank.llm.openai.OpenAiTestServer.Reply;
import io.reasonrank.llm.openai.ScriptedRank1Llm;
import io.reasonrank.llm.tokenizer.HfTokenizer;
import io.reasonrank.testing.ScriptedLlm;
import io.reasonrank.testing.SharedData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import io.reasonrank.pipeline.RunOutcome;

/**
 * {@code reasonrank rerank} end to end over the real HTTP client against the scripted LLM served by an in-process
 * OpenAI-compatible double: the DL19 reproduction line for line in both modes (docs/reference-behaviour.md §13.6), lock-step schedule,
 * cache replay, failures, the dry run and the JSON summary.
 */
class RerankCommandTest {
  static final String DL19 = SharedData.path("rank_llm/retrieve_results_dl19.json").toString();
  static OpenAiTestServer server;

  @TempDir Path dir;

  @BeforeAll
  static void start() {
    server = OpenAiTestServer.startLlm(new ScriptedLlm());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static List<String> withoutTags(List<String> lines) {
    return lines.stream().map(l -> l.substring(0, l.lastIndexOf(' '))).toList();
  }

  static List<String> golden(String mode) throws IOException {
    return Files.readAllLines(SharedData.path("golden/scripted_rerank_dl19." + mode + ".trec"));
  }

  /** The first call of the golden trace whose prompt hash our trace lacks, for the assertion message. */
  static String firstDivergingWindow(String mode, Path ourTrace) {
    Map<String, String> ours = new HashMap<>();
    if (Files.isRegularFile(ourTrace)) {
      JsonLines.forEach(ourTrace, (row, line) -> ours.put(key(row), row.path("prompt_sha256").asText()));
    }
    String[] first = {null};
    JsonLines.forEach(SharedData.path("golden/scripted_rerank_dl19." + mode + ".trace.jsonl.gz"), (row, line) -> {
      if (first[0] == null && !row.path("prompt_sha256").asText().equals(ours.get(key(row)))) {
        first[0] = "first diverging window: qid " + key(row) + " golden prompt_sha256 " + row.path("prompt_sha256").asText()
            + ", ours " + ours.get(key(row));
      }
    });
    return first[0] == null ? "no window diverges" : first[0];
  }

  private static String key(JsonNode row) {
    return row.path("qid").asText() + " " + row.path("window").path(0).asInt() + "-" + row.path("window").path(1).asInt();
  }

  private static List<Boolean> traceCachedFlags(Path out) {
    List<Boolean> flags = new ArrayList<>();
    JsonLines.forEach(Path.of(out + ".trace.jsonl.gz"), (row, line) -> flags.add(row.path("cached").asBoolean()));
    return flags;
  }

  CliRunner.Result rerank(String mode, Path out, String... extra) {
    List<String> args = new ArrayList<>(List.of("rerank", "--candidates", DL19, "--base-url", server.baseUrl(),
        "--dataset", "dl19", "--mode", mode, "--output", out.toString(),
        "--trace", out + ".trace.jsonl.gz", "--summary", out + ".summary.json"));
    args.addAll(List.of(extra));
    if (!args.contains("--endpoint")) args.addAll(List.of("--endpoint", "completions"));
    return CliRunner.run(args.toArray(String[]::new));
  }

  @ParameterizedTest
  @ValueSource(strings = {"rank_GPT_reasoning", "rank_GPT"})
  void reproducesTheScriptedDl19RunLineForLineThroughHttp(String mode) throws IOException {
    Path out = dir.resolve(mode + ".trec");
    int before = server.generationCount();
    CliRunner.Result r = rerank(mode, out);
    assertThat(r.code()).as(r.err()).isZero();
    List<String> actual = Files.readAllLines(out);
    assertThat(withoutTags(actual)).as(firstDivergingWindow(mode, Path.of(out + ".trace.jsonl.gz"))).isEqualTo(withoutTags(golden(mode)));
    assertThat(actual.getFirst()).endsWith(" reasonrank");
    assertThat(server.generationCount() - before).isEqualTo(387);
    assertThat(Files.exists(RerankCommand.sibling(out, ".partial.jsonl"))).as("checkpoint removed at the end").isFalse();

    List<JsonNode> trace = new ArrayList<>();
    JsonLines.forEach(Path.of(out + ".trace.jsonl.gz"), (row, line) -> trace.add(row));
    assertThat(trace).hasSize(387);
    assertThat(trace.getFirst().path("qid").asText()).isEqualTo(actual.getFirst().split(" ")[0]);
    assertThat(trace.getFirst().path("window").toString()).isEqualTo("[80,100]");
    assertThat(trace.getFirst().path("docids_before")).hasSize(20);
    assertThat(trace.getFirst().has("parse_path") && trace.getFirst().has("permutation") && trace.getFirst().has("millis")).isTrue();

    JsonNode s = Json.MAPPER.readTree(Path.of(out + ".summary.json").toFile());
    assertThat(s.path("queries").asInt()).isEqualTo(43);
    assertThat(s.path("llm_calls").asInt()).isEqualTo(387);
    assertThat(s.path("llm_calls_made").asInt()).isEqualTo(387);
    assertThat(s.path("failed_calls").asInt()).isZero();
    assertThat(s.path("prompt_tokens").asLong()).isPositive();
    assertThat(s.path("completion_tokens").asLong()).isPositive();
    long paths = 0;
    for (JsonNode n : s.path("parse_paths")) paths += n.asLong();
    assertThat(paths).isEqualTo(387);
    assertThat(s.path("settings").path("mode").asText()).isEqualTo(mode);
    assertThat(s.path("settings").path("model").asText()).isEqualTo(OpenAiTestServer.MODEL);
    assertThat(s.path("settings").path("window").asInt()).isEqualTo(20);
    assertThat(s.has("version") && s.has("git_revision") && s.has("wall_seconds") && s.has("seconds_per_query")).isTrue();
    assertThat(r.err()).contains("43/43 queries").contains("387 LLM calls");
  }

  @Test
  void runTopicsAndCorpusInputGivesTheSameRunAsTheCandidatesFile() throws IOException {
    // the corpus holds the candidates' documents; the run is the same BM25 first stage as trec
    Path corpus = dir.resolve("dl19.corpus.jsonl");
    Map<String, io.reasonrank.model.Document> docs = new java.util.LinkedHashMap<>();
    io.reasonrank.io.RankLlmResults.read(Path.of(DL19)).forEach(r -> r.candidates().forEach(c -> docs.put(c.docid(), c.doc())));
    try (var w = Files.newBufferedWriter(corpus)) {
      for (var d : docs.values()) {
        w.write(Json.MAPPER.createObjectNode().put("id", d.id()).put("title", d.title()).put("text", d.text()).toString());
        w.write('\n');
      }
    }
    Path out = dir.resolve("fromrun.trec");
    CliRunner.Result r = CliRunner.run("rerank", "--run", SharedData.path("rank_llm/trec_results_dl19.txt").toString(),
        "--topics", SharedData.path("anserini-tools/msmarco/topics.dl19-passage.txt").toString(), "--corpus", corpus.toString(),
        "--base-url", server.baseUrl(), "--dataset", "dl19", "--output", out.toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(withoutTags(Files.readAllLines(out))).isEqualTo(withoutTags(golden("rank_GPT_reasoning")));
  }

  @ParameterizedTest
  @ValueSource(strings = {"full", "topdown"})
  void otherStrategiesRunThroughTheCommand(String strategy) throws IOException {
    Path out = dir.resolve(strategy + ".trec");
    int before = server.generationCount();
    CliRunner.Result r = rerank("rank_GPT_reasoning", out, "--strategy", strategy, "--no-cache");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(Files.readAllLines(out)).hasSize(4300);
    JsonNode s = Json.MAPPER.readTree(Path.of(out + ".summary.json").toFile());
    int calls = server.generationCount() - before;
    assertThat(s.path("llm_calls").asInt()).isEqualTo(calls);
    if (strategy.equals("full")) assertThat(calls).isEqualTo(43);
    else assertThat(calls).isBetween(43, 7 * 43);
  }

  @Test
  void pointwiseStrategyMakesOneRank1CallPerPassageWithSpecialTokensKept() throws IOException {
    try (OpenAiTestServer rank1 = OpenAiTestServer.start(ScriptedRank1Llm.responder(new ScriptedRank1Llm.Options(true, false, 0, OpenAiTestServer::promptTokens)))) {
      Path out = dir.resolve("pointwise.trec");
      CliRunner.Result r = CliRunner.run("rerank", "--candidates", DL19, "--dataset", "dl19", "--base-url", rank1.baseUrl(),
          "--strategy", "pointwise", "--top", "10", "--no-cache", "--output", out.toString());
      assertThat(r.code()).as(r.err()).isZero();
      assertThat(rank1.generationCount()).isEqualTo(43 * 10);
      assertThat(Files.readAllLines(out)).hasSize(43 * 10); // --top also bounds the hits written, as retrieval_num does
      JsonNode body = Json.MAPPER.readTree(rank1.generationRequests().get(0).body());
      assertThat(body.path("skip_special_tokens").isBoolean()).isTrue();
      assertThat(body.path("skip_special_tokens").asBoolean()).isFalse();
      assertThat(body.path("prompt").asText()).startsWith("Determine if the following passage is relevant to the query.");
      assertThat(body.path("logprobs").asInt()).isEqualTo(20);
    }
  }

  @Test
  void chatEndpointSendsMessages() throws IOException {
    Path out = dir.resolve("chat.trec");
    int before = server.requestCount();
    CliRunner.Result r = rerank("rank_GPT_reasoning", out, "--endpoint", "chat", "--no-cache", "--top", "20");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(Files.readAllLines(out)).hasSize(43 * 20);
    List<OpenAiTestServer.Request> sent = server.requests().subList(before, server.requestCount());
    assertThat(sent.stream().filter(OpenAiTestServer.Request::isChat).count()).isEqualTo(43);
    assertThat(sent.stream().filter(OpenAiTestServer.Request::isCompletions).count()).isZero();
  }

  @Test
  void lockstepScheduleWritesTheSameRun() throws IOException {
    Path out = dir.resolve("lockstep.trec");
    CliRunner.Result r = rerank("rank_GPT_reasoning", out, "--schedule", "lockstep", "--no-cache");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(withoutTags(Files.readAllLines(out))).isEqualTo(withoutTags(golden("rank_GPT_reasoning")));
  }

  @Test
  void aSecondIdenticalRunIsAnsweredByTheCache() throws IOException {
    Path out = dir.resolve("cached.trec");
    assertThat(rerank("rank_GPT", out).code()).isZero();
    List<String> first = Files.readAllLines(out);
    assertThat(traceCachedFlags(out)).hasSize(387).containsOnly(false);
    int before = server.generationCount();
    CliRunner.Result r = rerank("rank_GPT", out);
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(server.generationCount() - before).isZero();
    assertThat(Files.readAllLines(out)).isEqualTo(first);
    JsonNode s = Json.MAPPER.readTree(Path.of(out + ".summary.json").toFile());
    assertThat(s.path("llm_calls_made").asInt()).isZero();
    assertThat(s.path("llm_calls_cached").asInt()).isEqualTo(387);
    assertThat(traceCachedFlags(out)).hasSize(387).containsOnly(true);

    // the dry run takes output tokens and time from the cache's history for the model
    CliRunner.Result dry = CliRunner.run("rerank", "--candidates", DL19, "--dataset", "dl19", "--mode", "rank_GPT", "--dry-run",
        "--model", OpenAiTestServer.MODEL, "--output", out.toString());
    assertThat(dry.code()).as(dry.err()).isZero();
    assertThat(dry.out()).contains("from the cache's history for " + OpenAiTestServer.MODEL + " (387 calls")
        .contains("from the cache's mean");
  }

  @Test
  void serverErrorsFlagTheirWindowsAndTheRunCompletes() throws IOException {
    ScriptedLlm llm = new ScriptedLlm();
    AtomicInteger n = new AtomicInteger();
    OpenAiTestServer.Responder ok = OpenAiTestServer.llm(OpenAiTestServer.MODEL, OptionalInt.of(32768), llm);
    // every 50th generation request fails; without retries each such window is final: 387 / 50 = 7 of them
    try (OpenAiTestServer flaky = OpenAiTestServer.start(
        req -> req.isGeneration() && n.incrementAndGet() % 50 == 0 ? Reply.error(500, "overloaded") : ok.respond(req))) {
      Path out = dir.resolve("flaky.trec");
      CliRunner.Result r = CliRunner.run("rerank", "--candidates", DL19, "--base-url", flaky.baseUrl(), "--dataset", "dl19",
          "--max-retries", "0", "--no-cache", "--output", out.toString(), "--summary", out + ".json", "--trace", out + ".jsonl");
      assertThat(r.code()).as("a run with failed calls is not a success: " + r.err()).isEqualTo(RunOutcome.INCOMPLETE);
      assertThat(r.err()).contains("rerank: incomplete (exit 3): 7 of 387 LLM calls failed");
      assertThat(r.err().lines().filter(l -> l.startsWith("rerank: LLM call failed"))).as("each distinct error once").hasSize(1);
      assertThat(Files.readAllLines(out)).hasSize(4300);
      JsonNode s = Json.MAPPER.readTree(Path.of(out + ".json").toFile());
      assertThat(s.path("failed_calls").asInt()).isEqualTo(387 / 50);
      assertThat(s.path("llm_calls_attempted").asInt()).isEqualTo(387);
      assertThat(s.path("llm_calls_succeeded").asInt()).isEqualTo(387 - 387 / 50);
      assertThat(s.path("failed_calls_by_kind").path("server_error").asInt()).isEqualTo(387 / 50);
      assertThat(s.path("errors").get(0).path("count").asInt()).isEqualTo(387 / 50);
      assertThat(s.path("exit_code").asInt()).isEqualTo(3);
      assertThat(s.path("parse_paths").path("FAILED").asInt()).isEqualTo(387 / 50);
      List<JsonNode> failed = new ArrayList<>();
      JsonLines.forEach(Path.of(out + ".jsonl"), (row, line) -> {
        if (row.path("failed").asBoolean()) failed.add(row);
      });
      assertThat(failed).hasSize(387 / 50);
      assertThat(failed.getFirst().path("error").asText()).contains("500");
    }
  }

  @Test
  void anUnreachableServerIsOneLine() {
    CliRunner.Result r = CliRunner.run("rerank", "--candidates", DL19, "--base-url", "http://127.0.0.1:9/v1", "--dataset", "dl19",
        "--max-retries", "0", "--output", dir.resolve("x.trec").toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err().strip().lines()).hasSize(1);
    assertThat(r.err()).startsWith("reasonrank: ").contains("127.0.0.1:9");
  }

  @Test
  void aContextTooSmallFailsBeforeTheFirstCall() {
    int before = server.generationCount();
    CliRunner.Result r = CliRunner.run("rerank", "--candidates", DL19, "--base-url", server.baseUrl(), "--dataset", "dl19",
        "--context-length", "4096", "--output", dir.resolve("ctx.trec").toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err().strip().lines()).hasSize(1);
    assertThat(r.err()).contains("max_tokens 3172").contains("context length of 4096");
    assertThat(server.generationCount()).isEqualTo(before);
  }

  @Test
  void badInputsAreOneLineAndExit2() throws IOException {
    String base = server.baseUrl();
    String out = dir.resolve("bad.trec").toString();
    assertOneLine(CliRunner.run("rerank", "--candidates", dir.resolve("missing.json").toString(), "--base-url", base, "--dataset", "dl19",
        "--output", out), "--candidates: no such file");
    // choices are checked by picocli (its message, then a pointer to --help), listing the valid values
    assertRejected(CliRunner.run("rerank", "--candidates", DL19, "--base-url", base, "--dataset", "dl19", "--mode", "rank_gpt",
        "--output", out), "Invalid value for option '--mode': expected one of rank_GPT_reasoning, rank_GPT, rank_GPT_qwen3, got 'rank_gpt' (did you mean rank_GPT?)");
    assertRejected(CliRunner.run("rerank", "--candidates", DL19, "--base-url", base, "--dataset", "dl19", "--strategy", "zigzag",
        "--output", out), "Invalid value for option '--strategy': expected one of sliding, full, topdown, pointwise, got 'zigzag'");
    assertRejected(CliRunner.run("rerank", "--candidates", DL19, "--base-url", base, "--dataset", "dl19", "--strategy", "slidng",
        "--output", out), "got 'slidng' (did you mean sliding?)");
    assertRejected(CliRunner.run("rerank", "--candidates", DL19, "--base-url", base, "--dataset", "dl19", "--schedule", "lock-step",
        "--output", out), "expected one of scheduler, lockstep, got 'lock-step' (did you mean lockstep?)");
    assertOneLine(CliRunner.run("rerank", "--candidates", DL19, "--base-url", base, "--output", out), "give --dataset NAME");
    Path run = Files.writeString(dir.resolve("r.trec"), "q1 Q0 d1 1 2.0 bm25\nq1 Q0 d9 2 1.0 bm25\n");
    Path topics = Files.writeString(dir.resolve("t.tsv"), "q1\thello world\n");
    Path corpus = Files.writeString(dir.resolve("c.jsonl"), "{\"id\":\"d1\",\"contents\":\"hello\"}\n");
    assertOneLine(CliRunner.run("rerank", "--run", run.toString(), "--topics", topics.toString(), "--corpus", corpus.toString(),
        "--base-url", base, "--dataset", "dl19", "--output", out), "docid d9 is not in");
  }

  private static void assertRejected(CliRunner.Result r, String contains) {
    assertThat(r.code()).as(r.err()).isEqualTo(2);
    assertThat(r.err().lines().findFirst().orElse("")).as(r.err()).contains(contains);
  }

  private static void assertOneLine(CliRunner.Result r, String contains) {
    assertThat(r.code()).as(r.err()).isEqualTo(2);
    assertThat(r.err().strip().lines()).as(r.err()).hasSize(1);
    assertThat(r.err()).contains(contains);
  }

  @Test
  void dryRunCountsTheGoldenPromptsTokensWithoutCallingTheModel() throws IOException {
    long expected = 0;
    int[] rows = {0};
    List<String> prompts = new ArrayList<>();
    JsonLines.forEach(SharedData.path("golden/window_prompts_dl19.jsonl.gz"), (row, line) -> {
      if (row.path("mode").asText().equals("rank_GPT_reasoning")) prompts.add(row.path("prompt").asText());
    });
    // counted as reasonrank-7B's Qwen2.5 tokenizer counts them (docs/reference-behaviour.md §1.8): its system prompt's literal <think> and
    // </think> are plain text there, one token each in Qwen3 (4 tokens per prompt fewer)
    try (HfTokenizer tok = HfTokenizer.qwen25()) {
      for (String p : prompts) expected += tok.countTokens(p);
    }
    assertThat(prompts).hasSize(387);
    assertThat(expected).isEqualTo(699_656);
    int before = server.requestCount();
    Path summary = dir.resolve("dry.json");
    CliRunner.Result r = CliRunner.run("rerank", "--candidates", DL19, "--dataset", "dl19", "--dry-run", "--summary", summary.toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(server.requestCount()).isEqualTo(before);
    assertThat(r.out()).contains("llm_calls: 387 (exact").contains("input_tokens: " + expected + " (exact")
        .contains("expected_output_tokens: 290250 (750 per call");
    JsonNode s = Json.MAPPER.readTree(summary.toFile());
    assertThat(s.path("llm_calls").asLong()).isEqualTo(387);
    assertThat(s.path("input_tokens").asLong()).isEqualTo(expected);
    assertThat(s.path("expected_seconds").asLong()).isEqualTo(290);

    CliRunner.Result full = CliRunner.run("rerank", "--candidates", DL19, "--dataset", "dl19", "--dry-run", "--strategy", "full",
        "--mode", "rank_GPT", "--rate-tokens-per-s", "100");
    assertThat(full.code()).as(full.err()).isZero();
    assertThat(full.out()).contains("llm_calls: 43 (exact").contains("rank_GPT's fixed ranking length");
  }
}
