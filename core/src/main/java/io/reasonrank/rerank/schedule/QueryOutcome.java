package io.reasonrank.rerank.schedule;

import io.reasonrank.rerank.RerankResult;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What became of one query of a scheduled run: its {@link RerankResult}, or the unexpected exception
 * that ended it (a failed LLM call is not such an exception: the reranker records it in the window's
 * trace and keeps the window's order). {@code index} is the query's position in the run's input.
 */
public record QueryOutcome(int index, String qid, RerankResult result, Throwable failure, Duration elapsed) {
  public QueryOutcome {
    if (index < 0) throw new IllegalArgumentException("index must be >= 0, got " + index);
    Objects.requireNonNull(qid, "qid");
    Objects.requireNonNull(elapsed, "elapsed");
    if ((result == null) == (failure == null)) {
      throw new IllegalArgumentException("exactly one of result and failure must be set");
    }
  }

  public static QueryOutcome success(int index, String qid, RerankResult result, Duration elapsed) {
    return new QueryOutcome(index, qid, Objects.requireNonNull(result, "result"), null, elapsed);
  }

  public static QueryOutcome failure(int index, String qid, Throwable failure, Duration elapsed) {
    return new QueryOutcome(index, qid, null, Objects.requireNonNull(failure, "failure"), elapsed);
  }

  public boolean succeeded() {
    return result != null;
  }

  public Optional<RerankResult> resultIfAny() {
    return Optional.ofNullable(result);
  }
}
