package io.reasonrank.trainer.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.reasonrank.trainer.safetensors.StDtype;
import io.reasonrank.trainer.safetensors.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointTest {
  static NDManager manager;
  @TempDir Path dir;

  @BeforeAll
  static void start() {
    manager = TorchRuntime.newManager();
  }

  @AfterAll
  static void stop() {
    manager.close();
  }

  private static final Qwen2Config CONFIG = Qwen2Config.fromJson(TinyConfigs.json(50, 16, 24, 2, 4, 2, 1e6, false));

  @Test
  void f32SaveLoadIsExactAndKeepsNamesAndConfig() throws Exception {
    Map<String, Tensor> w = TinyConfigs.weights(CONFIG, new SplittableRandom(5), 0.2);
    Checkpoint.save(dir, CONFIG, w, StDtype.F32, Checkpoint.DEFAULT_SHARD_BYTES, null);
    assertThat(dir.resolve("tokenizer.json")).exists();
    assertThat(dir.resolve("tokenizer_config.json")).exists();
    try (Qwen2Model m = Checkpoint.load(dir, manager, DataType.FLOAT32)) {
      assertThat(m.toTensors()).isEqualTo(w);
      assertThat(m.config().toJson()).isEqualTo(CONFIG.toJson());
      assertThat(m.lastLogits(new long[] {1, 2, 3})).containsExactly(logits(w, new long[] {1, 2, 3}));
    }
  }

  @Test
  void shardedCheckpointsLoadLikeASingleFile() throws Exception {
    Map<String, Tensor> w = TinyConfigs.weights(CONFIG, new SplittableRandom(6), 0.2);
    Checkpoint.save(dir, CONFIG, w, StDtype.F32, 4_000, null);
    assertThat(dir.resolve(Checkpoint.WEIGHTS)).doesNotExist();
    assertThat(dir.resolve(Checkpoint.INDEX)).exists();
    try (var files = Files.list(dir)) {
      assertThat(files.filter(p -> p.getFileName().toString().matches("model-\\d{5}-of-\\d{5}\\.safetensors")).count()).isGreaterThan(2);
    }
    assertThat(Checkpoint.readTensors(dir)).isEqualTo(w);
  }

  @Test
  void bf16AndF16CheckpointsLoadAsF32WithTheirRounding() {
    Map<String, Tensor> w = TinyConfigs.weights(CONFIG, new SplittableRandom(8), 0.2);
    for (StDtype d : new StDtype[] {StDtype.BF16, StDtype.F16}) {
      Path sub = dir.resolve(d.name());
      Checkpoint.save(sub, CONFIG, w, d, Checkpoint.DEFAULT_SHARD_BYTES, null);
      try (Qwen2Model m = Checkpoint.load(sub, manager, DataType.FLOAT32)) {
        Map<String, Tensor> back = m.toTensors();
        float[] want = w.get("lm_head.weight").data(), got = back.get("lm_head.weight").data();
        for (int i = 0; i < want.length; i++) {
          float r = d == StDtype.BF16 ? StDtype.fromBf16(StDtype.toBf16(want[i])) : Float.float16ToFloat(Float.floatToFloat16(want[i]));
          assertThat(got[i]).isEqualTo(r);
        }
        // saved again as F32 and read back: the same values
        Checkpoint.save(sub.resolve("again"), m.config(), back, StDtype.F32, Checkpoint.DEFAULT_SHARD_BYTES, sub);
        assertThat(Checkpoint.readTensors(sub.resolve("again"))).isEqualTo(back);
      }
    }
  }

  private static float[] logits(Map<String, Tensor> w, long[] ids) {
    try (Qwen2Model m = Qwen2Model.fromTensors(CONFIG, w, manager, DataType.FLOAT32)) {
      return m.lastLogits(ids);
    }
  }
}
