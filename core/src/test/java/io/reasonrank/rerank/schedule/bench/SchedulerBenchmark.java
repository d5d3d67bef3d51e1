package io.reasonrank.rerank.schedule.bench;

import io.reasonrank.llm.route.ServerPool;
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
 * Wall time of the lock-step reference schedule against {@link RerankScheduler} on simulated servers, and of the
 * scheduler over N servers behind a {@link ServerPool} (docs/scale-out.md). Not a test: run it by hand and paste the
 * tables ({@code bin/bench core io.reasonrank.rerank.schedule.bench.SchedulerBenchmark [S...]}).
 *
 * <p>Workload: BRIGHT's shape, the 12 tasks' real query counts (1,384 queries), 9 windows per query
 * (100 candidates, window 20, step 10), one LLM call per window. Output lengths are drawn per call
 * from a log-normal with median 650 tokens and σ = 0.55 (mean ≈ 760), clipped to [200, 3000]: the
 * spread of reasoning lengths in the paper's Fig. 13 (mostly 400–1,500 tokens, a long tail to the
 * 3,172-token budget). Seed 20250807.
 *
 * <p>Time: a call's service time is proportional to its output tokens; the scale is chosen per row so that the row's
 * lower bound is {@value #TARGET_SECONDS} s of real time ({@code -Dbench.targetSeconds} to change). That keeps the
 * call rate near 2,500 calls/s: faster, and the thread wake-ups of a loaded 2-core machine start to show in the
 * figures. The ratios carry over to a real server; the seconds do not. Server-side time is simulated exactly
 * ({@link SimulatedSlotServer}, {@link ContinuousBatchServer}: late wake-ups delay an answer, not the server).
 *
 * <p>Sections ({@code -Dbench.sections}, default {@code servers,occupancy}):
 * <ul>
 *   <li>{@code lockstep}: one server with S slots (the arguments, default 8 64 256), constant-time calls. "lock-step
 *       (one batch)" puts all 1,384 queries in one barrier batch, the fair comparison; "lock-step (reference)" runs
 *       each task alone, tasks one after another ({@code run_rank_llm.py}: batch_size 512 exceeds every task's size);
 *       "scheduler" is {@link RerankScheduler#forBackend} (8 × S + 16 queries in flight). The lower bound is
 *       max(total work / S, longest single query chain).
 *   <li>{@code servers}: N = {@code -Dbench.servers} (default 1,2,4,8) servers of S = {@code -Dbench.serverSlots}
 *       (default 16) slots each behind one {@link ServerPool}, the scheduler sized by its summed capacity. Throughput
 *       relative to N × one pooled server's is {@code (T_1 / scale_1) / (N × T_N / scale_N)}. Then the same runs with
 *       server 0 killed at half the lower bound: the answers' digest must equal the run without the kill, and the time
 *       lost is the wall time beyond the fluid ideal {@code t_kill + (work − N·S·t_kill) / ((N − 1)·S)}.
 *   <li>{@code occupancy}: lock-step (one batch) against the scheduler on one continuously batching server whose decode
 *       step takes {@code a + b·n} for n sequences in the batch, with b = 0 (the constant-time assumption) and with
 *       b = a / D for each D of {@code bench.occupancyDivisors} (default 64); see {@link ContinuousBatchServer}.
 * </ul>
 *
 * <p>Each figure is the median of {@code -Dbench.repeats} runs (default 1). Options of the {@code lockstep} section:
 * {@code -Dbench.inFlightPerSlot=F} runs the scheduler (every section) with F × capacity + 16 queries in flight
 * instead of the default 8 × capacity + 16; {@code -Dbench.skipReference=true} skips the slow reference lock-step.
 */
public final class SchedulerBenchmark {
  static final double TARGET_SECONDS = 5.0;
  static final int REPEATS = Integer.getInteger("bench.repeats", 1);
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
    java.util.Set<String> sections = java.util.Set.of(System.getProperty("bench.sections", "servers,occupancy").split(","));
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
    Workload w = new Workload(byTask, all, tokens, total, longestChain);

    long t0 = System.nanoTime();
    warmUp(tokens, byTask.get("theoremqa_theorems"));
    StringBuilder out = new StringBuilder();
    if (sections.contains("lockstep")) out.append(lockstepTable(w, slotCounts)).append('\n');
    if (sections.contains("servers")) out.append(serversTables(w)).append('\n');
    if (sections.contains("occupancy")) out.append(occupancyTable(w, slotCounts)).append('\n');
    System.out.print(out);
    System.err.printf(Locale.ROOT, "benchmark took %.0f s (warm JVM figures; -Dbench.repeats=%d, -Dbench.targetSeconds=%.1f)%n",
        (System.nanoTime() - t0) / 1e9, REPEATS, TARGET);
  }

  /** The drawn workload, shared by every section. */
  record Workload(Map<String, List<RerankRequest>> byTask, List<RerankRequest> all, Map<String, Integer> tokens, long total,
      long longestChain) {}

  /** Lock-step vs the scheduler on one server with S slots, constant-time calls (the original comparison). */
  static String lockstepTable(Workload w, int[] slotCounts) throws Exception {
    StringBuilder table = new StringBuilder();
    table.append("| S | lower bound | lock-step (one batch) | scheduler | scheduler / bound | one batch / scheduler | lock-step (reference: per task) | reference / scheduler |\n");
    table.append("|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (int s : slotCounts) {
      long boundTokens = Math.max((w.total + s - 1) / s, w.longestChain);
      long nanosPerToken = Math.max(1, Math.round(TARGET * 1e9 / boundTokens));
      double bound = boundTokens * nanosPerToken / 1e9;
      double reference = Boolean.getBoolean("bench.skipReference") ? Double.NaN : time(() -> {
        SimulatedSlotServer server = new SimulatedSlotServer(s, w.tokens, nanosPerToken);
        LockstepBackend lockstep = new LockstepBackend(server);
        RerankScheduler scheduler = RerankScheduler.lockstep(new FixedCallsReranker(lockstep, WINDOWS), lockstep,
            LockstepBatches.reference(512, 100));
        for (List<RerankRequest> task : w.byTask.values()) check(scheduler.run(task));
      });
      double oneBatch = time(() -> {
        LockstepBackend lockstep = new LockstepBackend(new SimulatedSlotServer(s, w.tokens, nanosPerToken));
        check(RerankScheduler.lockstep(new FixedCallsReranker(lockstep, WINDOWS), lockstep, LockstepBatches.all()).run(w.all));
      });
      double free = time(() -> {
        SimulatedSlotServer server = new SimulatedSlotServer(s, w.tokens, nanosPerToken);
        check(scheduler(server).run(w.all));
      });
      String row = String.format(Locale.ROOT, "| %d | %.2f s | %.2f s | %.2f s | %.3f× | %.2f× | %.2f s | %.2f× |",
          s, bound, oneBatch, free, free / bound, oneBatch / free, reference, reference / free);
      System.err.println(row);
      table.append(row).append('\n');
    }
    return table.toString();
  }

  // ------------------------------------------------------------------ N servers

  static int[] ints(String property, String defaults) {
    return java.util.Arrays.stream(System.getProperty(property, defaults).split(",")).mapToInt(Integer::parseInt).toArray();
  }

  /** N simulated servers of S slots each behind one {@link ServerPool}, sized by its summed capacity. */
  private static ServerPool pool(List<SimulatedSlotServer> servers) {
    ServerPool.Builder b = ServerPool.builder().probe((name, backend) -> {
      if (((SimulatedSlotServer) backend).isDead()) throw new java.net.ConnectException("connection refused");
    });
    for (int i = 0; i < servers.size(); i++) b.server("sim-" + i, servers.get(i));
    return b.build();
  }

  /** One pooled run; returns wall seconds and the answers' digest, killing server 0 after {@code killAfterSeconds} if > 0. */
  private static double[] pooledRun(Workload w, int n, int s, long nanosPerToken, double killAfterSeconds, long[] failovers)
      throws Exception {
    List<SimulatedSlotServer> servers = new ArrayList<>();
    for (int i = 0; i < n; i++) servers.add(new SimulatedSlotServer(s, w.tokens, nanosPerToken));
    try (ServerPool pool = pool(servers)) {
      RerankScheduler scheduler = scheduler(pool);
      Thread killer = killAfterSeconds <= 0 ? null : Thread.ofVirtual().start(() -> {
        try {
          Thread.sleep(java.time.Duration.ofNanos((long) (killAfterSeconds * 1e9)));
          servers.getFirst().kill();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
      long t0 = System.nanoTime();
      List<QueryOutcome> outcomes = scheduler.run(w.all);
      double seconds = (System.nanoTime() - t0) / 1e9;
      if (killer != null) killer.join();
      check(outcomes);
      if (killAfterSeconds > 0 && !servers.getFirst().isDead()) throw new IllegalStateException("the run ended before the kill");
      failovers[0] = pool.failovers();
      return new double[] {seconds, digest(outcomes)};
    }
  }

  /** A digest of every answer in query and window order: equal digests, equal outputs. */
  private static double digest(List<QueryOutcome> outcomes) {
    long h = 1125899906842597L;
    for (QueryOutcome o : outcomes) {
      h = 31 * h + o.qid().hashCode();
      for (var t : o.result().windows()) h = 31 * h + t.response().hashCode();
    }
    return (double) (h & ((1L << 52) - 1));
  }

  /**
   * Throughput of N servers of S slots against N × one server's (time normalised per token, so each run can be scaled
   * to {@code TARGET} seconds), and one server killed at half the lower bound: the output must not change, and the
   * time lost beyond the fluid ideal (everything after the kill done by N - 1 servers) must stay bounded.
   */
  static String serversTables(Workload w) throws Exception {
    int[] ns = ints("bench.servers", "1,2,4,8");
    int[] slotsPer = ints("bench.serverSlots", "16");
    StringBuilder t1 = new StringBuilder();
    t1.append("| servers N | slots S each | N × S | lower bound | wall | wall / bound | throughput / (N × one server's) | / (N × one pooled server's) | one server of N × S slots, no pool: wall / bound |\n");
    t1.append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    StringBuilder t2 = new StringBuilder();
    t2.append("| N | S | no kill | server 0 killed at | wall with the kill | fluid ideal with the kill | lost | ideal × no-kill wall/bound | lost beyond that | in mean calls | failed-over calls | output |\n");
    t2.append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
    double meanCall = (double) w.total / w.tokens.size();
    for (int s : slotsPer) {
      double oneServerTokenTime = Double.NaN;
      double bareTokenTime;
      { // one server without the pool: what the pool's own overhead costs
        long boundTokens = Math.max((w.total + s - 1) / s, w.longestChain);
        long nanosPerToken = Math.max(1, Math.round(TARGET * 1e9 / boundTokens));
        double bound = boundTokens * nanosPerToken / 1e9;
        double wall = time(() -> {
          SimulatedSlotServer server = new SimulatedSlotServer(s, w.tokens, nanosPerToken);
          check(scheduler(server).run(w.all));
        });
        bareTokenTime = wall / nanosPerToken;
        String row = String.format(Locale.ROOT, "| 1 (no pool) | %d | %d | %.2f s | %.2f s | %.3f× | 1.000 | | |", s, s, bound, wall, wall / bound);
        System.err.println(row);
        t1.append(row).append('\n');
      }
      for (int n : ns) {
        long boundTokens = Math.max((w.total + (long) n * s - 1) / ((long) n * s), w.longestChain);
        long nanosPerToken = Math.max(1, Math.round(TARGET * 1e9 / boundTokens));
        double bound = boundTokens * nanosPerToken / 1e9;
        long[] failovers = new long[1];
        double[] plain = new double[2];
        double wall = time(() -> System.arraycopy(pooledRun(w, n, s, nanosPerToken, 0, failovers), 0, plain, 0, 2));
        double tokenTime = wall / nanosPerToken;
        if (n == 1) oneServerTokenTime = tokenTime;
        double ratio = oneServerTokenTime / (n * tokenTime);
        double bareRatio = bareTokenTime / (n * tokenTime);
        // the same slots in one server: what the finite workload's tail costs at this many slots, pool or not
        double merged = n == 1 ? Double.NaN : time(() -> {
          SimulatedSlotServer server = new SimulatedSlotServer(n * s, w.tokens, nanosPerToken);
          check(scheduler(server).run(w.all));
        });
        String row = String.format(Locale.ROOT, "| %d | %d | %d | %.2f s | %.2f s | %.3f× | %.3f | %.3f | %s |", n, s, n * s, bound, wall,
            wall / bound, bareRatio, ratio, n == 1 ? "" : String.format(Locale.ROOT, "%.3f×", merged / bound));
        System.err.println(row);
        t1.append(row).append('\n');
        if (n < 2) continue;
        double killAt = bound / 2;
        double[] killed = new double[2];
        killed[0] = time(() -> {
          double[] one = pooledRun(w, n, s, nanosPerToken, killAt, failovers);
          if (one[1] != plain[1]) killed[1] = Double.NaN; // any run whose answers differ marks the row
          else if (!Double.isNaN(killed[1])) killed[1] = one[1];
        });
        double work = (double) w.total * nanosPerToken / 1e9; // slot-seconds
        double ideal = killAt + Math.max(0, work - (double) n * s * killAt) / ((double) (n - 1) * s);
        double lost = killed[0] - ideal;
        double adjusted = ideal * wall / bound; // the ideal at the efficiency the same run reached without the kill
        String krow = String.format(Locale.ROOT, "| %d | %d | %.2f s | %.2f s | %.2f s | %.2f s | %.2f s | %.2f s | %.2f s | %.1f | %d | %s |",
            n, s, wall, killAt, killed[0], ideal, lost, adjusted, killed[0] - adjusted,
            (killed[0] - adjusted) / (meanCall * nanosPerToken / 1e9), failovers[0],
            killed[1] == plain[1] ? "identical" : "DIFFERENT");
        System.err.println(krow);
        t2.append(krow).append('\n');
      }
    }
    return t1 + "\n" + t2;
  }

  // ------------------------------------------------------------------ batch-occupancy cost model

  /**
   * Lock-step (one batch) against the scheduler on one continuously batching server ({@link ContinuousBatchServer}),
   * under the constant-time model ({@code b = 0}) and the occupancy model {@code t_step = a + b·n} with
   * {@code b = a / D} for each D of {@code bench.occupancyDivisors} (default 64: a full batch of 256 decodes each
   * sequence 5× slower than a batch of one, 2× at 64, 1.125× at 8). {@code a} is scaled per row so the scheduler's ideal is about {@code TARGET}.
   */
  static String occupancyTable(Workload w, int[] slotCounts) throws Exception {
    int[] divisors = ints("bench.occupancyDivisors", "64");
    StringBuilder t = new StringBuilder();
    t.append(String.format(Locale.ROOT, "| S | cost model | lock-step (one batch) | its mean occupancy | scheduler | its mean occupancy | one batch / scheduler |%n"));
    t.append("|---:|---|---:|---:|---:|---:|---:|\n");
    for (int s : slotCounts) {
      for (int d = 0; d <= divisors.length; d++) {
        boolean occupancy = d > 0;
        double beta = occupancy ? 1.0 / divisors[d - 1] : 0;
        double ideal = Math.max((double) w.total * (1 + beta * s) / s, w.longestChain * (1 + beta * s));
        double a = TARGET * 1e9 / ideal;
        double b = a * beta;
        double[] occ = new double[2];
        double lock = time(() -> {
          try (ContinuousBatchServer server = new ContinuousBatchServer(s, w.tokens, a, b)) {
            LockstepBackend lockstep = new LockstepBackend(server);
            check(RerankScheduler.lockstep(new FixedCallsReranker(lockstep, WINDOWS), lockstep, LockstepBatches.all()).run(w.all));
            occ[0] = server.meanOccupancy();
          }
        });
        double free = time(() -> {
          try (ContinuousBatchServer server = new ContinuousBatchServer(s, w.tokens, a, b)) {
            check(scheduler(server).run(w.all));
            occ[1] = server.meanOccupancy();
          }
        });
        String model = occupancy ? "a + b·n, b = a/" + divisors[d - 1] : "constant (b = 0)";
        String row = String.format(Locale.ROOT, "| %d | %s | %.2f s | %.1f | %.2f s | %.1f | %.2f× |", s, model, lock, occ[0], free, occ[1], lock / free);
        System.err.println(row);
        t.append(row).append('\n');
      }
    }
    return t.toString();
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
      check(scheduler(server).run(sample));
      LockstepBackend lockstep = new LockstepBackend(new SimulatedSlotServer(16, tokens, 50));
      check(RerankScheduler.lockstep(new FixedCallsReranker(lockstep, WINDOWS), lockstep, LockstepBatches.all()).run(sample));
    }
  }

  /**
   * The scheduler over {@code backend}, sized by its capacity: {@link RerankScheduler#forBackend}, or
   * {@code F × capacity + 16} queries in flight with {@code -Dbench.inFlightPerSlot=F}.
   */
  static RerankScheduler scheduler(io.reasonrank.llm.LlmBackend backend) {
    FixedCallsReranker reranker = new FixedCallsReranker(backend, WINDOWS);
    int factor = Integer.getInteger("bench.inFlightPerSlot", 0);
    return factor == 0 ? RerankScheduler.forBackend(reranker, backend) : RerankScheduler.concurrent(reranker, factor * backend.capacity() + 16);
  }

  private static void check(List<QueryOutcome> outcomes) {
    for (QueryOutcome o : outcomes) {
      if (!o.succeeded() || o.result().failedWindows() > 0) throw new IllegalStateException("query failed: " + o);
    }
  }

  private interface Body {
    void run() throws Exception;
  }

  /** Median wall seconds of {@code bench.repeats} runs (default 1; 3 gives medians): other processes on a shared machine add noise. */
  private static double time(Body body) throws Exception {
    int repeats = REPEATS;
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
