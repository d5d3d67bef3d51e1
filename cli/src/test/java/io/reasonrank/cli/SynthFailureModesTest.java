package io.reasonrank.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.reasonrank.llm.openai.OpenAiTestServer;
import io.reasonrank.llm.openai.OpenAiTestServer.Reply;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import io.reasonrank.pipeline.RunOutcome;

/** {@code synth} against no server, a server that rejects every call and one that cuts prompts: non-zero, one clear line, seconds. */
class SynthFailureModesTest {
  static final OpenAiTestServer.Responder TEACHER =
      OpenAiTestServer.llm(OpenAiTestServer.MODEL, OptionalInt.empty(), SynthExportCommandTest::teacher);

  @TempDir Path dir;

  CliRunner.Result synth(String baseUrl, String... extra) throws Exception {
    SynthExportCommandTest inputs = new SynthExportCommandTest();
    inputs.dir = dir;
    Path[] in = inputs.inputs();
    List<String> args = new ArrayList<>(List.of("synth", "--topics", in[0].toString(), "--run", in[1].toString(), "--corpus",
        in[2].toString(), "--output", dir.resolve("rows.jsonl").toString(), "--base-url", baseUrl, "--list-size", "3",
        "--concurrency", "2", "--no-cache"));
    args.addAll(List.of(extra));
    return CliRunner.run(args.toArray(String[]::new));
  }

  @Test
  void noServerIsOneLineWithinTwoSeconds() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    long t0 = System.nanoTime();
    CliRunner.Result r = synth("http://127.0.0.1:" + port + "/v1");
    assertThat((System.nanoTime() - t0) / 1e9).isLessThan(2.0);
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err().strip().lines()).as(r.err())
        .containsExactly("reasonrank: no OpenAI-compatible server at http://127.0.0.1:" + port + "/v1: connection refused");
  }

  @Test
  void aServerThatRejectsEveryCallIsIncompleteWithTheErrorOnce() throws Exception {
    try (OpenAiTestServer server = OpenAiTestServer.start(OpenAiTestServer.failingGenerations(Reply.error(400, "bad field"), TEACHER))) {
      CliRunner.Result r = synth(server.baseUrl());
      assertThat(r.code()).as(r.err()).isEqualTo(RunOutcome.INCOMPLETE);
      assertThat(r.err().lines().filter(l -> l.contains("bad field"))).as(r.err()).hasSize(1);
      assertThat(r.err()).contains("synth: incomplete (exit 3)").doesNotContain("synth: retry");
      assertThat(Files.exists(dir.resolve("rows.jsonl")) ? Files.readAllLines(dir.resolve("rows.jsonl")) : List.of()).isEmpty();
    }
  }

  @Test
  void promptsTheServerCutAreAnIncompleteRunUnlessAllowed() throws Exception {
    try (OpenAiTestServer server = OpenAiTestServer.start(OpenAiTestServer.truncating(10, TEACHER))) {
      CliRunner.Result r = synth(server.baseUrl());
      assertThat(r.code()).as(r.err()).isEqualTo(RunOutcome.INCOMPLETE);
      assertThat(r.err().lines().filter(l -> l.startsWith("synth: warning: the server read 10 of the "))).as(r.err()).hasSize(1);
      CliRunner.Result allowed = synth(server.baseUrl(), "--allow-truncation");
      assertThat(allowed.code()).as(allowed.err()).isZero();
      assertThat(allowed.err()).contains("prompts were cut by the server");
    }
  }

  @Test
  void progressIsPlainLinesToAPipeAndABarOnATerminal() throws Exception {
    try (OpenAiTestServer server = OpenAiTestServer.start(TEACHER)) {
      CliRunner.Result plain = synth(server.baseUrl());
      assertThat(plain.code()).as(plain.err()).isZero();
      assertThat(plain.err()).contains("synth: 2/2 queries").doesNotContain("\r");
      Files.deleteIfExists(dir.resolve("rows.jsonl"));
      System.setProperty("reasonrank.progress", "bar");
      try {
        CliRunner.Result bar = synth(server.baseUrl());
        assertThat(bar.code()).as(bar.err()).isZero();
        assertThat(bar.err()).contains("\r").doesNotContain("synth: 2/2 queries");
      } finally {
        System.clearProperty("reasonrank.progress");
      }
    }
  }
}
