package io.reasonrank.cli;

import io.reasonrank.llm.llamacpp.GgufMetadata;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code reasonrank gguf-info FILE}: prints a GGUF model's header (architecture, context length,
 * vocabulary, every metadata key) without loading it, so a model file can be checked before
 * {@code rerank} spends seconds loading it. A file that is not GGUF is a one-line user error (exit 2).
 */
@Command(
    name = "gguf-info",
    mixinStandardHelpOptions = true,
    description = "Print the metadata of a GGUF model file (read from its header; the model is not loaded).")
public final class GgufInfoCommand implements Callable<Integer> {
  private static final int MAX_VALUE_CHARS = 120;

  @Parameters(index = "0", paramLabel = "FILE", description = "The GGUF model file.")
  Path file;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    GgufMetadata m = GgufMetadata.read(file);
    PrintWriter out = spec.commandLine().getOut();
    String arch = m.architecture();
    out.println("file: " + m.file());
    out.println("size: " + m.fileSize() + " bytes");
    out.println("gguf version: " + m.version());
    out.println("tensors: " + m.tensorCount());
    out.println("architecture: " + arch);
    out.println("name: " + m.name().map(GgufInfoCommand::escape).orElse("-"));
    out.println("context length: " + orDash(m.values().get(arch + ".context_length")));
    out.println("embedding length: " + orDash(m.values().get(arch + ".embedding_length")));
    out.println("blocks: " + orDash(m.values().get(arch + ".block_count")));
    out.println("attention heads: " + orDash(m.values().get(arch + ".attention.head_count"))
        + " (kv " + orDash(m.values().get(arch + ".attention.head_count_kv")) + ")");
    out.println("tokenizer: " + m.string("tokenizer.ggml.model").orElse("-")
        + " (pre " + m.string("tokenizer.ggml.pre").orElse("-") + "), "
        + m.tokenCount() + " tokens, " + m.mergeCount() + " merges");
    out.println("metadata (" + m.values().size() + " keys):");
    for (Map.Entry<String, Object> e : m.values().entrySet()) {
      out.println("  " + e.getKey() + " = " + show(e.getValue()));
    }
    out.flush();
    return 0;
  }

  private static String escape(String s) {
    return s.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t");
  }

  private static String orDash(Object v) {
    return v == null ? "-" : v.toString();
  }

  /** One line per key: strings (chat templates run to kilobytes) are escaped and shortened. */
  private static String show(Object v) {
    if (!(v instanceof String s)) return v.toString();
    String escaped = escape(s);
    if (escaped.length() > MAX_VALUE_CHARS) {
      escaped = escaped.substring(0, MAX_VALUE_CHARS) + "... (" + s.length() + " chars)";
    }
    return "\"" + escaped + "\"";
  }
}
