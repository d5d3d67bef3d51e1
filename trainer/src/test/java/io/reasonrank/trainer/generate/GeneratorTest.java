package io.reasonrank.trainer.generate;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.reasonrank.trainer.model.Qwen2Config;
import io.reasonrank.trainer.model.Qwen2Model;
import io.reasonrank.trainer.model.TinyConfigs;
import io.reasonrank.trainer.model.TorchRuntime;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class GeneratorTest {
  @Test
  void aGroupDecodedAsOneBatchEqualsItsRowsDecodedAlone() {
    Qwen2Config c = Qwen2Config.fromJson(TinyConfigs.json(24, 16, 24, 2, 4, 2, 10000, true));
    try (NDManager manager = TorchRuntime.newManager();
         Qwen2Model m = Qwen2Model.fromTensors(c, TinyConfigs.weights(c, new SplittableRandom(5), 0.5), manager, DataType.FLOAT32)) {
      Generator gen = new Generator(m, Set.of(0L, 1L)); // two stop ids of 24: rows stop at different steps
      Sampling s = new Sampling(12, 1.0, 0.9, 0);
      long[] prompt = {5, 17, 3, 8};
      SplittableRandom[] streams = new SplittableRandom[8];
      for (int g = 0; g < streams.length; g++) streams[g] = new SplittableRandom(100 + g);
      Generator.Output[] group = gen.generateGroup(prompt, s, streams);
      Set<String> distinct = new HashSet<>();
      int stopped = 0, cut = 0;
      for (int g = 0; g < group.length; g++) {
        Generator.Output alone = gen.generate(prompt, s, new SplittableRandom(100 + g));
        assertThat(group[g].ids()).as("row %d", g).containsExactly(alone.ids());
        assertThat(group[g].stopId()).as("row %d", g).isEqualTo(alone.stopId());
        distinct.add(Arrays.toString(group[g].ids()));
        if (group[g].stopped()) stopped++;
        else cut++;
        assertThat(group[g].ids().length).isLessThanOrEqualTo(12);
      }
      // the comparison means something only if the rows differ and both ways of ending occur
      assertThat(distinct).hasSizeGreaterThan(4);
      assertThat(stopped).isPositive();
      assertThat(cut).isPositive();
    }
  }

  @Test
  void greedyIsTheArgmaxWithTheLowestIdOnTies() {
    SplittableRandom unused = new SplittableRandom(1);
    assertThat(Generator.choose(new float[] {0.5f, 2f, 2f, -1f}, Sampling.greedy(1), unused)).isEqualTo(1);
  }
}
