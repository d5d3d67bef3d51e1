package io.reasonrank.reward;

import io.reasonrank.text.PythonChars;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;

/**
 * The multi-view ranking reward of ReasonRank's GRPO stage (paper Eq. 5, docs/reference-behaviour.md §6 and §6.1), a bit-exact port
 * of {@code verl/verl/utils/reward_score/ranking.py::compute_score} ({@code 8421BCD/ReasonRank@06721fd}) with
 * pytrec_eval 0.5 and rbo 0.1.3:
 *
 * <pre>
 *   R = NDCG@10 + φ·Recall@10 + γ·RBO,   φ = 0.2, γ = 0.1   (summed left to right)
 * </pre>
 *
 * <ol>
 *   <li>{@code re.search(r"<think>.*?</think>\s*<answer>(.*?)</answer>", response, re.DOTALL)}, case-sensitive,
 *       {@code \s} being Python's Unicode whitespace. No match → <b>−1</b>.</li>
 *   <li>The answer and {@code ground_truth} are reduced to their runs of {@code str.isdigit} characters (the ids).
 *       Different id counts or distinct-id counts → <b>0</b>. Only counts are compared, not which ids.</li>
 *   <li>{@code int()} of every answer id; it accepts decimal digits of any script only, and CPython ≥ 3.11 refuses
 *       more than 4,300 digits. A failure → <b>0</b>.</li>
 *   <li>Id {@code n} maps to {@code initial_list[n-1]}; ids past the window are dropped, and id 0 is Python's
 *       {@code initial_list[-1]}, the last passage.</li>
 *   <li>NDCG@10 and Recall@10 of those docids against {@code relevant_docids} ({@link RankingMetrics}); RBO of the
 *       raw id strings against the ground truth's ({@link Rbo}, p = 1 average overlap), so {@code "07" ≠ "7"}.</li>
 * </ol>
 *
 * <p>{@code final_list} is accepted for verl's call shape and never read, as in the reference. A ground truth
 * that repeats an id makes the reference raise inside rbo; this port raises {@link RewardException}.
 * Instances are stateless and thread-safe.
 */
public final class MultiViewReward {

  /** φ, the Recall@10 weight (grid-searched in the paper). */
  public static final double RECALL_WEIGHT = 0.2;
  /** γ, the RBO weight. */
  public static final double RBO_WEIGHT = 0.1;
  /** CPython's default {@code sys.get_int_max_str_digits()}: {@code int()} of a longer string raises. */
  public static final int INT_MAX_STR_DIGITS = 4300;

  private static final String THINK = "<think>";
  private static final String END_THINK = "</think>";
  private static final String ANSWER = "<answer>";
  private static final String END_ANSWER = "</answer>";

  /** The reward of one verl rollout, in {@code compute_score}'s argument order. */
  public RewardResult compute(
      String solutionStr,
      String groundTruth,
      List<String> initialList,
      List<String> finalList,
      List<String> relevantDocids) {
    Objects.requireNonNull(solutionStr, "solution_str must not be null");
    Objects.requireNonNull(groundTruth, "ground_truth must not be null");
    requireNoNulls(initialList, "initial_list");
    requireNoNulls(relevantDocids, "relevant_docids");

    String answer = findAnswer(solutionStr);
    if (answer == null) return new RewardResult(-1.0, null, null, null, RewardOutcome.NO_MATCH, null, null, null);

    List<String> predIds = digitRuns(answer);
    List<String> labelIds = digitRuns(groundTruth);
    // short ASCII ids (all of them in practice) compare as primitive keys; anything else as strings
    long[] predKeys = keys(predIds);
    long[] labelKeys = predKeys == null ? null : keys(labelIds);
    boolean fast = labelKeys != null;
    int labelDistinct = fast ? distinct(labelKeys) : distinct(labelIds);
    if (predIds.size() != labelIds.size() || (fast ? distinct(predKeys) : distinct(predIds)) != labelDistinct) {
      return new RewardResult(0.0, null, null, null, RewardOutcome.COUNT_MISMATCH, predIds, labelIds, null);
    }

    long[] idxs = new long[predIds.size()];
    for (int i = 0; i < idxs.length; i++) {
      if (fast) { // a short ASCII id always parses; its key holds the value
        idxs[i] = (predKeys[i] >>> 5) - 1;
        continue;
      }
      String id = predIds.get(i);
      Long value = id.codePointCount(0, id.length()) > INT_MAX_STR_DIGITS ? null : PythonChars.parseInt(id);
      if (value == null) {
        return new RewardResult(0.0, null, null, null, RewardOutcome.INT_ERROR, predIds, labelIds, null);
      }
      // parseInt saturates at Long.MAX_VALUE, which is past any window and so dropped, like Python's big ints
      idxs[i] = value - 1;
    }

    int n = initialList.size();
    List<String> predDocids = new ArrayList<>(idxs.length);
    for (long idx : idxs) {
      if (idx >= n) continue;
      if (idx < 0) { // only id 0 gets here: Python's initial_list[-1]
        if (n == 0) throw new RewardException("initial_list",
            "answer id 0 indexes initial_list[-1] but initial_list is empty (the reference raises IndexError)");
        predDocids.add(initialList.get(n - 1));
      } else {
        predDocids.add(initialList.get((int) idx));
      }
    }

    RankingMetrics.Scores metrics = RankingMetrics.evaluate(predDocids, relevantDocids);
    if (labelDistinct != labelIds.size()) {
      throw new RewardException("ground_truth",
          "ground_truth repeats a passage id " + labelIds + "; rbo 0.1.3 requires duplicate-free rankings"
              + " (the reference raises AssertionError)");
    }
    // both lists are duplicate-free here: equal sizes and equal distinct counts, and the label has no repeat
    double rbo = fast ? Rbo.averageOverlapOfDistinct(predKeys, labelKeys) : Rbo.rbo(predIds, labelIds);
    double reward = metrics.ndcgCut10() + RECALL_WEIGHT * metrics.recall10() + RBO_WEIGHT * rbo;
    return new RewardResult(reward, metrics.ndcgCut10(), metrics.recall10(), rbo, RewardOutcome.SCORED,
        predIds, labelIds, predDocids);
  }

  /**
   * Group 1 of the reward pattern's first match, or null. From the first {@code <think>}, Python's lazy
   * {@code .*?} tries each later {@code </think>} in turn until {@code \s*<answer>} follows it; the answer then
   * runs to the nearest {@code </answer>}. If no {@code </answer>} follows that answer, none follows any later
   * one either, and a later {@code <think>} start only sees a subset of the same candidates, so there is no match.
   */
  static String findAnswer(String s) {
    int think = s.indexOf(THINK);
    if (think < 0) return null;
    for (int end = s.indexOf(END_THINK, think + THINK.length()); end >= 0; end = s.indexOf(END_THINK, end + 1)) {
      int p = end + END_THINK.length();
      // Python's whitespace is all in the BMP, so per-char is per-code-point here
      while (p < s.length() && PythonChars.isSpace(s.charAt(p))) p++;
      if (!s.startsWith(ANSWER, p)) continue;
      int start = p + ANSWER.length();
      int close = s.indexOf(END_ANSWER, start);
      return close < 0 ? null : s.substring(start, close);
    }
    return null;
  }

  /**
   * {@code clean_response(text).split()}: every non-{@code isdigit} character becomes a space, so the tokens are
   * the maximal runs of digit code points.
   */
  static List<String> digitRuns(String text) {
    List<String> out = new ArrayList<>(24);
    int start = -1;
    int i = 0;
    while (i < text.length()) {
      int cp = text.codePointAt(i);
      boolean digit = cp < 0x80 ? (cp >= '0' && cp <= '9') : PythonChars.isDigit(cp);
      if (digit) {
        if (start < 0) start = i;
      } else if (start >= 0) {
        out.add(text.substring(start, i));
        start = -1;
      }
      i += Character.charCount(cp);
    }
    if (start >= 0) out.add(text.substring(start));
    return out;
  }

  /**
   * A key per id that is equal exactly when the strings are: value·32 + length for ASCII ids of up to 15 digits
   * (so "07" and "7" differ), or null when some id is longer or not ASCII.
   */
  static long[] keys(List<String> ids) {
    long[] keys = new long[ids.size()];
    for (int i = 0; i < keys.length; i++) {
      String id = ids.get(i);
      int len = id.length();
      if (len > 15) return null;
      long v = 0;
      for (int j = 0; j < len; j++) {
        char c = id.charAt(j);
        if (c < '0' || c > '9') return null;
        v = v * 10 + (c - '0');
      }
      keys[i] = v * 32 + len;
    }
    return keys;
  }

  private static int distinct(long[] keys) {
    int count = 0;
    outer:
    for (int i = 0; i < keys.length; i++) {
      for (int j = 0; j < i; j++) if (keys[i] == keys[j]) continue outer;
      count++;
    }
    return count;
  }

  private static int distinct(List<String> ids) {
    int n = ids.size();
    if (n <= 32) { // the usual 20-id window: a quadratic scan beats hashing
      int count = 0;
      outer:
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < i; j++) if (ids.get(i).equals(ids.get(j))) continue outer;
        count++;
      }
      return count;
    }
    return new HashSet<>(ids).size();
  }

  private static void requireNoNulls(List<String> list, String name) {
    Objects.requireNonNull(list, name + " must not be null");
    for (String s : list) Objects.requireNonNull(s, name + " must not contain null");
  }
}
