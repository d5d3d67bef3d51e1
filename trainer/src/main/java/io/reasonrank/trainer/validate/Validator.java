package io.reasonrank.trainer.validate;

import io.reasonrank.reward.RewardResult;
import io.reasonrank.trainer.generate.Generator;
import io.reasonrank.trainer.generate.PromptCodec;
import io.reasonrank.trainer.generate.Sampling;
import io.reasonrank.trainer.rldata.ResponseScorer;
import io.reasonrank.trainer.rldata.RewardMeans;
import io.reasonrank.trainer.rldata.RlRow;
import io.reasonrank.trainer.model.Checkpoint;
import io.reasonrank.trainer.model.Qwen2Config;
import io.reasonrank.trainer.model.Qwen2Model;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * Scores a model on held-out RL rows: one greedy reply per row, cut at {@code maxNewTokens}, decoded and scored by
 * the {@link ResponseScorer}. With {@link PromptCodec#chatMl} a reply is the one {@code train generate} gives for the
 * row, so a validation figure can be checked with {@code train generate} and {@code reward}.
 */
public final class Validator {
  private final List<RlRow> rows;
  private final PromptCodec codec;
  private final ResponseScorer scorer;
  private final Sampling greedy;
  private final long[][] prompts;

  public Validator(List<RlRow> rows, PromptCodec codec, ResponseScorer scorer, int maxNewTokens) {
    if (rows.isEmpty()) throw new IllegalArgumentException("no validation rows");
    this.rows = List.copyOf(rows);
    this.codec = codec;
    this.scorer = scorer;
    this.greedy = Sampling.greedy(maxNewTokens);
    this.prompts = new long[rows.size()][];
  }

  /**
   * Encodes every row's prompt now, so that a prompt the model cannot read fails before training starts rather than
   * at the first validation.
   */
  public void checkPrompts(Qwen2Config config) {
    for (int i = 0; i < rows.size(); i++) {
      if (prompts[i] == null) prompts[i] = codec.prompt(rows.get(i).system(), rows.get(i).user());
      config.requireInVocabulary(prompts[i], "validation row " + (i + 1) + ": ");
    }
  }

  /** Greedy replies of {@code model} to every row, scored; empty when {@code stop} turns true first (checked per row). */
  public Optional<ValidationScore> score(Qwen2Model model, BooleanSupplier stop) {
    Generator gen = new Generator(model, Set.of(Checkpoint.IM_END, Checkpoint.END_OF_TEXT));
    List<RewardResult> rewards = new ArrayList<>(rows.size());
    double length = 0;
    for (int i = 0; i < rows.size(); i++) {
      if (stop.getAsBoolean()) return Optional.empty();
      RlRow row = rows.get(i);
      if (prompts[i] == null) prompts[i] = codec.prompt(row.system(), row.user());
      Generator.Output out = gen.generate(prompts[i], greedy);
      rewards.add(scorer.score(codec.decode(out.ids()), row));
      length += out.ids().length;
    }
    RewardMeans m = RewardMeans.of(rewards);
    return Optional.of(new ValidationScore(m.count(), m.scored(), m.countMismatch(), m.noMatch(), m.reward(), m.ndcg(), m.recall(), m.rbo(),
        length / m.count()));
  }
}
