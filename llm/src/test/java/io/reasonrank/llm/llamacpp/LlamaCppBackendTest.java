package io.reasonrank.llm.llamacpp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.reasonrank.format.InputException;
import io.reasonrank.io.Json;
import io.reasonrank.llm.Completion;
import io.reasonrank.llm.LlmException;
import io.reasonrank.llm.LlmRequest;
import io.reasonrank.llm.SamplingParams;
import io.reasonrank.testing.SharedData;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The llama.cpp backend on a real GGUF written by {@link TinyQwen2Gguf}: arch qwen2, the full Qwen
 * vocabulary, random weights. One model is loaded for the whole class because de.kherud:llama 4.2.0
 * never frees a loaded model (docs/llamacpp-binding.md §7.2).
 */
class LlamaCppBackendTest {
  /** The ChatML prompt whose ids docs/llamacpp-binding.md §6 lists: [151644, 872, 198, 14990, 151645, 198, 151644, 77091, 198]. */
  private static final String PROMPT = "<|im_start|>user\nhello<|im_end|>\n<|im_start|>assistant\n";

  @TempDir static Path dir;
  private static Path gguf;
  private static LlamaCppBackend llm;
  private static String stdoutDuringLoad;

  @BeforeAll
  static void loadModel() throws IOException {
    gguf = dir.resolve("tiny-qwen2.gguf"); // never llama*: the native loader deletes such files in its dir
    TinyQwen2Gguf.write(SharedData.path("qwen-tokenizer/tokenizer.json.gz"), gguf, 42);
    PrintStream stdout = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      llm = LlamaCppBackend.builder(gguf).parallel(2).threads(Math.min(2, Runtime.getRuntime().availableProcessors()))
          .seed(42).build();
    } finally {
      System.setOut(stdout);
    }
    stdoutDuringLoad = captured.toString(StandardCharsets.UTF_8);
  }

  @AfterAll
  static void close() {
    if (llm != null) llm.close();
  }

  private static LlmRequest request(String prompt, SamplingParams sampling) {
    return new LlmRequest(List.of(), prompt, sampling);
  }

  @Test
  void loadingPrintsNothingOnStdout() {
    // the binding announces its library extraction on stdout; the backend sends that to stderr
    assertThat(stdoutDuringLoad).isEmpty();
  }

  @Test
  void reportsSlotsContextAndName() {
    assertThat(llm.capacity()).isEqualTo(2);
    assertThat(llm.contextSize()).isEqualTo(TinyQwen2Gguf.CONTEXT); // the file's context_length, under the cap
    assertThat(llm.contextLength()).hasValue(TinyQwen2Gguf.CONTEXT / 2);
    assertThat(llm.model()).matches("tiny-qwen2\\.gguf@[0-9a-f]{16}");
  }

  /** Cache keys carry the model's content identity: another file of the same name is another model. */
  @Test
  void twoDifferentFilesOfOneNameAreTwoModels() throws IOException {
    Path other = Files.createDirectories(dir.resolve("other")).resolve("tiny-qwen2.gguf");
    TinyQwen2Gguf.write(SharedData.path("qwen-tokenizer/tokenizer.json.gz"), other, 43);
    assertThat(ModelFileIdentity.modelName(other)).startsWith("tiny-qwen2.gguf@").isNotEqualTo(llm.model());
    Path copy = Files.copy(gguf, Files.createDirectories(dir.resolve("copy")).resolve("tiny-qwen2.gguf"));
    assertThat(ModelFileIdentity.modelName(copy)).isEqualTo(llm.model());
  }

  @Test
  void tokenizesLikeLlamaCppQwen2() throws IOException {
    List<String> lines = Files.readAllLines(SharedData.path("qwen-tokenizer/llamacpp_qwen2_cases.jsonl"));
    assertThat(lines).hasSize(43);
    for (String line : lines) {
      JsonNode c = Json.MAPPER.readTree(line);
      int[] expected = new int[c.get("ids").size()];
      for (int i = 0; i < expected.length; i++) expected[i] = c.get("ids").get(i).asInt();
      assertThat(llm.tokenize(c.get("text").asText())).as(c.get("text").asText()).containsExactly(expected);
    }
    assertThat(llm.tokenize(PROMPT)).containsExactly(151644, 872, 198, 14990, 151645, 198, 151644, 77091, 198);
  }

  @Test
  void greedyIsDeterministicAndHonoursMaxTokens() {
    Completion a = llm.complete(request(PROMPT, SamplingParams.greedy(16)));
    Completion b = llm.complete(request(PROMPT, SamplingParams.greedy(16)));
    assertThat(a.text()).isNotBlank().isEqualTo(b.text());
    assertThat(a.promptTokens()).isEqualTo(9);
    assertThat(a.completionTokens()).isEqualTo(16);
    assertThat(a.finishReason()).isEqualTo("length");

    Completion shorter = llm.complete(request(PROMPT, SamplingParams.greedy(5)));
    assertThat(shorter.completionTokens()).isEqualTo(5);
    assertThat(shorter.finishReason()).isEqualTo("length");
    assertThat(a.text()).startsWith(shorter.text()).isNotEqualTo(shorter.text());
  }

  @Test
  void stopStringEndsTheTextBeforeIt() {
    String full = llm.complete(request(PROMPT, SamplingParams.greedy(16))).text();
    String stop = full.strip().split("\\s+")[1]; // the second word: mid-text, found after some tokens
    SamplingParams sp = new SamplingParams(0, null, null, null, 16, null, List.of(stop), null);
    Completion c = llm.complete(request(PROMPT, sp));
    assertThat(c.text()).isEqualTo(full.substring(0, full.indexOf(stop)));
    assertThat(c.finishReason()).isEqualTo("stop");
    assertThat(c.completionTokens()).isBetween(1, 15);

    // min_tokens = max_tokens (the non-reasoning prompt, docs/reference-behaviour.md §2) ignores EOS and stop strings, as vLLM does
    SamplingParams fullBudget = new SamplingParams(0, null, null, null, 16, 16, List.of(stop), null);
    Completion all = llm.complete(request(PROMPT, fullBudget));
    assertThat(all.text()).isEqualTo(full);
    assertThat(all.finishReason()).isEqualTo("length");
  }

  @Test
  void parallelRequestsMatchASingleOne() throws Exception {
    String single = llm.complete(request(PROMPT, SamplingParams.greedy(8))).text();
    try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
      List<Future<Completion>> futures = new ArrayList<>();
      for (int i = 0; i < 4; i++) futures.add(pool.submit(() -> llm.complete(request(PROMPT, SamplingParams.greedy(8)))));
      for (Future<Completion> f : futures) {
        Completion c = f.get();
        assertThat(c.text()).isEqualTo(single);
        assertThat(c.completionTokens()).isEqualTo(8);
      }
    }
  }

  @Test
  void tooLongRequestFailsFast() {
    String prompt = PROMPT + "word ".repeat(2100);
    int tokens = llm.countTokens(prompt);
    assertThat(tokens).isGreaterThan(2048);
    assertThatThrownBy(() -> llm.complete(request(prompt, SamplingParams.greedy(100))))
        .isInstanceOf(LlmException.class)
        .hasMessage("prompt (" + tokens + " tokens) + max_tokens (100) = " + (tokens + 100)
            + " exceeds the per-slot context of 2048 tokens (context 4096 / parallel 2) of tiny-qwen2.gguf;"
            + " raise the context size or lower parallel or max_tokens");
    // the budget alone can overflow the slot too
    assertThatThrownBy(() -> llm.complete(request(PROMPT, SamplingParams.greedy(2040))))
        .isInstanceOf(LlmException.class).hasMessageStartingWith("prompt (9 tokens) + max_tokens (2040) = 2049 exceeds");
  }

  @Test
  void unsupportedSamplingIsRejected() {
    SamplingParams logprobs = new SamplingParams(0, null, null, null, 8, null, List.of(), 20);
    assertThatThrownBy(() -> llm.complete(request(PROMPT, logprobs)))
        .isInstanceOf(LlmException.class).hasMessageStartingWith("logprobs are not supported by the llama.cpp backend");
    SamplingParams someMin = new SamplingParams(0, null, null, null, 8, 4, List.of(), null);
    assertThatThrownBy(() -> llm.complete(request(PROMPT, someMin)))
        .isInstanceOf(LlmException.class)
        .hasMessage("min_tokens 4 < max_tokens 8 is not supported by the llama.cpp backend (only min_tokens >= max_tokens)");
  }

  @Test
  void sampledGenerationWithASeedIsReproducible() {
    SamplingParams sp = new SamplingParams(1.0, 0.9, 50, 0.0, 8, null, List.of(), null);
    Completion a = llm.complete(request(PROMPT, sp));
    Completion b = llm.complete(request(PROMPT, sp));
    assertThat(a.completionTokens()).isEqualTo(8);
    assertThat(a.text()).isEqualTo(b.text()); // the backend's seed goes with every request
    assertThat(a.text()).isNotEqualTo(llm.complete(request(PROMPT, SamplingParams.greedy(8))).text());
  }

  @Test
  void readsTheGeneratedHeader() {
    GgufMetadata m = GgufMetadata.read(gguf);
    assertThat(m.version()).isEqualTo(3);
    assertThat(m.architecture()).isEqualTo("qwen2");
    assertThat(m.name()).hasValue("tiny-random-qwen2");
    assertThat(m.contextLength()).hasValue(4096);
    assertThat(m.tokenCount()).isEqualTo(151_669);
    assertThat(m.mergeCount()).isEqualTo(151_387);
    assertThat(m.tensorCount()).isEqualTo(2 + 12L * TinyQwen2Gguf.BLOCKS);
    assertThat(m.addsBosToken()).isFalse();
    assertThat(m.values().get("qwen2.attention.layer_norm_rms_epsilon")).isEqualTo(1e-6f);
    assertThat(m.values().get("tokenizer.ggml.token_type")).hasToString("[151669 x i32]");
    assertThat(m.fileSize()).isEqualTo(gguf.toFile().length());
    assertThat(LlamaCppBackend.defaultContext(m, 32_768)).isEqualTo(4096);
    assertThat(LlamaCppBackend.defaultContext(m, 1024)).isEqualTo(1024);
  }

  @Test
  void badFilesGiveOneLineErrors() throws IOException {
    Path text = Files.writeString(dir.resolve("notes.txt"), "{\"not\": \"a model\"}\n");
    assertThatThrownBy(() -> LlamaCppBackend.builder(text).build())
        .isInstanceOf(InputException.class)
        .hasMessage(text + ": not a GGUF model file (it does not start with the bytes 'GGUF')");
    Path missing = dir.resolve("missing.gguf");
    assertThatThrownBy(() -> LlamaCppBackend.fromOptions(missing, 0, 1, 0, false))
        .isInstanceOf(InputException.class).hasMessage(missing + ": model file not found");
    Path truncated = dir.resolve("truncated.gguf");
    Files.write(truncated, Arrays.copyOf(Files.readAllBytes(gguf), 4096));
    assertThatThrownBy(() -> GgufMetadata.read(truncated))
        .isInstanceOf(InputException.class).hasMessage(truncated + ": truncated GGUF header");
    Path noArch = dir.resolve("no-arch.gguf");
    new GgufWriter().string("general.name", "x").write(noArch);
    assertThatThrownBy(() -> GgufMetadata.read(noArch))
        .isInstanceOf(InputException.class).hasMessage(noArch + ": GGUF metadata lacks general.architecture");
    Path v1 = dir.resolve("v1.gguf");
    Files.write(v1, new byte[] {'G', 'G', 'U', 'F', 1, 0, 0, 0, 0, 0, 0, 0});
    assertThatThrownBy(() -> GgufMetadata.read(v1))
        .isInstanceOf(InputException.class).hasMessage(v1 + ": unsupported GGUF version 1 (expected 2 or 3)");
  }

  @Test
  void aGgufLlamaCppCannotLoadGivesOneLineError() throws IOException {
    Path empty = dir.resolve("no-weights.gguf"); // a valid header with no vocabulary and no tensors
    new GgufWriter().string("general.architecture", "qwen2").u32("qwen2.context_length", 512).write(empty);
    assertThatThrownBy(() -> LlamaCppBackend.builder(empty).threads(1).build())
        .isInstanceOf(LlmException.class)
        .hasMessage("cannot load GGUF model " + empty + ": could not load model from given file path"
            + " (run with --verbose to see llama.cpp's log)")
        .satisfies(e -> assertThat(((LlmException) e).retryable()).isFalse());
  }

  @Test
  void badOptionsAreInputErrors() {
    assertThatThrownBy(() -> LlamaCppBackend.fromOptions(gguf, 0, 0, 0, false))
        .isInstanceOf(InputException.class).hasMessage("parallel must be >= 1, got 0");
    int cores = Runtime.getRuntime().availableProcessors();
    assertThatThrownBy(() -> LlamaCppBackend.fromOptions(gguf, 0, 1, cores + 1, false))
        .isInstanceOf(InputException.class)
        .hasMessage("threads must be between 1 and " + cores + " (available processors), got " + (cores + 1));
    assertThatThrownBy(() -> LlamaCppBackend.fromOptions(gguf, -5, 1, 0, false))
        .isInstanceOf(InputException.class).hasMessage("context size must be >= 0 (0 = the model's), got -5");
    assertThatThrownBy(() -> LlamaCppBackend.fromOptions(gguf, 2, 4, 0, false))
        .isInstanceOf(InputException.class)
        .hasMessage("context size 2 is smaller than parallel 4 (each slot gets context size / parallel tokens)");
  }

  @Test
  void topKFollowsVllmAndIsOneForGreedy() {
    assertThat(LlamaCppBackend.topK(SamplingParams.greedy(4))).isEqualTo(1);
    assertThat(LlamaCppBackend.topK(new SamplingParams(0.6, 0.95, 20, 0.0, 4, null, List.of(), null))).isEqualTo(20);
    assertThat(LlamaCppBackend.topK(new SamplingParams(1.0, null, null, null, 4, null, List.of(), null))).isZero();
    assertThat(LlamaCppBackend.topK(new SamplingParams(1.0, null, -1, null, 4, null, List.of(), null))).isZero();
  }

  @Test
  void budgetExhaustionIsReadFromTheStream() {
    SamplingParams plain = SamplingParams.greedy(10);
    SamplingParams withStop = new SamplingParams(0, null, null, null, 10, null, List.of("</think>"), null);
    assertThat(LlamaCppBackend.budgetExhausted(10, "x", plain, false)).isTrue();
    assertThat(LlamaCppBackend.budgetExhausted(4, "", plain, false)).as("EOS arrives as an empty piece").isFalse();
    assertThat(LlamaCppBackend.budgetExhausted(9, "ญ", plain, false)).as("a held-back UTF-8 token").isTrue();
    assertThat(LlamaCppBackend.budgetExhausted(6, "x", withStop, false)).as("stop string cut mid-token").isFalse();
    assertThat(LlamaCppBackend.budgetExhausted(9, "", plain, true)).as("min_tokens = max_tokens").isTrue();
  }
}
