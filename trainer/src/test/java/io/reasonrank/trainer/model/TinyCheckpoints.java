package io.reasonrank.trainer.model;

import io.reasonrank.trainer.generate.PromptCodec;
import io.reasonrank.trainer.safetensors.StDtype;
import io.reasonrank.trainer.sft.TokenizedExample;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Tiny checkpoints with the real Qwen2.5 vocabulary (151,936 rows), for tests that tokenize text. */
public final class TinyCheckpoints {
  private TinyCheckpoints() {}

  public static final int QWEN_VOCAB = 151936;

  /**
   * Whether libtorch here can use {@code gpu:0}: the condition of the GPU tests ({@code @EnabledIf}), which run where
   * {@code PYTORCH_LIBRARY_PATH} names a CUDA libtorch and a GPU is present (docs/trainer.md, "Training on a GPU").
   */
  public static boolean gpu() {
    return !TorchRuntime.gpus().isEmpty();
  }

  /** A small-vocabulary model (64 ids, hidden 16, 1 block, 2 heads / 1 KV head, untied) for training-loop tests on ids. */
  public static Path writeSmall(Path dir, long seed) {
    Qwen2Config c = Qwen2Config.fromJson(TinyConfigs.json(64, 16, 32, 1, 2, 1, 1e4, false).put("initializer_range", 0.2));
    Checkpoint.save(dir, c, Qwen2Model.randomTensors(c, seed), StDtype.F32, Checkpoint.DEFAULT_SHARD_BYTES, null);
    return dir;
  }

  /** Characters as ids of {@link #writeSmall}'s 64-id vocabulary; ids decode to the characters from {@code '0'}. */
  public static final PromptCodec SMALL_CODEC = new PromptCodec() {
    @Override
    public long[] prompt(String system, String user) {
      return (system + user).chars().mapToLong(ch -> ch % 64).toArray();
    }

    @Override
    public String decode(long[] ids) {
      StringBuilder sb = new StringBuilder();
      for (long id : ids) sb.append((char) ('0' + id));
      return sb.toString();
    }
  };

  /**
   * Four SFT examples on {@link #writeSmall}'s 64-id vocabulary: a random prompt of 12–17 ids and a 5-id answer in
   * the shape of {@code <think>…</think><answer>[i] > [j]</answer>}, alternating between two orders.
   */
  public static List<TokenizedExample> smallSftExamples() {
    SplittableRandom r = new SplittableRandom(3);
    List<TokenizedExample> data = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      long[] prompt = r.longs(12 + r.nextInt(6), 0, 64).toArray();
      long[] answer = {60, 10 + i % 2, 61, 10 + (1 - i % 2), 62};
      data.add(TokenizedExample.of(prompt, answer, 4096));
    }
    return data;
  }

  /** hidden 16, 1 block, 2 heads / 1 KV head, FFN 32, tied: ≈2.4 M parameters, almost all embedding. */
  public static Path write(Path dir, long seed) {
    Qwen2Config c = Qwen2Config.fromJson(TinyConfigs.json(QWEN_VOCAB, 16, 32, 1, 2, 1, 1e6, true).put("initializer_range", 0.1));
    Checkpoint.save(dir, c, Qwen2Model.randomTensors(c, seed), StDtype.F32, Checkpoint.DEFAULT_SHARD_BYTES, null);
    return dir;
  }
}
