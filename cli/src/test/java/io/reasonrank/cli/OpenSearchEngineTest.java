package io.reasonrank.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.reasonrank.eval.Evaluator;
import io.reasonrank.eval.NdcgCut;
import io.reasonrank.eval.TrecOrder.ScorePrecision;
import io.reasonrank.format.Qrels;
import io.reasonrank.format.Run;
import io.reasonrank.format.TrecRuns;
import io.reasonrank.model.ScoredDoc;
import io.reasonrank.search.opensearch.TestNode;
import io.reasonrank.testing.SharedData;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code index}/{@code search --engine opensearch} against a real OpenSearch node in this JVM (started once
 * for the class, always stopped): BEIR SciFact through the CLI must score and rank exactly as the
 * embedded Lucene index does, and cluster failures must be one-line errors.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OpenSearchEngineTest {
  private static final String INDEX = "scifact";
  private static TestNode node;
  @TempDir static Path tmp;

  private static Path corpus;
  private static Path topics;
  private static Path embeddedRun;

  @BeforeAll
  static void startNodeAndEmbeddedRun() {
    corpus = SharedData.path("scifact/corpus.beir-reconstructed.jsonl.gz");
    topics = SharedData.path("anserini-tools/beir/topics.beir-v1.0.0-scifact.test.tsv.gz");
    Path index = tmp.resolve("lucene");
    embeddedRun = tmp.resolve("lucene.run");
    ok(CliRunner.run("index", "--corpus", corpus.toString(), "--index", index.toString(), "--threads", "2"));
    ok(CliRunner.run("search", "--index", index.toString(), "--topics", topics.toString(), "--output", embeddedRun.toString(),
        "--hits", "100", "--threads", "2"));
    node = TestNode.start();
  }

  @AfterAll
  static void stopNode() {
    if (node != null) node.close();
  }

  private static CliRunner.Result ok(CliRunner.Result r) {
    assertThat(r.code()).as(r.err()).isZero();
    return r;
  }

  private static String url() {
    return node.url().toString();
  }

  @Test
  @Order(1)
  void sciFactOnOpenSearchEqualsTheEmbeddedIndex() throws IOException {
    CliRunner.Result indexed = ok(CliRunner.run("index", "--engine", "opensearch", "--url", url(), "--index-name", INDEX,
        "--corpus", corpus.toString(), "--batch-size", "500", "--threads", "2"));
    assertThat(indexed.err()).contains("indexed 5183 docs (5183 with text)");
    Path engineRun = tmp.resolve("opensearch.run");
    CliRunner.Result searched = ok(CliRunner.run("search", "--engine", "opensearch", "--url", url(), "--index-name", INDEX,
        "--topics", topics.toString(), "--output", engineRun.toString(), "--hits", "100", "--threads", "2"));
    assertThat(searched.err()).contains("searched 300 queries");

    Qrels qrels = Qrels.read(SharedData.path("anserini-tools/beir/qrels.beir-v1.0.0-scifact.test.txt"));
    Run ours = TrecRuns.read(engineRun).run(), embedded = TrecRuns.read(embeddedRun).run();
    double engineNdcg = ndcg10(qrels, ours), embeddedNdcg = ndcg10(qrels, embedded);
    assertThat(String.format("%.4f", engineNdcg)).isEqualTo(String.format("%.4f", embeddedNdcg)).isEqualTo("0.6789");

    // docid for docid: the top-100 of every query, then every line (docid, rank, 4-decimal tie-adjusted score)
    List<String> differing = new ArrayList<>();
    for (String qid : embedded.queryIds()) {
      List<String> a = top(embedded.hits(qid), 100), b = top(ours.hits(qid), 100);
      if (!a.equals(b)) differing.add(qid);
    }
    System.out.printf("OpenSearch vs embedded: nDCG@10 %.4f vs %.4f; top-100 identical for %d/%d queries%n",
        engineNdcg, embeddedNdcg, embedded.queryIds().size() - differing.size(), embedded.queryIds().size());
    assertThat(differing).as("queries whose top-100 differ").isEmpty();
    assertThat(Files.readAllLines(engineRun)).isEqualTo(Files.readAllLines(embeddedRun));
  }

  @Test
  @Order(2)
  void excludedIdsAreDroppedAndTheHitCountKept() throws IOException {
    Run embedded = TrecRuns.read(embeddedRun).run();
    String qid = embedded.queryIds().iterator().next();
    List<ScoredDoc> hits = embedded.hits(qid);
    Path excluded = tmp.resolve("excluded.txt");
    Files.writeString(excluded, qid + " " + hits.get(0).docid() + "\n" + qid + " " + hits.get(2).docid() + "\n");
    Path run = tmp.resolve("excluded.run");
    ok(CliRunner.run("search", "--engine", "opensearch", "--url", url(), "--index-name", INDEX, "--topics", topics.toString(),
        "--output", run.toString(), "--hits", "10", "--excluded", excluded.toString()));
    List<ScoredDoc> got = TrecRuns.read(run).run().hits(qid);
    List<ScoredDoc> want = new ArrayList<>(hits.subList(0, 12));
    want.remove(2);
    want.remove(0);
    assertThat(got).hasSize(10);
    assertThat(got.stream().map(ScoredDoc::docid).toList()).isEqualTo(want.stream().map(ScoredDoc::docid).toList());
  }

  @Test
  @Order(3)
  void candidatesTakeTheirPassagesFromTheCluster() throws IOException {
    Path run = tmp.resolve("top20.run");
    ok(CliRunner.run("search", "--engine", "opensearch", "--url", url(), "--index-name", INDEX, "--topics", topics.toString(),
        "--output", run.toString(), "--hits", "20"));
    Path fromCluster = tmp.resolve("cluster.json"), fromCorpus = tmp.resolve("corpus.json");
    ok(CliRunner.run("convert", "candidates", "--run", run.toString(), "--topics", topics.toString(), "--corpus-url", url(),
        "--corpus-index-name", INDEX, "--top", "20", "--output", fromCluster.toString()));
    ok(CliRunner.run("convert", "candidates", "--run", run.toString(), "--topics", topics.toString(), "--corpus", corpus.toString(),
        "--top", "20", "--output", fromCorpus.toString()));
    assertThat(Files.readString(fromCluster)).isEqualTo(Files.readString(fromCorpus)).contains("\"docid\"");

    // rerank itself: the exact prompts of a dry run are the same with passages from the cluster or the corpus
    CliRunner.Result clusterDry = ok(CliRunner.run("rerank", "--run", run.toString(), "--topics", topics.toString(), "--corpus-url", url(),
        "--corpus-index-name", INDEX, "--top", "20", "--max-passage-tokens", "100", "--dry-run"));
    CliRunner.Result corpusDry = ok(CliRunner.run("rerank", "--run", run.toString(), "--topics", topics.toString(), "--corpus",
        corpus.toString(), "--top", "20", "--max-passage-tokens", "100", "--dry-run"));
    assertThat(clusterDry.out()).contains("llm_calls: 300 (exact");
    assertThat(inputTokens(clusterDry.out())).isEqualTo(inputTokens(corpusDry.out())).isNotEmpty();
  }

  private static String inputTokens(String dryRunReport) {
    return dryRunReport.lines().filter(l -> l.strip().startsWith("input_tokens:")).findFirst().orElse("");
  }

  @Test
  @Order(4)
  void anExistingIndexIsKeptUnlessReplaced() {
    CliRunner.Result r = CliRunner.run("index", "--engine", "opensearch", "--url", url(), "--index-name", INDEX, "--corpus", corpus.toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err().strip()).isEqualTo("reasonrank: index scifact already exists on " + url() + " (give --replace to delete and rebuild it)");
  }

  @Test
  void aMissingIndexIsAOneLineError() {
    CliRunner.Result r = CliRunner.run("search", "--engine", "opensearch", "--url", url(), "--index-name", "no-such-index",
        "--topics", topics.toString(), "--output", tmp.resolve("none.run").toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err().strip()).isEqualTo("reasonrank: GET " + url() + "/no-such-index/_mapping: index_not_found_exception: no such index [no-such-index] (HTTP 404)");
    assertThat(r.err().strip().lines()).hasSize(1);
    assertThat(tmp.resolve("none.run")).doesNotExist();
  }

  @Test
  void aWrongUrlIsAOneLineError() throws IOException {
    int closed;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = s.getLocalPort();
    }
    CliRunner.Result r = CliRunner.run("search", "--engine", "opensearch", "--url", "http://127.0.0.1:" + closed, "--index-name", INDEX,
        "--topics", topics.toString(), "--output", tmp.resolve("none.run").toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err().strip()).startsWith("reasonrank: GET http://127.0.0.1:" + closed + "/: cannot connect");
    assertThat(r.err().strip().lines()).hasSize(1);
  }

  @Test
  void theEngineMustBeTheOneTheClusterIs() {
    CliRunner.Result r = CliRunner.run("search", "--engine", "elasticsearch", "--url", url(), "--index-name", INDEX,
        "--topics", topics.toString(), "--output", tmp.resolve("none.run").toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err().strip()).isEqualTo("reasonrank: " + url() + " is OpenSearch 3.8.0, not elasticsearch (give --engine opensearch)");
  }

  @Test
  void engineOptionsAreCheckedBeforeAnyWork() {
    String c = corpus.toString(), t = topics.toString(), out = tmp.resolve("x.run").toString();
    assertThat(CliRunner.run("index", "--corpus", c).err().strip()).isEqualTo("reasonrank: --engine lucene needs --index DIR");
    assertThat(CliRunner.run("index", "--corpus", c, "--index", "d", "--url", url()).err().strip())
        .isEqualTo("reasonrank: --url and --index-name need --engine opensearch or elasticsearch");
    assertThat(CliRunner.run("search", "--engine", "opensearch", "--index", "d", "--topics", t, "--output", out).err().strip())
        .isEqualTo("reasonrank: --engine opensearch uses --url and --index-name, not --index");
    assertThat(CliRunner.run("search", "--engine", "opensearch", "--url", url(), "--topics", t, "--output", out).err().strip())
        .isEqualTo("reasonrank: --engine opensearch needs --url URL and --index-name NAME");
    assertThat(CliRunner.run("search", "--engine", "OpenSearch", "--url", url(), "--index-name", INDEX, "--k1", "1.2", "--topics", t,
        "--output", out).err().strip())
        .isEqualTo("reasonrank: --k1/--b: a cluster index's BM25 parameters are fixed by 'reasonrank index' (k1=0.9, b=0.4)");
    CliRunner.Result solr = CliRunner.run("search", "--engine", "solr", "--index", "d", "--topics", t, "--output", out);
    assertThat(solr.code()).isEqualTo(2);
    assertThat(solr.err()).contains("expected lucene, opensearch or elasticsearch, got 'solr'");
    CliRunner.Result both = CliRunner.run("convert", "candidates", "--run", out, "--topics", t, "--corpus", c, "--corpus-url", url(),
        "--corpus-index-name", INDEX, "--output", tmp.resolve("x.json").toString());
    assertThat(both.err().strip()).isEqualTo("reasonrank: --run needs exactly one of --corpus JSONL, --index DIR and --corpus-url URL");
  }

  private static List<String> top(List<ScoredDoc> hits, int n) {
    return hits.subList(0, Math.min(n, hits.size())).stream().map(ScoredDoc::docid).toList();
  }

  private static double ndcg10(Qrels qrels, Run run) {
    return new Evaluator(List.of(new NdcgCut(10)), 1, ScorePrecision.FLOAT, true).evaluate(qrels, run).mean("ndcg_cut_10");
  }
}
