package io.reasonrank.trainer.gguf;

import static org.assertj.core.api.Assertions.assertThat;

import io.reasonrank.llm.Completion;
import io.reasonrank.llm.LlmRequest;
import io.reasonrank.llm.SamplingParams;
import io.reasonrank.llm.llamacpp.GgufMetadata;
import io.reasonrank.llm.llamacpp.LlamaCppBackend;
import io.reasonrank.prompt.ListwisePrompts;
import io.reasonrank.trainer.generate.ChatModel;
import io.reasonrank.trainer.generate.Sampling;
import io.reasonrank.trainer.model.Checkpoint;
import io.reasonrank.trainer.model.Qwen2Config;
import io.reasonrank.trainer.model.TinyCheckpoints;
import io.reasonrank.trainer.model.TinyConfigs;
import io.reasonrank.trainer.safetensors.StDtype;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A checkpoint exported to GGUF continues prompts in llama.cpp exactly as the DJL model does (greedy). One model per
 * class: the binding never frees a loaded model.
 */
class GgufAgreementTest {
  @TempDir Path tmp;

  @Test
  void greedyContinuationsOfDjlAndLlamaCppAgree() throws Exception {
    Qwen2Config c = Qwen2Config.fromJson(TinyConfigs.json(TinyCheckpoints.QWEN_VOCAB, 32, 64, 2, 4, 2, 1e6, false));
    Path dir = tmp.resolve("model");
    Checkpoint.save(dir, c, TinyConfigs.weights(c, new SplittableRandom(12), 0.35), StDtype.F32, Checkpoint.DEFAULT_SHARD_BYTES, null);
    Path gguf = tmp.resolve("tiny-qwen2-f32.gguf"); // never llama*: the native loader deletes such files in its folder
    long bytes = GgufExporter.export(dir, gguf, false);
    assertThat(bytes).isGreaterThan(4L * TinyCheckpoints.QWEN_VOCAB * 32 * 2);
    GgufMetadata meta = GgufMetadata.read(gguf);
    assertThat(meta.architecture()).isEqualTo("qwen2");

    List<String> prompts = List.of(ListwisePrompts.finalPrompt("You are RankLLM.", "Rank the passages [1] and [2] for: what is bm25"),
        "<|im_start|>user\nhello<|im_end|>\n<|im_start|>assistant\n", "The capital of France is");
    int agreed = 0;
    try (ChatModel djl = ChatModel.load(dir);
         LlamaCppBackend llama = LlamaCppBackend.builder(gguf).parallel(1).threads(2).seed(1).contextSize(1024).build()) {
      for (String p : prompts) {
        ChatModel.Reply mine = djl.complete(p, Sampling.greedy(24));
        Completion theirs = llama.complete(new LlmRequest(List.of(), p, SamplingParams.greedy(24)));
        assertThat(theirs.text()).as("prompt %s", p).isEqualTo(mine.text());
        if (!mine.text().isEmpty()) agreed++;
      }
    }
    assertThat(agreed).isEqualTo(prompts.size());
  }
}
