package io.reasonrank.rerank.schedule.bench;

import io.reasonrank.model.Candidate;
import io.reasonrank.model.Document;
import io.reasonrank.model.Query;
import io.reasonrank.model.RerankRequest;
import io.reasonrank.rerank.schedule.FixedCallsReranker;
import io.reasonrank.rerank.schedule.LockstepBackend;
import io.reasonrank.rerank.schedule.LockstepBatches;
import io.reasonrank.rerank.schedule.QueryOutcome;
import io.reasonrank.rerank.schedule.RerankScheduler;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Wall time of the lock-step reference schedule against {@link RerankScheduler} on a simulated
 * server (docs/reference-behaviour.md §3 batched variant, §13.8). Not a test: run it by hand and paste the table.
 *
 * <p>Workload: BRIGHT's shape, the 12 tasks' real query counts (1,384 queries), 9 windows per query
 * (100 candidates, window 20, step 10), one LLM call per window. Output lengths are drawn per call
 * from a log-normal with median 650 tokens and σ = 0.55 (mean ≈ 760), clipped to [200, 3000]: the
 * spread of reasoning lengths in the paper's Fig. 13 (mostly 400–1,500 tokens, a long tail to the
 * 3,172-token budget). Seed 20250807.
 *
 * <p>Time: a call holds one of S slots for {@code tokens × scale}; the scale is chosen per S so that
 * the lower bound is {@value #TARGET_SECONDS} s of real time ({@code -Dbench.targetSeconds} to change):
 * about 3 ms per call at S = 8 and 0.1 s at S = 256, so timer and scheduling jitter stay small.
 * The ratios carry over to a real server; the seconds do not. Time on the server side is simulated
 * exactly ({@link SimulatedSlotServer}: late wake-ups delay an answer, not the slot's next call).
 *
 * <p>Schedules: "lock-step (reference)" runs each task alone, the task's queries as one batch
 * ({@code run_rank_llm.py}: batch_size 512 exceeds every task's size), tasks one after another;
 * "lock-step (one batch)" puts all 1,384 queries in one batch, the best case for a barrier; "scheduler"
 * is {@link RerankScheduler#forBackend} over all queries (2 × S + 16 in flight). The lower bound is
 * max(total work / S, longest single query chain).
 *
 * <p>Each figure is the median of {@code -Dbench.repeats} runs (default 3). Options:
 * {@code -Dbench.inFlightPerSlot=N} runs the scheduler with N × S queries in flight
 * instead of the default 2 × S + 16; {@code -Dbench.skipReference=true} skips the slow reference lock-step.
 *
 * <p>Run: {@code mvn -q -o -pl core test-compile} then
 * {@code java -cp core/target/classes:core/target/test-classes io.reasonrank.rerank.schedule.bench.SchedulerBenchmark [S...]}.
 */
public final class SchedulerBenchmark {
  static final double TARGET_SECONDS = 5.0;
  static final double TARGET = Double.parseDouble(System.getProperty("bench.targetSeconds", Double.toString(TARGET_SECONDS)));
  static final int WINDOWS = 9;
  static final long SEED = 20250807L;
  /** BRIGHT task sizes (queries), 1,384 in all. */
  static final Map<String, Integer> BRIGHT = new LinkedHashMap<>();

  static {
    BRIGHT.put("biology", 103);
    BRIGHT.put("earth_science", 116);
    BRIGHT.put("economics", 103);
    BRIGHT.put("psychology", 101);
    BRIGHT.put("robotics", 101);
    BRIGHT.put("stackoverflow", 117);
    BRIGHT.put("sustainable_living", 108);
    BRIGHT.put("leetcode", 142);
    BRIGHT.put("pony", 112);
    BRIGHT.put("aops", 111);
    BRIGHT.put("theoremqa_questions", 194);
    BRIGHT.put("theoremqa_theorems", 76);
  }

  private static final List<Candidate> HUNDRED = Collections.nCopies(100, new Candidate(new Document("d", "", ""), 0.0));

  public static void main(String[] args) throws Exception {
    int[] slotCounts = args.length == 0 ? new int[] {8, 64, 256} : java.util.Arrays.stream(args).mapToInt(Integer::parseInt).toArray();
    Map<String, List<RerankRequest>> byTask = new LinkedHashMap<>();
    List<RerankRequest> all = new ArrayList<>();
    for (var task : BRIGHT.entrySet()) {
      List<RerankRequest> requests = new ArrayList<>();
      for (int i = 0; i < task.getValue(); i++) {
        requests.add(new RerankRequest(new Query(task.getKey() + "-" + i, ""), HUNDRED));
      }
      byTask.put(task.getKey(), requests);
      all.addAll(requests);
    }
    Map<String, Integer> tokens = drawLengths(all);
    long total = tokens.values().stream().mapToLong(Integer::longValue).sum();
    long longestChain = 0;
    for (RerankRequest r : all) {
      long chain = 0;
      for (int k = 0; k < WINDOWS; k++) chain += tokens.get(FixedCallsReranker.prompt(r.query().id(), k));
      longestChain = Math.max(longestChain, chain);
    }
    System.err.printf(Locale.ROOT, "%d queries, %d calls, %d output tokens (mean %.0f per call), longest chain %d tokens%n",
        all.size(), tokens.size(), total, (double) total / tokens.size(), longestChain);

    warmUp(tokens, byTask.get("theoremqa_theorems"));
    StringBuilder table = new StringBuilder();
    table.append("| S | scale (µs/token) | lower bound | lock-step (reference) | lock-step (one batch) | scheduler | scheduler / bound | lock-step ref / scheduler |\n");
    table.append("|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (int s : slotCounts) {
      long boundTokens = Math.max((total + s - 1) / s, longestChain);
      long nanosPerToken = Math.max(1, Math.round(TARGET * 1e9 / boundTokens));
      double bound = boundTokens * nanosPerToken / 1e9;
      double reference = Boolean.getBoolean("bench.skipReference") ? Double.NaN : time(() -> {
        SimulatedSlotServer server = new SimulatedSlotServer(s, tokens, nanosPerToken);
        LockstepBackend lockstep = new LockstepBackend(server);
        RerankScheduler scheduler = RerankScheduler.lockstep(new FixedCallsReranker(lockstep, WINDOWS), lockstep,
            LockstepBatches.reference(512, 100));
        for (List<RerankRequest> task : byTask.values()) check(scheduler.run(task));
      });
      double oneBatch = time(() -> {
        LockstepBackend lockstep = new LockstepBackend(new SimulatedSlotServer(s, tokens, nanosPerToken));
        check(RerankScheduler.lockstep(new FixedCallsReranker(lockstep, WINDOWS), lockstep, LockstepBatches.all()).run(all));
      });
      double free = time(() -> {
        SimulatedSlotServer server = new SimulatedSlotServer(s, tokens, nanosPerToken);
        int factor = Integer.getInteger("bench.inFlightPerSlot", 0);
        RerankScheduler scheduler = factor == 0
            ? RerankScheduler.forBackend(new FixedCallsReranker(server, WINDOWS), server)
            : RerankScheduler.concurrent(new FixedCallsReranker(server, WINDOWS), factor * s);
        check(scheduler.run(all));
      });
      String row = String.format(Locale.ROOT, "| %d | %.2f | %.2f s | %.2f s (%.2f×) | %.2f s (%.2f×) | %.2f s | %.3f× | %.2f× |",
          s, nanosPerToken / 1e3, bound, reference, reference / bound, oneBatch, oneBatch / bound, free, free / bound, reference / free);
      System.err.println(row);
      table.append(row).append('\n');
    }
    System.out.print(table);
  }

  /** One output length per (query, window), seeded. */
  static Map<String, Integer> drawLengths(List<RerankRequest> requests) {
    SplittableRandom random = new SplittableRandom(SEED);
    double mu = Math.log(650);
    double sigma = 0.55;
    Map<String, Integer> tokens = new HashMap<>();
    for (RerankRequest r : requests) {
      for (int k = 0; k < WINDOWS; k++) {
        double gaussian = random.nextGaussian();
        int length = (int) Math.round(Math.exp(mu + sigma * gaussian));
        tokens.put(FixedCallsReranker.prompt(r.query().id(), k), Math.clamp(length, 200, 3000));
      }
    }
    return tokens;
  }

  private static void warmUp(Map<String, Integer> tokens, List<RerankRequest> sample) throws Exception {
    for (int i = 0; i < 3; i++) {
      SimulatedSlotServer server = new SimulatedSlotServer(16, tokens, 50);
      check(RerankScheduler.forBackend(new FixedCallsReranker(server, WINDOWS), server).run(sample));
      LockstepBackend lockstep = new LockstepBackend(new SimulatedSlotServer(16, tokens, 50));
      check(RerankScheduler.lockstep(new FixedCallsReranker(lockstep, WINDOWS), lockstep, LockstepBatches.all()).run(sample));
    }
  }

  private static void check(List<QueryOutcome> outcomes) {
    for (QueryOutcome o : outcomes) {
      if (!o.succeeded() || o.result().failedWindows() > 0) throw new IllegalStateException("query failed: " + o);
    }
  }

  private interface Body {
    void run() throws Exception;
  }

  /** Median wall seconds of {@code bench.repeats} runs (default 3): other processes on a shared machine add noise. */
  private static double time(Body body) throws Exception {
    int repeats = Integer.getInteger("bench.repeats", 3);
    double[] seconds = new double[repeats];
    for (int i = 0; i < repeats; i++) {
      long t0 = System.nanoTime();
      body.run();
      seconds[i] = (System.nanoTime() - t0) / 1e9;
    }
    java.util.Arrays.sort(seconds);
    return seconds[repeats / 2];
  }
}
