package io.reasonrank.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Locale;
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
      "Output rows: {\"reward\",\"ndcg_cut_10\",\"recall_10\",\"rbo\"} (null where the reference returns -1 or 0 early).",
      "A row the reference raises on is reported on stderr and written as {\"reward\":null,\"error\":...,\"field\":...};",
      "the others are still scored, and the exit status is then 1. A row not in verl's shape stops the command (exit 2)",
      "and --output is left unwritten."
    })
public final class RewardCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--input", required = true, paramLabel = "FILE", description = "JSONL rows (.gz allowed)")
  Path input;

  @Option(names = "--output", paramLabel = "FILE", description = "JSONL results (default: stdout)")
  Path output;

  @Override
  public Integer call() throws IOException {
    if (Files.isDirectory(input)) throw new InputException(input + ": is a directory, expected a JSONL file");
    OutputPaths.checkWritableFile("--output", output);
    if (!Files.isRegularFile(input)) throw new InputException(input + ": no such file");
    Map<RewardOutcome, Integer> counts = new EnumMap<>(RewardOutcome.class);
    double[] sum = {0};
    long[] failed = {0};
    PrintWriter err = spec.commandLine().getErr();
    long start = System.nanoTime();
    // stdout is picocli's writer (tests capture it) and must stay open; a file is closed when done
    // a file is written beside --output and moved over it at the end, so a stopped run leaves no partial output
    Path staging = output == null ? null : output.resolveSibling(output.getFileName() + ".partial");
    Writer sink = output == null ? spec.commandLine().getOut() : Files.newBufferedWriter(staging, StandardCharsets.UTF_8);
    BufferedWriter out = new BufferedWriter(sink, 1 << 16);
    boolean done = false;
    try {
      JsonLines.forEach(input, (JsonNode row, Long line) -> {
        RewardResult r = null;
        ObjectNode failure = null;
        try {
          r = RewardJson.score(RewardCall.fromJson(row));
        } catch (RewardCall.BadRowException e) {
          throw InputException.at(input, line, e.getMessage()); // not verl's call shape: nothing is written
        } catch (RewardException e) {
          failure = failureRow("the reference raises: " + e.getMessage(), e.field());
        }
        if (failure != null) {
          if (failed[0]++ < MAX_REPORTED) err.println("reward: " + input + ":" + line + ": " + failure.path("error").asText());
        } else {
          counts.merge(r.outcome(), 1, Integer::sum);
          sum[0] += r.reward();
        }
        try {
          out.write(Json.MAPPER.writeValueAsString(failure != null ? failure : RewardJson.toJson(r)));
          out.write('\n');
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
      out.flush();
      done = true;
    } finally {
      if (output != null) {
        out.close();
        if (done) Files.move(staging, output, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        else Files.deleteIfExists(staging);
      }
    }
    int n = counts.values().stream().mapToInt(Integer::intValue).sum();
    double secs = (System.nanoTime() - start) / 1e9;
    StringBuilder summary = new StringBuilder(String.format(Locale.ROOT, "reward: %d rows in %.2f s, mean reward %.4f", n + failed[0],
        secs, n == 0 ? 0.0 : sum[0] / n));
    counts.forEach((k, v) -> summary.append(", ").append(k.wireName()).append(' ').append(v));
    if (failed[0] > 0) {
      summary.append(", failed ").append(failed[0]).append(" (not scored, not in the mean");
      if (failed[0] > MAX_REPORTED) summary.append("; the first ").append(MAX_REPORTED).append(" are listed above");
      summary.append(')');
    }
    err.println(summary);
    err.flush();
    return failed[0] == 0 ? 0 : 1;
  }

  private static final int MAX_REPORTED = 20;

  private static ObjectNode failureRow(String message, String field) {
    ObjectNode o = Json.MAPPER.createObjectNode();
    o.putNull("reward");
    o.put("error", message);
    if (field != null) o.put("field", field);
    else o.putNull("field");
    return o;
  }
}
