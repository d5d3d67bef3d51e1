package io.reasonrank.trainer.windows;

import io.reasonrank.export.ExampleReader;
import io.reasonrank.export.RlExporter;
import io.reasonrank.export.SftExporter;
import io.reasonrank.export.TrainingWindow;
import io.reasonrank.format.Qrels;
import io.reasonrank.io.Json;
import io.reasonrank.model.Candidate;
import io.reasonrank.model.Document;
import io.reasonrank.model.RerankRequest;
import io.reasonrank.prompt.ListwiseTranslator;
import io.reasonrank.synth.TrainingExample;
import io.reasonrank.trainer.run.StepSeeds;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.StringJoiner;

/**
 * Builds listwise training windows from a first-stage run and TREC qrels, without a teacher model.
 *
 * <p>Per judged query, windows of {@code size} consecutive candidates start at ranks 1, 1 + step, 1 + 2·step, … of the
 * run's first {@code top} candidates (at skip + 1, skip + 1 + step, … with {@code skip} &gt; 0, which leaves out the
 * ranks another set of windows covers, as a validation set does); only full windows are kept. Each window is a {@link TrainingExample}:
 * <ul>
 *   <li>{@code initial_list}: the window in run order ({@code [1]} is the best-ranked candidate);
 *   <li>{@code final_list}: the window sorted by qrels grade, highest first, ties (and unjudged passages, grade 0) in
 *       run order — the ideal ranking under the qrels;
 *   <li>{@code relevant_docids}: the window's passages with grade ≥ {@code minRelevance} (2 by default, the level
 *       TREC DL's binary measures use), in run order;
 *   <li>{@code reasoning}: a short templated text ({@link #reasoning}), not a teacher's reasoning: it names the
 *       relevant and partly relevant ids, so the SFT target is {@code <think>…</think>\n<answer>[i] > [j] > …</answer>}
 *       in the qrels order.
 * </ul>
 * Windows with fewer than {@code minRelevantPerWindow} relevant passages are dropped (0 keeps all).
 *
 * <p>With {@code shuffledCopies} = k &gt; 0, each kept window is followed by k copies of itself with its passages in a
 * seeded random order, each built as if the first stage had ranked them in that order (so ties in {@code final_list}
 * follow the copy's order, and the reasoning names the copy's ids). Windows in run order put relevant passages near
 * {@code [1]}, so most targets are close to {@code [1] > [2] > … }; the copies show every permutation shape, which a
 * model needs to learn to list each id once. A window whose passages all share one grade gets no copies: every order
 * of it has the target {@code [1] > [2] > …}. This is the input-order augmentation RankZephyr trained with
 * (Pradeep et al., arXiv 2312.02724). Copy c of window w draws from {@code SplittableRandom(StepSeeds.mix(seed, w, c))},
 * w counting the kept windows from 0, so a copy depends only on the seed and its place.
 *
 * <p>{@link #write} stores the rows ({@code rows.jsonl}) and their exports: the LLaMA-Factory SFT set
 * ({@code sft/reasonrank_sft-data.json} with {@code sft/dataset_info.json}, {@link SftExporter}) and the verl RL set
 * ({@code rl.parquet}, {@link RlExporter}, plus the same rows as {@code rl.jsonl}), which {@code train sft},
 * {@code train grpo} and {@code train generate} read as they are.
 */
public final class QrelsWindowBuilder {
  private final int size;
  private final int step;
  private final int top;
  private final int minRelevance;
  private final int minRelevantPerWindow;
  private final int shuffledCopies;
  private final long seed;
  private final int skip;

  /** What {@link #write} wrote. */
  public record Summary(int queries, int windows, int withRelevant, Path rows, Path sftDir, Path rlParquet, Path rlJsonl) {}

  /**
   * @throws IllegalArgumentException when {@code size < 1}, {@code step < 1}, {@code top < size},
   *     {@code minRelevance < 1} or {@code minRelevantPerWindow} is outside {@code [0, size]}
   */
  public QrelsWindowBuilder(int size, int step, int top, int minRelevance, int minRelevantPerWindow) {
    this(size, step, top, minRelevance, minRelevantPerWindow, 0, 0);
  }

  /**
   * @throws IllegalArgumentException as the five-argument constructor, or when {@code shuffledCopies < 0}
   */
  public QrelsWindowBuilder(int size, int step, int top, int minRelevance, int minRelevantPerWindow, int shuffledCopies, long seed) {
    this(size, step, top, minRelevance, minRelevantPerWindow, shuffledCopies, seed, 0);
  }

  /**
   * @param skip the top candidates that no window covers
   * @throws IllegalArgumentException as the seven-argument constructor, or when {@code skip} is outside
   *     {@code [0, top - size]}
   */
  public QrelsWindowBuilder(int size, int step, int top, int minRelevance, int minRelevantPerWindow, int shuffledCopies, long seed, int skip) {
    if (size < 1) throw new IllegalArgumentException("window size must be >= 1, got " + size);
    if (step < 1) throw new IllegalArgumentException("window step must be >= 1, got " + step);
    if (top < size) throw new IllegalArgumentException("top must be >= the window size " + size + ", got " + top);
    if (minRelevance < 1) throw new IllegalArgumentException("minimum relevance grade must be >= 1, got " + minRelevance);
    if (minRelevantPerWindow < 0 || minRelevantPerWindow > size) {
      throw new IllegalArgumentException("relevant passages per window must be in [0, " + size + "], got " + minRelevantPerWindow);
    }
    if (shuffledCopies < 0) throw new IllegalArgumentException("shuffled copies must be >= 0, got " + shuffledCopies);
    if (skip < 0 || skip > top - size) {
      throw new IllegalArgumentException("skip must be in [0, top - window size] = [0, " + (top - size) + "], got " + skip);
    }
    this.size = size;
    this.step = step;
    this.top = top;
    this.minRelevance = minRelevance;
    this.minRelevantPerWindow = minRelevantPerWindow;
    this.shuffledCopies = shuffledCopies;
    this.seed = seed;
    this.skip = skip;
  }

  /** The windows of every query that {@code qrels} judges, in input order; {@code dataset} names them in the rows. */
  public List<TrainingExample> build(List<RerankRequest> requests, Qrels qrels, String dataset) {
    List<TrainingExample> out = new ArrayList<>();
    int kept = 0;
    for (RerankRequest req : requests) {
      String qid = req.query().id();
      if (!qrels.contains(qid)) continue;
      Map<String, Integer> grades = qrels.judgments(qid);
      List<Candidate> cands = distinct(req.candidates());
      int n = Math.min(top, cands.size());
      for (int start = skip; start + size <= n; start += step) {
        List<Candidate> w = cands.subList(start, start + size);
        TrainingExample ex = window(dataset, req, w, grades);
        if (ex.relevantDocids().size() < minRelevantPerWindow) continue;
        out.add(ex);
        int first = grades.getOrDefault(w.get(0).docid(), 0);
        boolean tied = w.stream().allMatch(c -> grades.getOrDefault(c.docid(), 0) == first);
        for (int copy = 1; copy <= (tied ? 0 : shuffledCopies); copy++) {
          List<Candidate> shuffled = new ArrayList<>(w);
          Collections.shuffle(shuffled, new SplittableRandom(StepSeeds.mix(seed, kept, copy)));
          out.add(window(dataset, req, shuffled, grades));
        }
        kept++;
      }
    }
    return out;
  }

  /** The example of {@code w} in the order given, as if the first stage had ranked it so. */
  private TrainingExample window(String dataset, RerankRequest req, List<Candidate> w, Map<String, Integer> grades) {
    List<Document> passages = new ArrayList<>(w.size());
    List<String> initial = new ArrayList<>(w.size());
    for (Candidate c : w) {
      passages.add(c.doc());
      initial.add(c.docid());
    }
    List<String> fin = new ArrayList<>(initial);
    fin.sort(Comparator.comparingInt((String d) -> -grades.getOrDefault(d, 0))); // stable: ties keep the given order
    List<String> relevant = new ArrayList<>();
    for (String d : initial) if (grades.getOrDefault(d, 0) >= minRelevance) relevant.add(d);
    return new TrainingExample(dataset, req.query().id(), req.query().text(), passages, initial, fin, relevant,
        reasoning(initial, grades, minRelevance));
  }

  /**
   * The templated reasoning of a window: {@code "[2], [4] answer the query. [1] is related. The others do not."}
   * (relevant ids: grade ≥ {@code minRelevance}; related: 1 ≤ grade < {@code minRelevance}; each clause only when it
   * names an id; {@code "No passage answers the query."} when none is relevant).
   */
  public static String reasoning(List<String> initial, Map<String, Integer> grades, int minRelevance) {
    StringJoiner rel = new StringJoiner(", "), part = new StringJoiner(", ");
    int nRel = 0, nPart = 0;
    for (int i = 0; i < initial.size(); i++) {
      int g = grades.getOrDefault(initial.get(i), 0);
      if (g >= minRelevance) {
        rel.add("[" + (i + 1) + "]");
        nRel++;
      } else if (g >= 1) {
        part.add("[" + (i + 1) + "]");
        nPart++;
      }
    }
    StringBuilder sb = new StringBuilder();
    sb.append(nRel == 0 ? "No passage answers the query." : rel + (nRel == 1 ? " answers" : " answer") + " the query.");
    if (nPart > 0) sb.append(' ').append(part).append(nPart == 1 ? " is" : " are").append(" related.");
    if (nRel + nPart > 0 && nRel + nPart < initial.size()) sb.append(" The others do not.");
    return sb.toString();
  }

  /**
   * Writes {@code rows.jsonl}, {@code sft/}, {@code rl.parquet} and {@code rl.jsonl} under {@code dir}; the prompts
   * are rendered by {@code translator} (mode {@code rank_GPT_reasoning}, its passage cut).
   */
  public static Summary write(List<TrainingExample> rows, ListwiseTranslator translator, Path dir) {
    Path rowsFile = dir.resolve("rows.jsonl");
    Path sft = dir.resolve("sft");
    Path parquet = dir.resolve("rl.parquet");
    Path jsonl = dir.resolve("rl.jsonl");
    try {
      Files.createDirectories(dir);
      try (BufferedWriter w = Files.newBufferedWriter(rowsFile, StandardCharsets.UTF_8)) {
        for (TrainingExample ex : rows) {
          w.write(Json.MAPPER.writeValueAsString(ex.toJson()));
          w.write('\n');
        }
      }
      new SftExporter(translator).export(rowsFile, sft, SftExporter.DEFAULT_NAME);
      new RlExporter(translator).export(rowsFile, parquet, null, 0, 0);
      try (BufferedWriter w = Files.newBufferedWriter(jsonl, StandardCharsets.UTF_8)) {
        int i = 0;
        for (ExampleReader.Numbered r : ExampleReader.read(rowsFile)) {
          TrainingWindow tw = TrainingWindow.of(r.example(), translator, rowsFile, r.line());
          w.write(Json.MAPPER.writeValueAsString(RlExporter.row(i++, r.example(), tw, "train")));
          w.write('\n');
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the windows to " + dir, e);
    }
    Set<String> queries = new HashSet<>();
    int withRelevant = 0;
    for (TrainingExample ex : rows) {
      queries.add(ex.qid());
      if (!ex.relevantDocids().isEmpty()) withRelevant++;
    }
    return new Summary(queries.size(), rows.size(), withRelevant, rowsFile, sft, parquet, jsonl);
  }

  private static List<Candidate> distinct(List<Candidate> cands) {
    Set<String> seen = new HashSet<>();
    List<Candidate> out = new ArrayList<>(cands.size());
    for (Candidate c : cands) if (seen.add(c.docid())) out.add(c);
    return out;
  }
}
