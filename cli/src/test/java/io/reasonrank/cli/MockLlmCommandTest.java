package io.reasonrank.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.reasonrank.llm.openai.OpenAiTestServer;
import io.reasonrank.llm.openai.ScriptedRank1Llm;
import io.reasonrank.testing.SharedData;
import java.io.IOException;
import java.io.PipedReader;
import java.io.PipedWriter;
import java.io.PrintWriter;
import java.io.BufferedReader;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code reasonrank mock-llm} as a user runs it: rerank over it reproduces the scripted golden DL19 run. */
class MockLlmCommandTest {
  static final String DL19 = SharedData.path("rank_llm/retrieve_results_dl19.json").toString();
  private static final Pattern LISTENING = Pattern.compile("mock-llm: listening on (http://127\\.0\\.0\\.1:(\\d+)) \\(model (\\S+);");

  @TempDir Path dir;

  /** The command running in a thread of this JVM; closing interrupts it, which closes its server. */
  record Running(Thread thread, String url, AtomicInteger exit) implements AutoCloseable {
    @Override
    public void close() throws InterruptedException {
      thread.interrupt();
      thread.join(10_000);
      assertThat(thread.isAlive()).isFalse();
    }
  }

  static Running startMock(String... extra) throws IOException {
    PipedReader pipe = new PipedReader();
    PrintWriter out = new PrintWriter(new PipedWriter(pipe), true);
    AtomicInteger exit = new AtomicInteger(-1);
    String[] args = new String[extra.length + 3];
    args[0] = "mock-llm";
    args[1] = "--port";
    args[2] = "0";
    System.arraycopy(extra, 0, args, 3, extra.length);
    Thread t = new Thread(() -> {
      picocli.CommandLine cl = ReasonRankCli.commandLine();
      cl.setOut(out);
      exit.set(cl.execute(args));
      out.close();
    }, "mock-llm-under-test");
    t.start();
    String line = new BufferedReader(pipe).readLine();
    Matcher m = LISTENING.matcher(String.valueOf(line));
    assertThat(m.find()).as(line).isTrue();
    return new Running(t, m.group(1), exit);
  }

  @Test
  void rerankOverMockLlmReproducesTheGoldenScriptedDl19Run() throws Exception {
    Path out = dir.resolve("run.trec");
    try (Running mock = startMock()) {
      CliRunner.Result r = CliRunner.run("rerank", "--candidates", DL19, "--dataset", "dl19", "--base-url", mock.url() + "/v1",
          "--mode", "rank_GPT_reasoning", "--no-cache", "--output", out.toString());
      assertThat(r.code()).as(r.err()).isZero();
    }
    assertThat(RerankCommandTest.withoutTags(Files.readAllLines(out)))
        .isEqualTo(RerankCommandTest.withoutTags(RerankCommandTest.golden("rank_GPT_reasoning")));
  }

  @Test
  void pointwiseOverMockLlmEqualsTheScriptedRank1Model() throws Exception {
    Path viaMock = dir.resolve("mock.trec");
    Path viaDouble = dir.resolve("double.trec");
    try (Running mock = startMock("--model", "rank1-scripted")) {
      CliRunner.Result r = CliRunner.run("rerank", "--candidates", DL19, "--dataset", "dl19", "--base-url", mock.url() + "/v1",
          "--strategy", "pointwise", "--top", "5", "--no-cache", "--output", viaMock.toString());
      assertThat(r.code()).as(r.err()).isZero();
    }
    try (OpenAiTestServer rank1 = OpenAiTestServer.start(ScriptedRank1Llm.responder(ScriptedRank1Llm.Options.vllm()))) {
      CliRunner.Result r = CliRunner.run("rerank", "--candidates", DL19, "--dataset", "dl19", "--base-url", rank1.baseUrl(),
          "--strategy", "pointwise", "--top", "5", "--no-cache", "--output", viaDouble.toString());
      assertThat(r.code()).as(r.err()).isZero();
    }
    List<String> lines = Files.readAllLines(viaMock);
    assertThat(lines).hasSize(43 * 5);
    assertThat(RerankCommandTest.withoutTags(lines)).isEqualTo(RerankCommandTest.withoutTags(Files.readAllLines(viaDouble)));
  }

  @Test
  void badOptionsAndBindErrorsAreOneLine() throws IOException {
    CliRunner.Result r = CliRunner.run("mock-llm", "--fail-rate", "2");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).isEqualTo("reasonrank: --fail-rate must be in [0, 1], got 2.0\n");
    try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      r = CliRunner.run("mock-llm", "--port", String.valueOf(taken.getLocalPort()));
      assertThat(r.code()).isEqualTo(2);
      assertThat(r.err()).isEqualTo("reasonrank: cannot listen on 127.0.0.1:" + taken.getLocalPort() + ": port "
          + taken.getLocalPort() + " is already in use (pick another --port, or 0 for any free port)\n");
    }
    r = CliRunner.run("mock-llm", "--port", "0", "--host", "192.0.2.1"); // TEST-NET-1: never this machine's
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("--host 192.0.2.1 is not an address of this machine").doesNotContain("internal");
  }
}
