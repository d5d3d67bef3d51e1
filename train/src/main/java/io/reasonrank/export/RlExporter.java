package io.reasonrank.export;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reasonrank.format.InputException;
import io.reasonrank.io.Json;
import io.reasonrank.prompt.ListwiseTranslator;
import io.reasonrank.prompt.PromptMode;
import io.reasonrank.synth.TrainingExample;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Random;

/**
 * The RL set as verl parquet (docs/reference-behaviour.md §6–§7), written through DuckDB (rows staged as typed JSON Lines, then
 * {@code COPY (SELECT … FROM read_json(…, columns = SCHEMA)) TO 'x.parquet' (FORMAT PARQUET)}); no Hadoop stack.
 *
 * <p>Columns ({@link #COLUMNS}, DuckDB types):
 * <ul>
 *   <li>{@code data_source VARCHAR} = {@code 'ranking'}: verl's {@code default_compute_score} dispatches on it to the
 *       ranking reward.
 *   <li>{@code prompt STRUCT(role VARCHAR, content VARCHAR)[]}: {@code [system, user]} chat messages, the reasoning
 *       system prompt and the §1.3 user message ({@link TrainingWindow}); verl applies the chat template.
 *   <li>{@code ability VARCHAR} = {@code 'ranking'}.
 *   <li>{@code reward_model STRUCT(style VARCHAR, ground_truth VARCHAR)}: {@code style='rule'},
 *       {@code ground_truth} = {@code final_list} in window ids, {@code "[3] > [1] > …"} (§6 step 2; [unverified]).
 *   <li>{@code extra_info STRUCT(index BIGINT, initial_list VARCHAR[], final_list VARCHAR[], relevant_docids VARCHAR[],
 *       split VARCHAR, dataset VARCHAR, qid VARCHAR)}: the reward reads {@code initial_list} and
 *       {@code relevant_docids} (and takes {@code final_list}); {@code index} is the row's 0-based position in the
 *       input, {@code split} is {@code train} or {@code val}; {@code dataset} and {@code qid} are ours, for tracing.
 * </ul>
 * The released set's exact column list and message roles are [unverified] (docs/reference-behaviour.md §7).
 *
 * <p>Validation split: the row indices are shuffled with {@code java.util.Random(seed)} and the first
 * {@code round(n × fraction)} (at least one when the fraction is positive and n ≥ 2) go to validation; each file keeps
 * input order.
 */
public final class RlExporter {

  /** The DuckDB column types of the staged rows and of the parquet files. */
  public static final String COLUMNS = "{data_source: 'VARCHAR', "
      + "prompt: 'STRUCT(role VARCHAR, content VARCHAR)[]', "
      + "ability: 'VARCHAR', "
      + "reward_model: 'STRUCT(style VARCHAR, ground_truth VARCHAR)', "
      + "extra_info: 'STRUCT(index BIGINT, initial_list VARCHAR[], final_list VARCHAR[], relevant_docids VARCHAR[],"
      + " split VARCHAR, dataset VARCHAR, qid VARCHAR)'}";

  /** Rows written to each file. */
  public record Summary(int train, int val) {}

  private final ListwiseTranslator translator;

  /** @param translator must be in mode {@code rank_GPT_reasoning} */
  public RlExporter(ListwiseTranslator translator) {
    this.translator = Objects.requireNonNull(translator, "translator");
    if (translator.mode() != PromptMode.RANK_GPT_REASONING) {
      throw new IllegalArgumentException("RL prompts use mode rank_GPT_reasoning, got " + translator.mode());
    }
  }

  /**
   * Writes {@code trainOut} and, when {@code valFraction > 0}, {@code valOut}.
   *
   * @throws IllegalArgumentException when {@code valFraction} is not in {@code [0, 1)}
   */
  public Summary export(Path input, Path trainOut, Path valOut, double valFraction, long seed) {
    if (!(valFraction >= 0 && valFraction < 1)) {
      throw new IllegalArgumentException("val fraction must be in [0, 1), got " + valFraction);
    }
    List<ExampleReader.Numbered> rows = ExampleReader.read(input);
    int n = rows.size();
    List<Integer> order = new ArrayList<>(n);
    for (int i = 0; i < n; i++) order.add(i);
    Collections.shuffle(order, new Random(seed));
    int valCount = (int) Math.round(n * valFraction);
    if (valFraction > 0 && valCount == 0 && n >= 2) valCount = 1;
    boolean[] isVal = new boolean[n];
    for (int i = 0; i < valCount; i++) isVal[order.get(i)] = true;

    try {
      Path parent = trainOut.toAbsolutePath().getParent();
      Files.createDirectories(parent);
      Path trainStage = Files.createTempFile(parent, ".rl-train", ".jsonl");
      Path valStage = Files.createTempFile(parent, ".rl-val", ".jsonl");
      try {
        try (BufferedWriter t = Files.newBufferedWriter(trainStage, StandardCharsets.UTF_8);
             BufferedWriter v = Files.newBufferedWriter(valStage, StandardCharsets.UTF_8)) {
          for (int i = 0; i < n; i++) {
            ExampleReader.Numbered r = rows.get(i);
            TrainingWindow w = TrainingWindow.of(r.example(), translator, input, r.line());
            (isVal[i] ? v : t).write(Json.MAPPER.writeValueAsString(row(i, r.example(), w, isVal[i] ? "val" : "train")) + "\n");
          }
        }
        copyToParquet(trainStage, trainOut);
        if (valFraction > 0) copyToParquet(valStage, valOut);
      } finally {
        Files.deleteIfExists(trainStage);
        Files.deleteIfExists(valStage);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + trainOut, e);
    }
    return new Summary(n - valCount, valCount);
  }

  /** One verl row (the columns above) of input row {@code index}. */
  public static ObjectNode row(int index, TrainingExample ex, TrainingWindow w, String split) {
    ObjectNode o = Json.MAPPER.createObjectNode().put("data_source", "ranking");
    ArrayNode prompt = o.putArray("prompt");
    prompt.addObject().put("role", "system").put("content", w.system());
    prompt.addObject().put("role", "user").put("content", w.user());
    o.put("ability", "ranking");
    o.putObject("reward_model").put("style", "rule").put("ground_truth", w.goldRanking());
    ObjectNode extra = o.putObject("extra_info").put("index", index);
    ex.initialList().forEach(extra.putArray("initial_list")::add);
    ex.finalList().forEach(extra.putArray("final_list")::add);
    ex.relevantDocids().forEach(extra.putArray("relevant_docids")::add);
    extra.put("split", split).put("dataset", ex.dataset()).put("qid", ex.qid());
    return o;
  }

  private static void copyToParquet(Path staged, Path out) {
    String sql = "COPY (SELECT * FROM read_json(" + literal(staged) + ", format = 'newline_delimited', columns = " + COLUMNS
        + ")) TO " + literal(out.toAbsolutePath()) + " (FORMAT PARQUET)";
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
         Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new InputException("cannot write parquet " + out + ": " + e.getMessage().lines().findFirst().orElse(""), e);
    }
  }

  /** A SQL string literal: single quotes doubled. */
  static String literal(Path p) {
    return "'" + p.toString().replace("'", "''") + "'";
  }
}
