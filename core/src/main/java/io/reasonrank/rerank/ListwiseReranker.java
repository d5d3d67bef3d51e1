package io.reasonrank.rerank;

import io.reasonrank.model.Candidate;
import io.reasonrank.model.RerankRequest;
import io.reasonrank.prompt.ListwiseTranslator;
import java.util.List;
import java.util.Objects;

/**
 * What the listwise strategies ({@link SlidingWindowReranker}, {@link FullListReranker}, {@link TopDownReranker})
 * share: the {@link ListwiseCall} every window goes through and the {@link ScoreMode} that scores the final order
 * ({@link ListwiseCall#finishScores}). A strategy only decides which windows to rank and how their permutations
 * combine into one order.
 */
abstract class ListwiseReranker implements Reranker {
  final ListwiseCall call;
  private final ScoreMode scoreMode;

  ListwiseReranker(ListwiseCall call, ScoreMode scoreMode) {
    this.call = call;
    this.scoreMode = Objects.requireNonNull(scoreMode, "scoreMode");
  }

  public ListwiseTranslator translator() {
    return call.translator();
  }

  public ScoreMode scoreMode() {
    return scoreMode;
  }

  /** The query's result once its candidates stand in their final order {@code ranked}, scored by the score mode. */
  RerankResult result(RerankRequest request, List<Candidate> ranked, List<WindowTrace> traces) {
    return new RerankResult(request.query().id(), ListwiseCall.finishScores(request.candidates(), ranked, scoreMode), traces);
  }
}
