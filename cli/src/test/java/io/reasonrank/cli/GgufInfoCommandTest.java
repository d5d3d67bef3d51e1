package io.reasonrank.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class GgufInfoCommandTest {
  @TempDir Path dir;

  private record Run(int code, String out, String err) {}

  private static Run run(String... args) {
    CommandLine cl = ReasonRankCli.commandLine();
    StringWriter out = new StringWriter(), err = new StringWriter();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int code = cl.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  /** A header-only GGUF v3 (no tensors): enough for gguf-info, which never loads the model. */
  private Path headerOnlyGguf() throws IOException {
    ByteBuffer b = ByteBuffer.allocate(4096).order(ByteOrder.LITTLE_ENDIAN);
    b.put("GGUF".getBytes(StandardCharsets.US_ASCII)).putInt(3).putLong(0).putLong(6);
    string(b, "general.architecture"); b.putInt(8); string(b, "qwen2");
    string(b, "general.name"); b.putInt(8); string(b, "line one\nline two");
    string(b, "qwen2.context_length"); b.putInt(4); b.putInt(32768);
    string(b, "qwen2.attention.layer_norm_rms_epsilon"); b.putInt(6); b.putFloat(1e-6f);
    string(b, "tokenizer.ggml.tokens"); b.putInt(9); b.putInt(8); b.putLong(3);
    string(b, "a"); string(b, "b"); string(b, "ab");
    string(b, "tokenizer.chat_template"); b.putInt(8); string(b, "x".repeat(200));
    Path p = dir.resolve("model.gguf");
    Files.write(p, java.util.Arrays.copyOf(b.array(), b.position()));
    return p;
  }

  private static void string(ByteBuffer b, String s) {
    byte[] u = s.getBytes(StandardCharsets.UTF_8);
    b.putLong(u.length).put(u);
  }

  @Test
  void printsTheHeader() throws IOException {
    Path gguf = headerOnlyGguf();
    Run r = run("gguf-info", gguf.toString());
    assertThat(r.code()).isZero();
    assertThat(r.err()).isEmpty();
    assertThat(r.out()).isEqualTo(String.join(System.lineSeparator(),
        "file: " + gguf,
        "size: " + Files.size(gguf) + " bytes",
        "gguf version: 3",
        "tensors: 0",
        "architecture: qwen2",
        "name: line one\\nline two",
        "context length: 32768",
        "embedding length: -",
        "blocks: -",
        "attention heads: - (kv -)",
        "tokenizer: - (pre -), 3 tokens, 0 merges",
        "metadata (6 keys):",
        "  general.architecture = \"qwen2\"",
        "  general.name = \"line one\\nline two\"",
        "  qwen2.context_length = 32768",
        "  qwen2.attention.layer_norm_rms_epsilon = 1.0E-6",
        "  tokenizer.ggml.tokens = [3 x string]",
        "  tokenizer.chat_template = \"" + "x".repeat(120) + "... (200 chars)\"",
        ""));
  }

  @Test
  void aNonGgufFileIsAOneLineUserError() throws IOException {
    Path txt = Files.writeString(dir.resolve("model.gguf.txt"), "hello\n");
    Run r = run("gguf-info", txt.toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).isEqualTo("reasonrank: " + txt + ": not a GGUF model file (it does not start with the bytes 'GGUF')"
        + System.lineSeparator());
  }

  @Test
  void aMissingFileIsAOneLineUserError() {
    Path missing = dir.resolve("nope.gguf");
    Run r = run("gguf-info", missing.toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).isEqualTo("reasonrank: " + missing + ": model file not found" + System.lineSeparator());
  }
}
