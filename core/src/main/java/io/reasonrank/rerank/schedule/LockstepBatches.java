package io.reasonrank.rerank.schedule;

import io.reasonrank.model.RerankRequest;
import java.util.ArrayList;
import java.util.List;

/**
 * How a lock-step run splits its queries into batches; batches run one after another and the queries
 * of one batch advance window by window together (docs/reference-behaviour.md §3, batched variant). Returns the input
 * indices of each batch; together they must cover every index exactly once.
 */
@FunctionalInterface
public interface LockstepBatches {
  List<List<Integer>> batches(List<RerankRequest> requests);

  /** Every query in one batch: the best case for the lock-step. */
  static LockstepBatches all() {
    return requests -> {
      List<Integer> all = new ArrayList<>(requests.size());
      for (int i = 0; i < requests.size(); i++) all.add(i);
      return all.isEmpty() ? List.of() : List.of(all);
    };
  }

  /**
   * The reference's grouping ({@code run_rank_llm.py}, per dataset): queries with at least
   * {@code retrievalNum} candidates in input order, in chunks of {@code batchSize} (512 in the
   * scripts), then every query with fewer candidates as a batch of its own.
   */
  static LockstepBatches reference(int batchSize, int retrievalNum) {
    if (batchSize < 1) throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
    if (retrievalNum < 1) throw new IllegalArgumentException("retrievalNum must be >= 1, got " + retrievalNum);
    return requests -> {
      List<Integer> full = new ArrayList<>();
      List<List<Integer>> singles = new ArrayList<>();
      for (int i = 0; i < requests.size(); i++) {
        if (requests.get(i).candidates().size() < retrievalNum) singles.add(List.of(i));
        else full.add(i);
      }
      List<List<Integer>> batches = new ArrayList<>();
      for (int from = 0; from < full.size(); from += batchSize) {
        batches.add(List.copyOf(full.subList(from, Math.min(full.size(), from + batchSize))));
      }
      batches.addAll(singles);
      return batches;
    };
  }
}
