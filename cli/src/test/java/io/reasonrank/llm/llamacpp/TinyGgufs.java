package io.reasonrank.llm.llamacpp;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Test helper: gives the cli tests the llm test-jar's tiny random-weight Qwen2 GGUF ({@link TinyQwen2Gguf}, package-private
 * there), so {@code reasonrank rerank --backend llamacpp} can run end to end in process.
 */
public final class TinyGgufs {
  private TinyGgufs() {}

  /** Writes the ≈25 MB qwen2 model (real Qwen vocabulary, 4096-token context) to {@code out}; never name it {@code llama*}. */
  public static void writeTinyQwen2(Path tokenizerJsonGz, Path out, long seed) throws IOException {
    TinyQwen2Gguf.write(tokenizerJsonGz, out, seed);
  }
}
