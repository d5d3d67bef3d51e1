package io.reasonrank.reward.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.reasonrank.reward.MultiViewReward;
import io.reasonrank.reward.RewardException;
import io.reasonrank.testing.SharedData;
import java.io.BufferedReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

/**
 * Responses per second of {@link MultiViewReward} on one thread over the 409 golden reward cases (the
 * 2 raising rows included). Run with the test classpath, e.g.
 * {@code java -cp core/target/classes:core/target/test-classes:<jackson jars> io.reasonrank.reward.bench.RewardThroughputBench [seconds]}.
 */
public final class RewardThroughputBench {
  private record Case(String solution, String truth, List<String> initial, List<String> fin, List<String> relevant) {}

  public static void main(String[] args) throws Exception {
    double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 5;
    ObjectMapper mapper = new ObjectMapper();
    List<Case> cases = new ArrayList<>();
    long chars = 0;
    try (BufferedReader r = Files.newBufferedReader(SharedData.path("golden/reward_cases.jsonl"), StandardCharsets.UTF_8)) {
      String line;
      while ((line = r.readLine()) != null) {
        JsonNode n = mapper.readTree(line);
        Case c = new Case(n.get("solution_str").asText(), n.get("ground_truth").asText(), list(n.get("initial_list")),
            list(n.get("final_list")), list(n.get("relevant_docids")));
        chars += c.solution().length();
        cases.add(c);
      }
    }
    MultiViewReward reward = new MultiViewReward();
    double sink = 0;
    for (int round = 0; round < 2; round++) { // round 0 warms up the JIT
      long calls = 0;
      long start = System.nanoTime();
      long budget = (long) ((round == 0 ? 2 : seconds) * 1e9);
      while (System.nanoTime() - start < budget) {
        for (Case c : cases) {
          try {
            sink += reward.compute(c.solution(), c.truth(), c.initial(), c.fin(), c.relevant()).reward();
          } catch (RewardException e) {
            sink += 1;
          }
        }
        calls += cases.size();
      }
      double elapsed = (System.nanoTime() - start) / 1e9;
      if (round == 1) {
        System.out.printf("%d cases (mean response %d chars): %,.0f responses/s on one thread (%,d calls in %.1f s) [%s]%n",
            cases.size(), chars / cases.size(), calls / elapsed, calls, elapsed, sink > 0 ? "ok" : "?");
      }
    }
  }

  private static List<String> list(JsonNode a) {
    List<String> out = new ArrayList<>();
    a.forEach(x -> out.add(x.asText()));
    return out;
  }
}
