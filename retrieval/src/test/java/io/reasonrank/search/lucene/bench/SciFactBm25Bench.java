package io.reasonrank.search.lucene.bench;

import io.reasonrank.eval.Evaluator;
import io.reasonrank.eval.NdcgCut;
import io.reasonrank.eval.TrecOrder.ScorePrecision;
import io.reasonrank.format.Qrels;
import io.reasonrank.format.Run;
import io.reasonrank.format.TrecRuns;
import io.reasonrank.index.IndexBuilder;
import io.reasonrank.index.IndexProgress;
import io.reasonrank.io.Topics;
import io.reasonrank.model.Query;
import io.reasonrank.model.ScoredDoc;
import io.reasonrank.search.lucene.Bm25Params;
import io.reasonrank.search.lucene.Bm25Searcher;
import io.reasonrank.search.lucene.SearchProgress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * SciFact BM25 benchmark (not a test): index build time per thread count, search throughput, nDCG@10,
 * and agreement with the shipped Anserini 1.5.0 top-100 run (mean per-query |ours ∩ theirs| / 100,
 * queries whose 100-list is identical in order, lines whose %.6f score is identical).
 *
 * <p>Run with the retrieval test classpath: {@code java -cp ... io.reasonrank.search.lucene.bench.SciFactBm25Bench <shared/data>}.
 */
public final class SciFactBm25Bench {
  public static void main(String[] args) throws Exception {
    Path data = Path.of(args.length > 0 ? args[0] : "../shared/data");
    Path corpus = data.resolve("scifact/corpus.beir-reconstructed.jsonl.gz");
    List<Query> topics = Topics.read(data.resolve("anserini-tools/beir/topics.beir-v1.0.0-scifact.test.tsv.gz"));
    Qrels qrels = Qrels.read(data.resolve("anserini-tools/beir/qrels.beir-v1.0.0-scifact.test.txt"));
    Run anserini = TrecRuns.read(data.resolve("scifact/run.beir-v1.0.0-scifact.bm25-flat.anserini-1.5.0.top100.txt")).run();
    Path work = Files.createTempDirectory("scifact-bench");
    Path index = work.resolve("index");

    for (int threads : new int[] {1, 2, 1, 2}) { // first pair warms the JVM up
      IndexBuilder.Result r = new IndexBuilder(threads).build(corpus, index, IndexProgress.NONE);
      System.out.printf("index threads=%d: %.2f s, %d docs, %d terms, %d unique%n", threads,
          r.elapsed().toNanos() / 1e9, r.stats().documents(), r.stats().totalTerms(), r.stats().uniqueTerms());
    }

    try (Bm25Searcher searcher = Bm25Searcher.open(index, Bm25Params.ANSERINI)) {
      Map<String, List<ScoredDoc>> hits = null;
      for (int rep = 0; rep < 3; rep++) {
        for (int threads : new int[] {1, 2}) {
          for (int k : new int[] {100, 1000}) {
            long t0 = System.nanoTime();
            Map<String, List<ScoredDoc>> h = searcher.searchAll(topics, k, q -> Set.of(), threads, SearchProgress.NONE);
            double s = (System.nanoTime() - t0) / 1e9;
            if (rep == 2) System.out.printf("search threads=%d k=%d: %.3f s, %.0f q/s%n", threads, k, s, topics.size() / s);
            if (k == 1000) hits = h;
          }
        }
      }
      Path runFile = work.resolve("run.txt");
      TrecRuns.write(runFile, hits, "bm25");
      Run ours = TrecRuns.read(runFile).run();
      System.out.printf("nDCG@10 (k=1000) = %.4f%n", ndcgAt10(ours, qrels));

      Map<String, List<ScoredDoc>> top100 = searcher.searchAll(topics, 100, q -> Set.of(), 2, SearchProgress.NONE);
      Path run100 = work.resolve("run100.txt");
      TrecRuns.write(run100, top100, "bm25");
      Run ours100 = TrecRuns.read(run100).run();
      System.out.printf("nDCG@10 (k=100)  = %.4f; Anserini run: %.4f%n", ndcgAt10(ours100, qrels),
          ndcgAt10(anserini, qrels));
      double overlap = 0, overlapOfTheirs = 0;
      int sameList = 0, sameScores = 0, lines = 0;
      for (String qid : anserini.queryIds()) {
        List<ScoredDoc> theirs = anserini.hits(qid), mine = ours100.hits(qid);
        Set<String> a = new HashSet<>();
        theirs.forEach(d -> a.add(d.docid()));
        long common = mine.stream().filter(d -> a.contains(d.docid())).count();
        overlap += common / 100.0;
        overlapOfTheirs += common / (double) theirs.size(); // one SciFact query has only 66 matching docs
        if (theirs.stream().map(ScoredDoc::docid).toList().equals(mine.stream().map(ScoredDoc::docid).toList())) sameList++;
        for (int i = 0; i < Math.min(theirs.size(), mine.size()); i++) {
          lines++;
          if (theirs.get(i).docid().equals(mine.get(i).docid())
              && TrecRuns.formatScore(theirs.get(i).score()).equals(TrecRuns.formatScore(mine.get(i).score()))) sameScores++;
        }
      }
      System.out.printf("top-100 overlap with Anserini: mean |ours ∩ theirs|/100 = %.4f, /|theirs| = %.4f; "
          + "identical lists %d/%d; identical (docid, score) lines %d/%d%n", overlap / anserini.size(),
          overlapOfTheirs / anserini.size(), sameList, anserini.size(), sameScores, lines);
    }
  }

  /** trec_eval -c -m ndcg_cut.10, as Anserini's regression reports it. */
  private static double ndcgAt10(Run run, Qrels qrels) {
    return new Evaluator(List.of(new NdcgCut(10)), 1, ScorePrecision.FLOAT, true).evaluate(qrels, run).mean("ndcg_cut_10");
  }
}
