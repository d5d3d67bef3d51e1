package io.reasonrank.trainer.rldata;

import java.util.List;

/** One verl RL row: the chat turns and what the reward needs. */
public record RlRow(String system, String user, String groundTruth, List<String> initialList, List<String> finalList,
    List<String> relevantDocids) {
  public RlRow {
    initialList = List.copyOf(initialList);
    finalList = List.copyOf(finalList);
    relevantDocids = List.copyOf(relevantDocids);
  }
}
