package io.reasonrank.search.lucene;

/**
 * Anserini's {@code ScoreTiesAdjusterReranker}, which every {@code SearchCollection} run goes through
 * (the {@code x.xxxx99} scores of its runs): in list order, {@code s = round(s * 1e4f) / 1e4f}; if the
 * previous (already adjusted) score exceeds this one by no more than {@code 1e-4f}, this is the
 * {@code dup}-th tie in a row and {@code s -= 1e-6f * dup}. All arithmetic is in {@code float}, as there.
 */
public final class AnseriniScoreTies {
  private AnseriniScoreTies() {}

  /** Adjusts {@code scores} (best first) in place. */
  public static void adjust(float[] scores) {
    int dup = 0;
    for (int i = 0; i < scores.length; i++) {
      scores[i] = Math.round(scores[i] * 1e4f) / 1e4f;
      if (i == 0 || scores[i - 1] - scores[i] > 1e-4f) {
        dup = 0;
      } else {
        dup++;
        scores[i] -= 1e-6f * dup;
      }
    }
  }
}
