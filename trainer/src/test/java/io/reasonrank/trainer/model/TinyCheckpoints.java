package io.reasonrank.trainer.model;

import io.reasonrank.trainer.generate.PromptCodec;
import io.reasonrank.trainer.safetensors.StDtype;
import java.nio.file.Path;

/** Tiny checkpoints with the real Qwen2.5 vocabulary (151,936 rows), for tests that tokenize text. */
public final class TinyCheckpoints {
  private TinyCheckpoints() {}

  public static final int QWEN_VOCAB = 151936;

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

  /** hidden 16, 1 block, 2 heads / 1 KV head, FFN 32, tied: ≈2.4 M parameters, almost all embedding. */
  public static Path write(Path dir, long seed) {
    Qwen2Config c = Qwen2Config.fromJson(TinyConfigs.json(QWEN_VOCAB, 16, 32, 1, 2, 1, 1e6, true).put("initializer_range", 0.1));
    Checkpoint.save(dir, c, Qwen2Model.randomTensors(c, seed), StDtype.F32, Checkpoint.DEFAULT_SHARD_BYTES, null);
    return dir;
  }
}
