package io.reasonrank.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.reasonrank.format.InputException;
import io.reasonrank.io.Json;
import io.reasonrank.io.JsonLines;
import io.reasonrank.reward.RewardException;
import io.reasonrank.reward.RewardOutcome;
import io.reasonrank.reward.RewardResult;
import io.reasonrank.rewardserver.RewardCall;
import io.reasonrank.rewardserver.RewardJson;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code reasonrank reward}: the GRPO multi-view reward (docs/reference-behaviour.md §6) of every JSONL row in verl's call shape,
 * one result row per input row, in order.
 */
@Command(
    name = "reward",
    mixinStandardHelpOptions = true,
    description = {
      "Score responses with the multi-view GRPO reward R = NDCG@10 + 0.2*Recall@10 + 0.1*RBO (bit-identical to the reference).",
      "Input rows: {\"solution_str\",\"ground_truth\",\"initial_list\",\"final_list\",\"relevant_docids\"}.",
      "Output rows: {\"reward\",\"ndcg_cut_10\",\"recall_10\",\"rbo\"} (null where the reference returns -1 or 0 early)."
    })
public final class RewardCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--input", required = true, paramLabel = "FILE", description = "JSONL rows (.gz allowed)")
  Path input;

  @Option(names = "--output", paramLabel = "FILE", description = "JSONL results (default: stdout)")
  Path output;

  @Override
  public Integer call() throws IOException {
    OutputPaths.checkWritableFile("--output", output);
    if (!Files.isRegularFile(input)) throw new InputException(input + ": no such file");
    Map<RewardOutcome, Integer> counts = new EnumMap<>(RewardOutcome.class);
    double[] sum = {0};
    long start = System.nanoTime();
    // stdout is picocli's writer (tests capture it) and must stay open; a file is closed when done
    Writer sink = output == null ? spec.commandLine().getOut() : Files.newBufferedWriter(output, StandardCharsets.UTF_8);
    BufferedWriter out = new BufferedWriter(sink, 1 << 16);
    try {
      JsonLines.forEach(input, (JsonNode row, Long line) -> {
        RewardResult r;
        try {
          r = RewardJson.score(RewardCall.fromJson(row));
        } catch (RewardCall.BadRowException | RewardException e) {
          throw InputException.at(input, line, e.getMessage());
        }
        counts.merge(r.outcome(), 1, Integer::sum);
        sum[0] += r.reward();
        try {
          out.write(Json.MAPPER.writeValueAsString(RewardJson.toJson(r)));
          out.write('\n');
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
      out.flush();
    } finally {
      if (output != null) out.close();
    }
    int n = counts.values().stream().mapToInt(Integer::intValue).sum();
    double secs = (System.nanoTime() - start) / 1e9;
    StringBuilder summary = new StringBuilder(String.format("reward: %d rows in %.2f s, mean reward %.4f", n, secs,
        n == 0 ? 0.0 : sum[0] / n));
    counts.forEach((k, v) -> summary.append(", ").append(k.wireName()).append(' ').append(v));
    spec.commandLine().getErr().println(summary);
    spec.commandLine().getErr().flush();
    return 0;
  }
}
