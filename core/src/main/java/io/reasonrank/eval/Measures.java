package io.reasonrank.eval;

import io.reasonrank.format.InputException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Parses trec_eval measure names as given to {@code -m}: {@code map}, {@code recip_rank},
 * {@code P.5}, {@code recall.100}, {@code ndcg_cut.10}, a cutoff list ({@code P.1,5,10}), a bare
 * parameterized name ({@code ndcg_cut}: this project's default cutoffs) or a printed name
 * ({@code ndcg_cut_10}, {@code P_5}). The result is in trec_eval's print order: map, recip_rank, P,
 * recall, ndcg_cut (the order of {@code measures.c}), cutoffs ascending, no duplicates.
 */
public final class Measures {
  private Measures() {}

  /** The measures {@code reasonrank eval} prints without {@code -m} (docs/reference-behaviour.md §13.1). */
  public static final List<String> DEFAULT_SPECS =
      List.of("ndcg_cut.1,5,10,20,50,100", "recall.5,10,20,100", "map", "recip_rank", "P.1,5,10");

  private static final List<String> FAMILIES = List.of("map", "recip_rank", "P", "recall", "ndcg_cut");
  private static final Map<String, List<Integer>> DEFAULT_CUTOFFS = Map.of(
      "P", List.of(1, 5, 10), "recall", List.of(5, 10, 20, 100), "ndcg_cut", List.of(1, 5, 10, 20, 50, 100));
  static final String KNOWN = "map, recip_rank, P.k, recall.k, ndcg_cut.k (k a positive cutoff or a list like 5,10)";

  public static List<Metric> defaults() {
    return parse(DEFAULT_SPECS);
  }

  public static List<Metric> parse(String... specs) {
    return parse(List.of(specs));
  }

  /** Parses measure specs; an unknown name or bad cutoff is an {@link InputException} naming it and the known measures. */
  public static List<Metric> parse(Collection<String> specs) {
    Map<String, TreeSet<Integer>> cutoffs = new LinkedHashMap<>();
    for (String raw : specs) {
      for (String spec : splitTopLevel(raw)) add(spec.strip(), cutoffs);
    }
    List<Metric> out = new ArrayList<>();
    for (String family : FAMILIES) {
      TreeSet<Integer> ks = cutoffs.get(family);
      if (ks == null) continue;
      switch (family) {
        case "map" -> out.add(new AveragePrecision());
        case "recip_rank" -> out.add(new ReciprocalRank());
        case "P" -> ks.forEach(k -> out.add(new Precision(k)));
        case "recall" -> ks.forEach(k -> out.add(new Recall(k)));
        case "ndcg_cut" -> ks.forEach(k -> out.add(new NdcgCut(k)));
        default -> throw new IllegalStateException(family);
      }
    }
    if (out.isEmpty()) throw new InputException("no measure given; known measures: " + KNOWN);
    return out;
  }

  // "P.5,10 map" or "P.5,ndcg_cut.10" is not trec_eval syntax; a spec is one measure, commas separate cutoffs
  private static List<String> splitTopLevel(String raw) {
    return List.of(raw.strip().split("\\s+"));
  }

  private static void add(String spec, Map<String, TreeSet<Integer>> cutoffs) {
    if (spec.isEmpty()) throw new InputException("empty measure name; known measures: " + KNOWN);
    String family;
    String params;
    int dot = spec.indexOf('.');
    if (dot >= 0) {
      family = spec.substring(0, dot);
      params = spec.substring(dot + 1);
    } else {
      int us = spec.lastIndexOf('_');
      String head = us > 0 ? spec.substring(0, us) : "";
      if (us > 0 && (head.equals("P") || head.equals("recall") || head.equals("ndcg_cut")) && !spec.substring(us + 1).isEmpty()) {
        family = head;
        params = spec.substring(us + 1);
      } else {
        family = spec;
        params = null;
      }
    }
    if (!FAMILIES.contains(family)) throw new InputException("unknown measure '" + spec + "'; known measures: " + KNOWN);
    TreeSet<Integer> set = cutoffs.computeIfAbsent(family, f -> new TreeSet<>());
    if (family.equals("map") || family.equals("recip_rank")) {
      if (params != null) throw new InputException("measure '" + spec + "' takes no cutoff; known measures: " + KNOWN);
      set.add(0);
      return;
    }
    if (params == null) {
      set.addAll(DEFAULT_CUTOFFS.get(family));
      return;
    }
    for (String p : params.split(",", -1)) {
      int k;
      try {
        k = Integer.parseInt(p.strip());
      } catch (NumberFormatException e) {
        throw new InputException("bad cutoff '" + p + "' in measure '" + spec + "'; known measures: " + KNOWN);
      }
      if (k < 1) throw new InputException("cutoff must be positive in measure '" + spec + "'");
      set.add(k);
    }
  }
}
