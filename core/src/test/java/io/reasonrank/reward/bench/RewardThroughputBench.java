package io.reasonrank.reward.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.reasonrank.reward.MultiViewReward;
import io.reasonrank.reward.RewardException;
import io.reasonrank.testing.SharedData;
import java.io.BufferedReader;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
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
    try (BufferedReader r = Files.newBufferedReader(SharedData.path("golden/reward_cases.jsonl"), StandardCharsets.UTF_8)) {
      String line;
      while ((line = r.readLine()) != null) {
        JsonNode n = mapper.readTree(line);
        Case c = new Case(n.get("solution_str").asText(), n.get("ground_truth").asText(), list(n.get("initial_list")),
            list(n.get("final_list")), list(n.get("relevant_docids")));
        cases.add(c);
      }
    }
    run("all golden cases", cases, seconds);
    // verl caps responses at 3,072 tokens (about 12k chars); the 300k-char long_think cases are stress tests
    run("golden cases <= 12,000 chars", cases.stream().filter(c -> c.solution().length() <= 12_000).toList(), seconds);
  }

  private static void run(String label, List<Case> cases, double seconds) {
    MultiViewReward reward = new MultiViewReward();
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    long chars = cases.stream().mapToLong(c -> c.solution().length()).sum();
    double sink = 0;
    for (int round = 0; round < 2; round++) { // round 0 warms up the JIT
      long calls = 0;
      long start = System.nanoTime();
      long cpuStart = mx.getCurrentThreadCpuTime();
      long budget = (long) (seconds * 1e9); // a full-length warm-up: a loaded machine starves the JIT threads
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
      double cpu = (mx.getCurrentThreadCpuTime() - cpuStart) / 1e9;
      if (round == 1) {
        // wall time suffers on a shared machine; the thread's CPU time does not
        System.out.printf("%s: %d cases, mean response %,d chars: %,.0f responses/s wall, %,.0f responses per CPU-second"
                + " (%,d calls, %.1f s wall, %.1f s CPU) [%s]%n",
            label, cases.size(), chars / cases.size(), calls / elapsed, calls / cpu, calls, elapsed, cpu, sink != 0 ? "ok" : "?");
      }
    }
  }

  private static List<String> list(JsonNode a) {
    List<String> out = new ArrayList<>();
    a.forEach(x -> out.add(x.asText()));
    return out;
  }
}
