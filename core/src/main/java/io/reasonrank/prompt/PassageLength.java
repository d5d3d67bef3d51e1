package io.reasonrank.prompt;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * Maximum passage length in model tokens per dataset: the reference's {@code DOC_MAXLEN}
 * ({@code index_and_topics.py}; docs/reference-behaviour.md §1.5). 512 for BRIGHT, R2MED and the math training domains, 100 for
 * TREC and BEIR. Names are matched ignoring case with {@code -} and {@code _} interchangeable, with an
 * optional {@code bright-} prefix ({@code bright-biology}, {@code earth-science}, {@code r2med_PMC-Clinical}).
 */
public final class PassageLength {
  private PassageLength() {}

  public static final int LONG = 512;
  public static final int SHORT = 100;

  private static final Map<String, Integer> DOC_MAXLEN = new HashMap<>();

  static {
    for (String d : new String[] {"msmarco", "dl19", "dl20", "dl21", "dl22", "scifact", "fiqa", "nfcorpus", "fever",
        "climate-fever", "hotpotqa", "quora", "dbpedia", "nq", "covid", "arguana", "touche", "scidocs", "news",
        "robust04", "signal"}) {
      DOC_MAXLEN.put(key(d), SHORT);
    }
    for (String d : new String[] {"biology", "earth_science", "economics", "psychology", "robotics", "stackoverflow",
        "sustainable_living", "leetcode", "pony", "aops", "theoremqa_questions", "theoremqa_theorems",
        "r2med_Medical-Sciences", "r2med_Biology", "r2med_MedQA-Diag", "r2med_PMC-Clinical", "r2med_Bioinformatics",
        "r2med_MedXpertQA-Exam", "r2med_PMC-Treatment", "r2med_IIYi-Clinical", "math-qa", "math-theorem"}) {
      DOC_MAXLEN.put(key(d), LONG);
    }
  }

  /**
   * The passage token limit for a dataset name.
   *
   * @throws IllegalArgumentException for a dataset the reference has no length for, listing the known ones
   */
  public static int forDataset(String dataset) {
    String k = key(dataset);
    Integer v = DOC_MAXLEN.get(k);
    if (v == null && k.startsWith("bright_")) v = DOC_MAXLEN.get(k.substring("bright_".length()));
    if (v == null) {
      throw new IllegalArgumentException("no passage length known for dataset '" + dataset
          + "'; give the max passage tokens explicitly (512 for BRIGHT/R2MED, 100 for TREC/BEIR); known: "
          + String.join(", ", new TreeSet<>(DOC_MAXLEN.keySet())));
    }
    return v;
  }

  private static String key(String name) {
    return name.strip().toLowerCase(Locale.ROOT).replace('-', '_');
  }
}
