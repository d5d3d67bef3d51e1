package io.reasonrank.rerank.pointwise;

import io.reasonrank.llm.Completion;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Turns a Rank1 completion into a relevance in [0, 1] (docs/reference-behaviour.md §11).
 *
 * <p><b>Log-probabilities (Rank1's way).</b> At the last generated position, the one whose token is the
 * judgment that ended generation (the stop strings end in {@code " true"} or {@code " false"}), Rank1 reads the
 * log-probabilities of the tokens {@code " true"} and {@code " false"} and scores
 * <pre>relevance = exp(lp_true) / (exp(lp_true) + exp(lp_false))</pre>
 * ({@code rank1._process_with_vllm}, {@code orionw/rank1}, via {@code Vaibhav-Sahai/rank1-bench@7f81029:rank1.py};
 * docs/reference-behaviour.md §11 infers the same normalisation from the card). Through an OpenAI-compatible {@code /v1/completions}
 * endpoint these are the {@code " true"}/{@code " false"} keys of the last {@code logprobs.top_logprobs} entry,
 * i.e. the last element of {@link Completion#topLogprobs()}. vLLM strips the stop string from the text but keeps
 * its tokens' log-probabilities, so the judgment is visible there even when the text does not show it.
 * The ratio is computed as {@code exp(lp_true - m) / (exp(lp_true - m) + exp(lp_false - m))} with
 * {@code m = max(lp_true, lp_false)} (the log-sum-exp shift), which stays exact where Python's {@code math.exp}
 * would underflow both terms to 0 (log-probabilities below about -745) and divide 0 by 0.
 *
 * <p>Rank1 requires <em>both</em> tokens at that position; otherwise the response counts as incomplete
 * (typically cut at {@code max_tokens}) and Rank1 makes a forced-judgment call
 * ({@link Rank1Prompt#forcedJudgmentPrompt}). {@link #needsForcedJudgment} says when that applies.
 *
 * <p><b>Fallbacks (this port's, for servers without log-probabilities).</b> When the completion carries no
 * log-probabilities at all, the judgment written in the text after the last {@code </think>} decides:
 * {@code true} → 1, {@code false} → 0 (possible where the server keeps the stop string in the text, or the model
 * wrote another separator than the stop strings' single space). When neither is there, the relevance is 0.5,
 * Rank1's own value for a response it cannot score. {@link Judgment#path()} records which rule applied.
 */
public final class Rank1Scorer {
  private Rank1Scorer() {}

  /** The judgment tokens as decoded by the server (Qwen2.5: one token each, leading space included). */
  public static final String TRUE_TOKEN = " true";
  public static final String FALSE_TOKEN = " false";

  /** Rank1's score for a response it cannot judge. */
  public static final double NEUTRAL = 0.5;

  /** How a relevance was obtained; {@link #traceName()} is what the call trace shows. */
  public enum Path {
    /** Log-probabilities of the last generated position. */
    LOGPROBS("logprobs"),
    /** Log-probabilities of Rank1's forced-judgment call. */
    FORCED_LOGPROBS("forced-logprobs"),
    /** The judgment written after {@code </think>}, no log-probabilities. */
    TEXT("text"),
    /** Nothing to judge by: 0.5. */
    NEUTRAL("neutral"),
    /** A first call without a judgment at its last position, followed by Rank1's forced-judgment call. */
    INCOMPLETE("incomplete"),
    /** The call failed after the backend's retries: 0.5, flagged. */
    FAILED("failed");

    private final String traceName;

    Path(String traceName) {
      this.traceName = traceName;
    }

    public String traceName() {
      return traceName;
    }
  }

  /** A relevance, the rule that gave it, and for the log-probability paths the two log-probabilities. */
  public record Judgment(double relevance, Path path, double lpTrue, double lpFalse) {
    public Judgment {
      Objects.requireNonNull(path, "path");
      if (!(relevance >= 0.0 && relevance <= 1.0)) {
        throw new IllegalArgumentException("relevance must be in [0, 1], got " + relevance);
      }
    }

    static Judgment of(double relevance, Path path) {
      return new Judgment(relevance, path, Double.NaN, Double.NaN);
    }
  }

  /**
   * Scores a first-call completion: log-probabilities, else (only when there are none at all) the text, else
   * 0.5. A completion with log-probabilities whose last position lacks a judgment token is scored neutral here;
   * Rank1 would first try {@link Rank1Prompt#forcedJudgmentPrompt} ({@link #needsForcedJudgment}).
   */
  public static Judgment score(Completion completion) {
    Objects.requireNonNull(completion, "completion");
    Judgment fromLogprobs = fromLastPosition(completion, Path.LOGPROBS);
    if (fromLogprobs != null) return fromLogprobs;
    if (completion.topLogprobs().isEmpty()) {
      Boolean written = writtenJudgment(completion.text());
      if (written != null) return Judgment.of(written ? 1.0 : 0.0, Path.TEXT);
    }
    return Judgment.of(NEUTRAL, Path.NEUTRAL);
  }

  /**
   * Scores Rank1's forced-judgment completion: the log-probabilities of its single position, else
   * {@code null} (Rank1 then gives 0.5; the caller may still use the first completion's text).
   */
  public static Judgment scoreForced(Completion forced) {
    Objects.requireNonNull(forced, "forced");
    return fromLastPosition(forced, Path.FORCED_LOGPROBS);
  }

  /**
   * Whether Rank1 would make its forced-judgment call: the server does return log-probabilities, but the last
   * position does not hold both judgment tokens (generation stopped elsewhere, usually at {@code max_tokens}).
   * A server that returns no log-probabilities at all would not answer the forced call with any either.
   */
  public static boolean needsForcedJudgment(Completion completion) {
    return !completion.topLogprobs().isEmpty() && fromLastPosition(completion, Path.LOGPROBS) == null;
  }

  /**
   * {@code exp(lpTrue) / (exp(lpTrue) + exp(lpFalse))} without overflow or underflow, via log-sum-exp.
   *
   * @throws IllegalArgumentException when a value is NaN or +infinity, or both are -infinity
   */
  public static double relevance(double lpTrue, double lpFalse) {
    if (Double.isNaN(lpTrue) || Double.isNaN(lpFalse) || lpTrue == Double.POSITIVE_INFINITY
        || lpFalse == Double.POSITIVE_INFINITY) {
      throw new IllegalArgumentException("log-probabilities must be finite or -Infinity, got " + lpTrue + ", " + lpFalse);
    }
    if (lpTrue == Double.NEGATIVE_INFINITY && lpFalse == Double.NEGATIVE_INFINITY) {
      throw new IllegalArgumentException("both log-probabilities are -Infinity");
    }
    // the log-sum-exp shift: with m = max, one exponent is exactly 0 and neither term under- or overflows
    double m = Math.max(lpTrue, lpFalse);
    double t = Math.exp(lpTrue - m);
    return t / (t + Math.exp(lpFalse - m));
  }

  /** {@code log(exp(a) + exp(b))}, shifted by the maximum so that neither term overflows or underflows to 0/0. */
  public static double logSumExp(double a, double b) {
    double m = Math.max(a, b);
    if (m == Double.NEGATIVE_INFINITY) return m;
    return m + Math.log(Math.exp(a - m) + Math.exp(b - m));
  }

  /**
   * The judgment written after the last {@code </think>}: the rest, stripped and lower-cased, starts with
   * {@code true} or {@code false}; null when there is no {@code </think>} or no such word.
   */
  static Boolean writtenJudgment(String text) {
    int end = text.lastIndexOf("</think>");
    if (end < 0) return null;
    String rest = text.substring(end + "</think>".length()).strip().toLowerCase(Locale.ROOT);
    if (rest.startsWith("true")) return Boolean.TRUE;
    if (rest.startsWith("false")) return Boolean.FALSE;
    return null;
  }

  private static Judgment fromLastPosition(Completion completion, Path path) {
    List<Map<String, Double>> positions = completion.topLogprobs();
    if (positions.isEmpty()) return null;
    Map<String, Double> last = positions.getLast();
    Double lpTrue = last.get(TRUE_TOKEN);
    Double lpFalse = last.get(FALSE_TOKEN);
    if (lpTrue == null || lpFalse == null || !usable(lpTrue) || !usable(lpFalse)) return null;
    if (lpTrue == Double.NEGATIVE_INFINITY && lpFalse == Double.NEGATIVE_INFINITY) return null;
    return new Judgment(relevance(lpTrue, lpFalse), path, lpTrue, lpFalse);
  }

  private static boolean usable(double lp) {
    return !Double.isNaN(lp) && lp != Double.POSITIVE_INFINITY;
  }
}
