package io.reasonrank.search.lucene;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.reasonrank.eval.Evaluator;
import io.reasonrank.eval.NdcgCut;
import io.reasonrank.eval.TrecOrder.ScorePrecision;
import io.reasonrank.format.Qrels;
import io.reasonrank.format.TrecRuns;
import io.reasonrank.index.IndexBuilder;
import io.reasonrank.index.IndexProgress;
import io.reasonrank.io.Topics;
import io.reasonrank.model.Query;
import io.reasonrank.model.ScoredDoc;
import io.reasonrank.testing.SharedData;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end on BEIR SciFact: index the 5,183-document corpus, run BM25 (k1=0.9, b=0.4) on the 300
 * test topics and reproduce Anserini's regression ({@code beir-v1.0.0-scifact.flat.yaml}): 838,128
 * total terms and nDCG@10 = 0.6789.
 */
class SciFactBm25Test {
  @TempDir Path tmp;

  @Test
  void reproducesAnseriniFlatRegression() {
    Path corpus = SharedData.path("scifact/corpus.beir-reconstructed.jsonl.gz");
    Path index = tmp.resolve("index");
    IndexBuilder.Result built = new IndexBuilder(2).build(corpus, index, IndexProgress.NONE);
    assertThat(built.stats().documents()).isEqualTo(5183);
    assertThat(built.stats().nonEmptyDocuments()).isEqualTo(5183);
    assertThat(built.stats().totalTerms()).isEqualTo(838_128);

    List<Query> topics = Topics.read(SharedData.path("anserini-tools/beir/topics.beir-v1.0.0-scifact.test.tsv.gz"));
    assertThat(topics).hasSize(300);
    Map<String, List<ScoredDoc>> hits;
    try (Bm25Searcher searcher = Bm25Searcher.open(index, Bm25Params.ANSERINI)) {
      hits = searcher.searchAll(topics, 1000, qid -> Set.of(), 2, SearchProgress.NONE);
    }
    // evaluate the run as written to disk, the way trec_eval sees it (%.6f scores)
    Path runFile = tmp.resolve("run.txt");
    TrecRuns.write(runFile, hits, "bm25");
    var run = TrecRuns.read(runFile).run();
    Qrels qrels = Qrels.read(SharedData.path("anserini-tools/beir/qrels.beir-v1.0.0-scifact.test.txt"));
    // trec_eval -c -m ndcg_cut.10, as Anserini's regression reports it
    double ndcg = new Evaluator(List.of(new NdcgCut(10)), 1, ScorePrecision.FLOAT, true).evaluate(qrels, run).mean("ndcg_cut_10");
    assertThat(ndcg).isCloseTo(0.6789, within(0.001));
  }
}
