package io.reasonrank.rerank;

import io.reasonrank.model.Candidate;
import java.util.List;
import java.util.Objects;

/**
 * The LLM calls a {@link Reranker} makes for one query, planned from the first-stage order without calling the model
 * ({@link Reranker#callPlan}): each entry is the candidates one call shows the model, in the order it shows them. The
 * dry run counts these prompts' tokens and the context check measures the largest, so the cost model follows each
 * strategy's own call pattern instead of re-deriving it.
 *
 * <p>{@link Bound#EXACT}: the calls are the ones {@link Reranker#rerank} makes (a later sliding window's content
 * depends on earlier answers, so its planned passages are those of the initial order; the count and the window sizes
 * are exact). {@link Bound#UPPER_BOUND}: no run makes more calls than planned (top-down, whose later calls depend on
 * the model's answers).
 *
 * @param calls each call's candidates, in call order
 * @param bound whether the count is exact or an upper bound
 * @param note how the plan was derived, for a person reading a dry run
 */
public record CallPlan(List<List<Candidate>> calls, Bound bound, String note) {
  /** Whether {@link #calls()} is what a run makes or what no run exceeds. */
  public enum Bound { EXACT, UPPER_BOUND }

  public CallPlan {
    calls = List.copyOf(Objects.requireNonNull(calls, "calls"));
    Objects.requireNonNull(bound, "bound");
    Objects.requireNonNull(note, "note");
  }

  /** The number of calls planned. */
  public int size() {
    return calls.size();
  }
}
