package io.reasonrank.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.reasonrank.llm.openai.OpenAiTestServer;
import io.reasonrank.testing.ScriptedLlm;
import io.reasonrank.testing.SharedData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every command that writes files checks its output paths before any work: an output that is a
 * directory, or whose folder cannot be created, is refused in one line naming the option, with exit 2, before an LLM
 * call, an index build or even reading the inputs.
 */
class OutputPathsTest {
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

  private CliRunner.Result rerank(String... extra) {
    List<String> args = new ArrayList<>(List.of("rerank", "--candidates", DL19, "--dataset", "dl19", "--base-url", server.baseUrl()));
    args.addAll(List.of(extra));
    return CliRunner.run(args.toArray(String[]::new));
  }

  private static void assertOneLine(CliRunner.Result r, String expected) {
    assertThat(r.code()).as(r.err()).isEqualTo(2);
    assertThat(r.err()).isEqualTo("reasonrank: " + expected + System.lineSeparator());
  }

  @Test
  void rerankOutputThatIsAnEmptyDirectoryIsRefusedBeforeAnyCallAndKept() throws IOException {
    Path out = Files.createDirectory(dir.resolve("out"));
    int before = server.requestCount();
    CliRunner.Result r = rerank("--output", out.toString());
    assertOneLine(r, "--output: " + out + " is a directory; give a file name");
    assertThat(server.requestCount()).isEqualTo(before);
    assertThat(out).isEmptyDirectory();
  }

  @Test
  void rerankOutputThatIsANonEmptyDirectoryIsRefusedBeforeAnyCall() throws IOException {
    Path out = Files.createDirectory(dir.resolve("out"));
    Files.writeString(out.resolve("keep.txt"), "x");
    int before = server.requestCount();
    assertOneLine(rerank("--output", out.toString()), "--output: " + out + " is a directory; give a file name");
    assertThat(server.requestCount()).isEqualTo(before);
    assertThat(out.resolve("keep.txt")).hasContent("x");
  }

  @Test
  void rerankTraceThatIsADirectoryIsRefusedBeforeAnyCall() throws IOException {
    Path trace = Files.createDirectory(dir.resolve("trace"));
    int before = server.requestCount();
    assertOneLine(rerank("--output", dir.resolve("run.trec").toString(), "--trace", trace.toString()),
        "--trace: " + trace + " is a directory; give a file name");
    assertThat(server.requestCount()).isEqualTo(before);
    assertThat(dir.resolve("run.trec")).doesNotExist();
  }

  @Test
  void rerankOutputBelowAFileIsRefused() throws IOException {
    Path file = Files.writeString(dir.resolve("plain"), "x");
    Path out = file.resolve("sub").resolve("run.trec");
    assertOneLine(rerank("--output", out.toString()), "--output: cannot create " + out + ": " + file + " is a file, not a directory");
  }

  @Test
  void rerankCacheOnAnUnwritablePathIsAUserErrorNotAnInternalOne() throws IOException {
    Path file = Files.writeString(dir.resolve("plain"), "x");
    Path cache = file.resolve("c.sqlite");
    int before = server.requestCount();
    CliRunner.Result r = rerank("--output", dir.resolve("run.trec").toString(), "--cache", cache.toString());
    assertOneLine(r, "--cache: cannot create " + cache + ": " + file + " is a file, not a directory");
    assertThat(server.requestCount()).isEqualTo(before);
  }

  @Test
  void rerankCacheThatIsNotSqliteIsAOneLineUserError() throws IOException {
    Path cache = Files.writeString(dir.resolve("c.sqlite"), "this is not a database, and long enough to be read as one ".repeat(40));
    CliRunner.Result r = rerank("--output", dir.resolve("run.trec").toString(), "--cache", cache.toString());
    assertThat(r.code()).as(r.err()).isEqualTo(2);
    assertThat(r.err()).startsWith("reasonrank: --cache: cannot open completion cache " + cache).doesNotContain("internal error");
    assertThat(r.err().strip().lines()).hasSize(1);
  }

  @Test
  void dryRunWithACacheThatIsNotSqliteIsAOneLineUserError() throws IOException {
    Path cache = Files.writeString(dir.resolve("c.sqlite"), "this is not a database, and long enough to be read as one ".repeat(40));
    CliRunner.Result r = rerank("--dry-run", "--model", "m", "--cache", cache.toString());
    assertThat(r.code()).as(r.err()).isEqualTo(2);
    assertThat(r.err()).startsWith("reasonrank: --cache: cannot open completion cache " + cache).doesNotContain("internal error");
  }

  @Test
  void rerankOutputAndTraceNamingOneFileAreRefused() {
    Path out = dir.resolve("run.trec");
    assertOneLine(rerank("--output", out.toString(), "--trace", out.toString()), "--output and --trace name the same file " + out);
  }

  @Test
  void rerankDryRunSummaryThatIsADirectoryIsRefused() throws IOException {
    Path s = Files.createDirectory(dir.resolve("s"));
    assertOneLine(rerank("--dry-run", "--summary", s.toString()), "--summary: " + s + " is a directory; give a file name");
  }

  @Test
  void synthOutputThatIsADirectoryIsRefusedBeforeAnyCall() throws IOException {
    Path out = Files.createDirectory(dir.resolve("rows"));
    int before = server.requestCount();
    CliRunner.Result r = CliRunner.run("synth", "--topics", "missing.tsv", "--run", "missing.run", "--corpus", "missing.jsonl",
        "--base-url", server.baseUrl(), "--output", out.toString());
    assertOneLine(r, "--output: " + out + " is a directory; give a file name");
    assertThat(server.requestCount()).isEqualTo(before);
  }

  @Test
  void synthCacheBelowAFileIsAUserError() throws IOException {
    Path file = Files.writeString(dir.resolve("plain"), "x");
    CliRunner.Result r = CliRunner.run("synth", "--topics", "missing.tsv", "--run", "missing.run", "--corpus", "missing.jsonl",
        "--base-url", server.baseUrl(), "--output", dir.resolve("rows.jsonl").toString(), "--cache", file.resolve("c.sqlite").toString());
    assertOneLine(r, "--cache: cannot create " + file.resolve("c.sqlite") + ": " + file + " is a file, not a directory");
  }

  /** Each file-writing command, with its output option pointing at a directory; the inputs need not even exist. */
  static Stream<Arguments> fileOutputs() {
    return Stream.of(
        Arguments.of("--output", List.of("search", "--index", "missing-index", "--topics", "missing.tsv")),
        Arguments.of("--output", List.of("fuse", "--method", "rrf", "missing1.trec", "missing2.trec")),
        Arguments.of("--output", List.of("convert", "candidates", "--candidates", "missing.json")),
        Arguments.of("--output", List.of("convert", "run", "--candidates", "missing.json")),
        Arguments.of("--topics-out", List.of("convert", "run", "--candidates", "missing.json", "--output", "@FILE")),
        Arguments.of("--corpus-out", List.of("convert", "run", "--candidates", "missing.json", "--output", "@FILE")),
        Arguments.of("--output", List.of("convert", "topics", "--input", "missing.tsv")),
        Arguments.of("--qrels-out", List.of("convert", "bright", "--topics", "missing.jsonl")),
        Arguments.of("--excluded-out", List.of("convert", "bright", "--topics", "missing.jsonl")),
        Arguments.of("--output", List.of("reward", "--input", "missing.jsonl")),
        Arguments.of("--output", List.of("filter", "--input", "missing.jsonl")),
        Arguments.of("--report", List.of("filter", "--input", "missing.jsonl", "--output", "@FILE")),
        Arguments.of("--output", List.of("import-data", "--dir", "missing-dir")),
        Arguments.of("--output", List.of("export-rl", "--input", "missing.jsonl")),
        Arguments.of("--val-output", List.of("export-rl", "--input", "missing.jsonl", "--output", "@FILE")),
        Arguments.of("--output", List.of("prompts", "--input", "missing.jsonl")));
  }

  @ParameterizedTest(name = "{1} {0}")
  @MethodSource("fileOutputs")
  void everyFileOutputThatIsADirectoryIsRefusedFirst(String option, List<String> args) throws IOException {
    Path target = Files.createDirectory(dir.resolve("target"));
    List<String> all = new ArrayList<>();
    for (String a : args) all.add(a.equals("@FILE") ? dir.resolve("other.out").toString() : a);
    all.add(option);
    all.add(target.toString());
    assertOneLine(CliRunner.run(all.toArray(String[]::new)), option + ": " + target + " is a directory; give a file name");
  }

  @Test
  void aDeviceIsNotReplacedByTheFinishedFile() {
    Path devNull = Path.of("/dev/null");
    org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(devNull) && !Files.isRegularFile(devNull), "no /dev/null here");
    assertOneLine(CliRunner.run("reward", "--input", "missing.jsonl", "--output", devNull.toString()),
        "--output: /dev/null is not a regular file (a device, pipe or socket); give a file name");
    assertThat(Files.isRegularFile(devNull)).isFalse();
  }

  static Stream<Arguments> directoryOutputs() {
    return Stream.of(
        Arguments.of("--index", List.of("index", "--corpus", "missing.jsonl")),
        Arguments.of("--output-dir", List.of("export-sft", "--input", "missing.jsonl")),
        Arguments.of("--output-dir", List.of("export-configs")));
  }

  @ParameterizedTest(name = "{1} {0}")
  @MethodSource("directoryOutputs")
  void everyDirectoryOutputThatIsAFileIsRefusedFirst(String option, List<String> args) throws IOException {
    Path file = Files.writeString(dir.resolve("plain"), "x");
    List<String> all = new ArrayList<>(args);
    all.add(option);
    all.add(file.toString());
    assertOneLine(CliRunner.run(all.toArray(String[]::new)), option + ": " + file + " is a file, not a directory");
    assertThat(file).hasContent("x");
  }

  @Test
  void unwritableParentIsNamed() throws IOException {
    org.junit.jupiter.api.Assumptions.assumeFalse("root".equals(System.getProperty("user.name")), "root writes anywhere");
    Path ro = Files.createDirectory(dir.resolve("ro"));
    ro.toFile().setWritable(false);
    try {
      Path out = ro.resolve("run.trec");
      assertOneLine(rerank("--output", out.toString()), "--output: cannot create " + out + ": directory " + ro + " is not writable");
    } finally {
      ro.toFile().setWritable(true);
    }
  }
}
