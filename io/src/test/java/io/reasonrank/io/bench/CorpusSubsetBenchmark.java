package io.reasonrank.io.bench;

import io.reasonrank.format.TrecRuns;
import io.reasonrank.io.JsonlCorpus;
import io.reasonrank.model.Document;
import io.reasonrank.model.ScoredDoc;
import java.io.BufferedWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Reading the documents of a run from an MS MARCO-sized JSONL corpus: 8,841,823 passages of
 * MS MARCO's length (about 56 words, 330 characters on average), about 3 GB. The corpus and a run are generated with
 * a fixed seed; each mode runs in its own JVM so that its heap is its own:
 *
 * <pre>
 *   bin/bench io io.reasonrank.io.bench.CorpusSubsetBenchmark generate /tmp/msmarco-bench   # corpus, topics, runs
 *   BENCH_JAVA_OPTS=-Xmx256m bin/bench io io.reasonrank.io.bench.CorpusSubsetBenchmark subset /tmp/msmarco-bench 43
 *   BENCH_JAVA_OPTS=-Xmx1g   bin/bench io io.reasonrank.io.bench.CorpusSubsetBenchmark subset /tmp/msmarco-bench 6980
 *   bin/bench io io.reasonrank.io.bench.CorpusSubsetBenchmark full /tmp/msmarco-bench       # the old whole-corpus map
 *   bin/bench io io.reasonrank.io.bench.CorpusSubsetBenchmark delete /tmp/msmarco-bench
 * </pre>
 *
 * {@code subset Q} does what {@code rerank --run --corpus} does: reads a run of Q queries x 100 hits (43: TREC DL19's
 * shape; 6,980: MS MARCO dev small), collects its docids, streams the corpus keeping only those. It prints the wall
 * time (whole mode in a warm-enough JVM: one pass, no warm-up), the heap retained after a full GC with the documents
 * still reachable, and the sum of the heap pools' peak use (an upper bound on the true peak; the lowest -Xmx that works is the firm figure).
 */
public final class CorpusSubsetBenchmark {
  static final int PASSAGES = 8_841_823;
  static final int HITS = 100;

  public static void main(String[] args) throws Exception {
    if (args.length < 2) throw new IllegalArgumentException("usage: generate|subset Q|full|delete DIR");
    Path dir = Path.of(args[1]);
    switch (args[0]) {
      case "generate" -> generate(dir);
      case "subset" -> subset(dir, Integer.parseInt(args[2]));
      case "full" -> full(dir);
      case "delete" -> {
        for (String f : new String[] {"corpus.jsonl", "topics.tsv", "run-43.trec", "run-6980.trec"}) Files.deleteIfExists(dir.resolve(f));
        Files.deleteIfExists(dir);
      }
      default -> throw new IllegalArgumentException("unknown mode " + args[0]);
    }
  }

  private static void generate(Path dir) throws Exception {
    Files.createDirectories(dir);
    long t0 = System.nanoTime();
    SplittableRandom rnd = new SplittableRandom(8_841_823);
    StringBuilder sb = new StringBuilder(4096);
    try (BufferedWriter w = Files.newBufferedWriter(dir.resolve("corpus.jsonl"), StandardCharsets.UTF_8)) {
      for (int i = 0; i < PASSAGES; i++) {
        sb.setLength(0);
        sb.append("{\"_id\": \"").append(i).append("\", \"title\": \"\", \"text\": \"");
        // word counts spread like MS MARCO's passages (mean about 56, from about 10 to 200)
        int words = 10 + (int) Math.min(190, -Math.log(1 - rnd.nextDouble()) * 46);
        for (int k = 0; k < words; k++) {
          if (k > 0) sb.append(' ');
          int len = 1 + rnd.nextInt(9);
          for (int c = 0; c < len; c++) sb.append((char) ('a' + rnd.nextInt(26)));
        }
        sb.append(".\"}\n");
        w.append(sb);
      }
    }
    try (BufferedWriter w = Files.newBufferedWriter(dir.resolve("topics.tsv"), StandardCharsets.UTF_8)) {
      for (int q = 0; q < 6_980; q++) w.append("q").append(Integer.toString(q)).append("\tquery number ").append(Integer.toString(q)).append('\n');
    }
    for (int queries : new int[] {43, 6_980}) {
      try (BufferedWriter w = Files.newBufferedWriter(dir.resolve("run-" + queries + ".trec"), StandardCharsets.UTF_8)) {
        for (int q = 0; q < queries; q++) {
          for (int r = 1; r <= HITS; r++) {
            w.append("q" + q + " Q0 " + rnd.nextInt(PASSAGES) + " " + r + " " + (100 - r) + ".5 bench\n");
          }
        }
      }
    }
    System.out.printf(Locale.ROOT, "generated %,d passages, %.2f GB, in %.0f s%n", PASSAGES, Files.size(dir.resolve("corpus.jsonl")) / 1e9,
        (System.nanoTime() - t0) / 1e9);
  }

  private static void subset(Path dir, int queries) {
    resetPeaks();
    long t0 = System.nanoTime();
    var run = TrecRuns.read(dir.resolve("run-" + queries + ".trec")).run();
    Set<String> needed = new HashSet<>();
    for (String qid : run.queryIds()) for (ScoredDoc h : run.hits(qid)) needed.add(h.docid());
    Map<String, Document> docs = JsonlCorpus.load(dir.resolve("corpus.jsonl"), needed);
    double s = (System.nanoTime() - t0) / 1e9;
    report(String.format(Locale.ROOT, "subset: %d queries x %d hits, %,d distinct docids, %,d documents kept", queries, HITS, needed.size(),
        docs.size()), s, docs);
  }

  private static void full(Path dir) {
    resetPeaks();
    long t0 = System.nanoTime();
    Map<String, Document> docs = JsonlCorpus.load(dir.resolve("corpus.jsonl"));
    double s = (System.nanoTime() - t0) / 1e9;
    report(String.format(Locale.ROOT, "full: the whole corpus in a map, %,d documents", docs.size()), s, docs);
  }

  private static void report(String what, double seconds, Object keepAlive) {
    long peak = 0;
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) if (p.getType() == MemoryType.HEAP) peak += p.getPeakUsage().getUsed();
    System.gc();
    long retained = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    System.out.printf(Locale.ROOT, "%s%n  %.1f s (%,.0f passages/s); heap retained after GC %.0f MB; sum of per-pool peak use %.0f MB (an upper bound); max heap %.0f MB%n",
        what, seconds, PASSAGES / seconds, retained / 1e6, peak / 1e6, Runtime.getRuntime().maxMemory() / 1e6);
    java.lang.ref.Reference.reachabilityFence(keepAlive); // the documents stay reachable until measured
  }

  private static void resetPeaks() {
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) p.resetPeakUsage();
  }

  private CorpusSubsetBenchmark() {}
}
