package io.reasonrank.reproduce;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One pinned reproduction (docs/reference-behaviour.md §13.4; schema in {@code docs/reproduce.md}): CLI steps to run,
 * the run they produce (or an existing run), its qrels, and the expected measures to 4 decimals.
 *
 * @param name short id, the YAML file name without {@code .yaml}
 * @param description one line saying what is reproduced and from where
 * @param steps {@code reasonrank} argument lists run in order, in process; may be empty
 * @param run the TREC run to evaluate (variables allowed)
 * @param qrels the qrels (variables allowed)
 * @param expected trec_eval measure name ({@code ndcg_cut.10}) → expected value at 4 decimals
 * @param tolerance |Δ| up to which a value is OKish rather than FAIL (OK is |Δ| ≤ 0.00005)
 * @param relevanceLevel trec_eval {@code -l}, default 1
 * @param scorePrecision {@code float} (pytrec_eval 0.5, default) or {@code double}
 */
public record Reproduction(
    String name,
    String description,
    List<List<String>> steps,
    String run,
    String qrels,
    Map<String, Double> expected,
    Double tolerance,
    @JsonProperty("relevance_level") Integer relevanceLevel,
    @JsonProperty("score_precision") String scorePrecision) {

  /** Default OKish band: small drifts from library versions, far below any reported difference. */
  public static final double DEFAULT_TOLERANCE = 0.001;
  /** OK band: the value rounds to the expected 4-decimal value. */
  public static final double OK_BAND = 0.00005;

  public Reproduction {
    Objects.requireNonNull(name, "name");
    description = description == null ? "" : description;
    steps = steps == null ? List.of() : steps.stream().map(List::copyOf).toList();
    expected = expected == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(expected));
    tolerance = tolerance == null ? DEFAULT_TOLERANCE : tolerance;
    relevanceLevel = relevanceLevel == null ? 1 : relevanceLevel;
    scorePrecision = scorePrecision == null ? "float" : scorePrecision;
  }

  /** OK, OKish or FAIL for one measure. */
  public enum Status { OK, OKish, FAIL }

  public Status judge(double expectedValue, double actual) {
    double delta = Math.abs(actual - expectedValue);
    // the expected values carry 4 decimals; the tiny slack absorbs binary rounding of e.g. 0.43485 vs 0.4349
    if (delta <= OK_BAND + 1e-12) return Status.OK;
    if (delta <= tolerance) return Status.OKish;
    return Status.FAIL;
  }
}
