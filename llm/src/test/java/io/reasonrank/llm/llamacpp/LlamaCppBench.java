package io.reasonrank.llm.llamacpp;

import io.reasonrank.llm.Completion;
import io.reasonrank.llm.LlmRequest;
import io.reasonrank.llm.SamplingParams;
import io.reasonrank.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Measures the tiny generated model: write time and size, load time, greedy tokens/s, and whether the
 * streamed piece count equals max_tokens. Run it with a {@code -Dde.kherud.llama.tmpdir} of its own;
 * it ends with {@code System.exit} because the native server thread keeps the JVM alive.
 * Args: [threads] [tokens] [qwen2|llama8k].
 */
public final class LlamaCppBench {
  public static void main(String[] args) throws Exception {
    int threads = args.length > 0 ? Integer.parseInt(args[0]) : Runtime.getRuntime().availableProcessors();
    int tokens = args.length > 1 ? Integer.parseInt(args[1]) : 200;
    Path dir = Files.createTempDirectory("rr-bench");
    boolean small = args.length > 2 && args[2].equals("llama8k");
    Path gguf = dir.resolve(small ? "tiny-8k.gguf" : "tiny-qwen2.gguf");
    long t0 = System.nanoTime();
    TinyQwen2Gguf.write(SharedData.path("qwen-tokenizer/tokenizer.json.gz"), gguf, 42,
        small ? TinyQwen2Gguf.Variant.LLAMA_8K : TinyQwen2Gguf.Variant.QWEN2_FULL);
    long r0 = System.nanoTime();
    GgufMetadata meta = GgufMetadata.read(gguf);
    System.out.printf("header read: %.0f ms%n", (System.nanoTime() - r0) / 1e6);
    System.out.printf("model: %s, %d tokens, %d merges, %d tensors%n", meta.architecture(), meta.tokenCount(),
        meta.mergeCount(), meta.tensorCount());
    long t1 = System.nanoTime();
    System.out.printf("write: %d bytes in %d ms%n", Files.size(gguf), (t1 - t0) / 1_000_000);
    long t2 = System.nanoTime();
    try (LlamaCppBackend llm = LlamaCppBackend.builder(gguf).contextSize(2048).parallel(1).threads(threads).seed(42).build()) {
      long t3 = System.nanoTime();
      System.out.printf("load: %d ms (threads %d)%n", (t3 - t2) / 1_000_000, threads);
      String prompt = "<|im_start|>user\nhello<|im_end|>\n<|im_start|>assistant\n";
      long t4 = System.nanoTime();
      int[] ids = llm.tokenize(prompt);
      System.out.printf("tokenize: %d ids in %.1f ms%n", ids.length, (System.nanoTime() - t4) / 1e6);
      LlmRequest warm = new LlmRequest(List.of(), prompt, SamplingParams.greedy(8));
      llm.complete(warm);
      for (int rep = 0; rep < 3; rep++) {
        LlmRequest req = new LlmRequest(List.of(), prompt, SamplingParams.greedy(tokens));
        long a = System.nanoTime();
        Completion c = llm.complete(req);
        long b = System.nanoTime();
        double s = (b - a) / 1e9;
        System.out.printf("greedy %d tokens: %d pieces, finish %s, %.0f ms, %.0f tok/s%n",
            tokens, c.completionTokens(), c.finishReason(), s * 1000, c.completionTokens() / s);
        if (rep == 0) System.out.println("text: " + c.text().substring(0, Math.min(200, c.text().length())).replace("\n", "\\n"));
      }
      LlmRequest ignore = new LlmRequest(List.of(), prompt,
          new SamplingParams(0, null, null, null, tokens, tokens, List.of(), null));
      Completion c = llm.complete(ignore);
      System.out.printf("min_tokens=max_tokens: %d pieces, finish %s%n", c.completionTokens(), c.finishReason());
    }
    System.exit(0);
  }
}
