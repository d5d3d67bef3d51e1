package io.reasonrank.trainer.validate;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reasonrank.io.Json;

/**
 * One validation: of {@code rows} greedy replies, {@code scored} had the think/answer format with the window's ids
 * (reward outcome {@code scored}), {@code countMismatch} the format with other ids, {@code noMatch} no format. The
 * means are over all rows; a part (NDCG@10, Recall@10, RBO) counts 0 where a reply was not scored, as the GRPO log.
 */
public record ValidationScore(int rows, int scored, int countMismatch, int noMatch, double rewardMean, double ndcgMean, double recallMean,
    double rboMean, double responseLength) {

  public double wellFormedRate() {
    return (double) scored / rows;
  }

  /** The eval_log.jsonl row of this validation after update {@code step}. */
  public ObjectNode toJson(int step, double seconds) {
    return Json.MAPPER.createObjectNode().put("step", step).put("rows", rows).put("reward_mean", rewardMean).put("ndcg_mean", ndcgMean)
        .put("recall_mean", recallMean).put("rbo_mean", rboMean).put("well_formed_rate", wellFormedRate())
        .put("count_mismatch_rate", (double) countMismatch / rows).put("format_failure_rate", (double) noMatch / rows)
        .put("response_length", responseLength).put("seconds", seconds);
  }
}
