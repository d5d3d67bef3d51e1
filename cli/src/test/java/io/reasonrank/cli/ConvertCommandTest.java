package io.reasonrank.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.reasonrank.format.TrecRuns;
import io.reasonrank.format.TsvTopics;
import io.reasonrank.io.BrightTopics;
import io.reasonrank.io.JsonlCorpus;
import io.reasonrank.io.RankLlmResults;
import io.reasonrank.model.Candidate;
import io.reasonrank.model.Query;
import io.reasonrank.model.RerankRequest;
import io.reasonrank.testing.SharedData;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConvertCommandTest {
  static final Path DL19 = SharedData.path("rank_llm/retrieve_results_dl19.json");
  static final Path BRIGHT = SharedData.path("anserini-tools/bright");

  @TempDir Path dir;

  @Test
  void runOfTheDl19CandidatesIsRankLlmsTrecRunWithScoresPrintedAsPercentSixF() throws IOException {
    Path run = dir.resolve("run.txt");
    CliRunner.Result r = CliRunner.run("convert", "run", "--candidates", DL19.toString(), "--output", run.toString(), "--tag", "rank");
    assertThat(r.code()).as(r.err()).isEqualTo(0);
    assertThat(r.err()).isEqualTo("convert run: 43 queries, 4300 hits -> " + run + "\n");
    List<String> ours = Files.readAllLines(run);
    List<String> theirs = Files.readAllLines(SharedData.path("rank_llm/trec_results_dl19.txt"));
    assertThat(ours).hasSize(theirs.size()).hasSize(4300);
    for (int i = 0; i < ours.size(); i++) {
      String[] o = ours.get(i).split(" "), t = theirs.get(i).split(" ");
      // rank_llm prints Python's repr of the float, the reference's TrecWriter (and ours) %.6f of the same double
      assertThat(o).as("line %d", i + 1)
          .containsExactly(t[0], t[1], t[2], t[3], TrecRuns.formatScore(Double.parseDouble(t[4])), t[5]);
    }
  }

  @Test
  void runThenCandidatesGivesBackTheQueriesPassagesAndOrder() throws IOException {
    Path run = dir.resolve("run.txt"), topics = dir.resolve("t.tsv"), corpus = dir.resolve("c.jsonl.gz"), back = dir.resolve("back.json");
    CliRunner.Result r = CliRunner.run("convert", "run", "--candidates", DL19.toString(), "--output", run.toString(),
        "--topics-out", topics.toString(), "--corpus-out", corpus.toString());
    assertThat(r.code()).as(r.err()).isEqualTo(0);
    assertThat(r.err()).isEqualTo("convert run: 43 queries, 4300 hits -> " + run + ", topics -> " + topics + ", 4297 passages -> " + corpus + "\n");
    assertThat(Files.readString(run)).startsWith("264014 Q0 5611210 1 15.780600 reasonrank\n");
    assertThat(JsonlCorpus.load(corpus)).hasSize(4297); // three passages are retrieved for two queries each

    r = CliRunner.run("convert", "candidates", "--run", run.toString(), "--topics", topics.toString(), "--corpus", corpus.toString(),
        "--output", back.toString());
    assertThat(r.code()).as(r.err()).isEqualTo(0);
    assertThat(r.err()).isEqualTo("convert candidates: 43 queries, 4300 hits -> " + back + "\n");
    List<RerankRequest> original = RankLlmResults.read(DL19), again = RankLlmResults.read(back);
    assertThat(again).hasSameSizeAs(original);
    for (int i = 0; i < original.size(); i++) {
      RerankRequest a = original.get(i), b = again.get(i);
      assertThat(b.query()).isEqualTo(a.query());
      assertThat(b.candidates()).hasSameSizeAs(a.candidates());
      for (int j = 0; j < a.candidates().size(); j++) {
        Candidate x = a.candidates().get(j), y = b.candidates().get(j);
        assertThat(y.doc()).isEqualTo(x.doc());
        assertThat(TrecRuns.formatScore(y.score())).isEqualTo(TrecRuns.formatScore(x.score()));
      }
    }

    Path top5 = dir.resolve("top5.json.gz");
    r = CliRunner.run("convert", "candidates", "--run", run.toString(), "--topics", topics.toString(), "--corpus", corpus.toString(),
        "--top", "5", "--output", top5.toString());
    assertThat(r.code()).as(r.err()).isEqualTo(0);
    List<RerankRequest> cut = RankLlmResults.read(top5);
    assertThat(cut).allSatisfy(q -> assertThat(q.candidates()).hasSize(5));
    assertThat(cut.getFirst().candidates()).isEqualTo(again.getFirst().candidates().subList(0, 5));
  }

  @Test
  void candidatesFromARunAndALuceneIndexCarryTitlesAsRankLlmDoes() throws IOException {
    Path corpus = dir.resolve("c.jsonl"), index = dir.resolve("idx"), run = dir.resolve("r.txt"), topics = dir.resolve("t.tsv"),
        out = dir.resolve("o.json");
    Files.writeString(corpus, """
        {"_id": "d1", "title": "Sky", "text": "Rayleigh scattering"}
        {"_id": "d2", "title": "", "text": "blue light"}
        {"_id": "d3", "title": "", "text": "unused"}
        """);
    assertThat(CliRunner.run("index", "--corpus", corpus.toString(), "--index", index.toString()).code()).isEqualTo(0);
    Files.writeString(run, "q7 Q0 d2 1 3.5 bm25\nq7 Q0 d1 2 1.25 bm25\n");
    Files.writeString(topics, "q7\twhy is the sky blue?\n");
    CliRunner.Result r = CliRunner.run("convert", "candidates", "--run", run.toString(), "--topics", topics.toString(),
        "--index", index.toString(), "--output", out.toString());
    assertThat(r.code()).as(r.err()).isEqualTo(0);
    assertThat(r.err()).isEqualTo("convert candidates: 1 queries, 2 hits -> " + out + "\n");
    assertThat(Files.readString(out)).isEqualTo("[{\"query\":\"why is the sky blue?\",\"hits\":["
        + "{\"content\":\"blue light\",\"qid\":\"q7\",\"docid\":\"d2\",\"rank\":1,\"score\":3.5},"
        + "{\"content\":\"Title: Sky Content: Rayleigh scattering\",\"qid\":\"q7\",\"docid\":\"d1\",\"rank\":2,\"score\":1.25}]}]");
  }

  @Test
  void topicsToTsvFlattenNewlinesAsAnserinisBrightTsvTopics() throws IOException {
    Path tsv = dir.resolve("bio.tsv");
    CliRunner.Result r = CliRunner.run("convert", "topics", "--input", BRIGHT.resolve("topics/topics.bright-biology-original.jsonl.gz").toString(),
        "--output", tsv.toString());
    assertThat(r.code()).as(r.err()).isEqualTo(0);
    assertThat(r.err()).isEqualTo("convert topics: 103 queries -> " + tsv + "\n");
    assertThat(Files.readString(tsv)).isEqualTo(gunzip(BRIGHT.resolve("topics/topics.bright-biology.tsv.gz")));
  }

  @Test
  void brightRowsSurviveAJsonlRoundTripAndTsvSurvivesATsvJsonlTsvOne() throws IOException {
    Path original = BRIGHT.resolve("topics/topics.bright-biology-original.jsonl.gz"), copy = dir.resolve("bio.jsonl.gz");
    assertThat(CliRunner.run("convert", "topics", "--input", original.toString(), "--output", copy.toString()).code()).isEqualTo(0);
    assertThat(BrightTopics.read(copy)).isEqualTo(BrightTopics.read(original));
    assertThat(BrightTopics.read(copy).getFirst().query().text()).contains("\n");

    Path tsv = dir.resolve("t.tsv"), jsonl = dir.resolve("t.jsonl"), back = dir.resolve("back.tsv");
    Files.writeString(tsv, "q1\twhy is the sky blue?\n\n7\tline one  line two\n");
    assertThat(CliRunner.run("convert", "topics", "--input", tsv.toString(), "--output", jsonl.toString()).code()).isEqualTo(0);
    assertThat(Files.readString(jsonl)).isEqualTo("""
        {"id":"q1","query":"why is the sky blue?","excluded_ids":["N/A"],"gold_ids":[]}
        {"id":"7","query":"line one  line two","excluded_ids":["N/A"],"gold_ids":[]}
        """);
    assertThat(CliRunner.run("convert", "topics", "--input", jsonl.toString(), "--output", back.toString()).code()).isEqualTo(0);
    assertThat(Files.readString(back)).isEqualTo("q1\twhy is the sky blue?\n7\tline one  line two\n");

    Path multi = dir.resolve("m.jsonl"), flat = dir.resolve("m.tsv");
    Files.writeString(multi, "{\"id\":\"a\",\"query\":\"first\\nsecond\\tthird\\r\\nfourth\"}\n");
    assertThat(CliRunner.run("convert", "topics", "--input", multi.toString(), "--output", flat.toString()).code()).isEqualTo(0);
    assertThat(TsvTopics.read(flat)).containsExactly(new Query("a", "first second third fourth"));
  }

  @Test
  void brightQrelsAndExcludedIdsEqualAnserinisFiles() throws IOException {
    Path qrels = dir.resolve("q.txt"), excluded = dir.resolve("e.txt");
    CliRunner.Result r = CliRunner.run("convert", "bright", "--topics", BRIGHT.resolve("topics/topics.bright-biology-original.jsonl.gz").toString(),
        "--qrels-out", qrels.toString(), "--excluded-out", excluded.toString());
    assertThat(r.code()).as(r.err()).isEqualTo(0);
    assertThat(r.err()).isEqualTo("convert bright: 103 queries, 372 judgments -> " + qrels + ", 0 excluded ids -> " + excluded + "\n");
    assertThat(triples(qrels)).isEqualTo(triples(BRIGHT.resolve("qrels/qrels.bright-biology.txt"))).hasSize(372);
    assertThat(Files.readString(excluded)).isEmpty();

    r = CliRunner.run("convert", "bright", "--topics", BRIGHT.resolve("topics/topics.bright-leetcode-original.jsonl.gz").toString(),
        "--excluded-out", excluded.toString());
    assertThat(r.code()).as(r.err()).isEqualTo(0);
    Set<String> ours = new HashSet<>(Files.readAllLines(excluded)), theirs = new HashSet<>();
    for (String line : Files.readAllLines(BRIGHT.resolve("qrels/exclude.bright-leetcode.txt"))) if (!line.isBlank()) theirs.add(line.strip());
    assertThat(ours).isEqualTo(theirs).hasSize(33485);
    // what search --excluded reads back is the rows' own excluded_ids
    Map<String, Set<String>> rowsExcluded = new HashMap<>(BrightTopics.excludedIds(BRIGHT.resolve("topics/topics.bright-leetcode-original.jsonl.gz")));
    rowsExcluded.values().removeIf(Set::isEmpty);
    assertThat(SearchCommand.readExcluded(excluded)).isEqualTo(rowsExcluded);
  }

  @Test
  void badInputIsOneLineExitTwo() throws IOException {
    Path cands = dir.resolve("c.json"), out = dir.resolve("o");
    expectError("reasonrank: convert needs a subcommand: candidates, run, topics or bright (see 'reasonrank convert --help')", "convert");
    expectError("reasonrank: --candidates: no such file: " + dir.resolve("nope.json"), "convert", "run", "--candidates",
        dir.resolve("nope.json").toString(), "--output", out.toString());

    Files.writeString(cands, """
        [{"query": "q", "hits": [{"qid": "1", "docid": "a b", "score": 1.0, "content": "x"}]}]""");
    expectError("reasonrank: " + cands + ": query 1: docid 'a b' is empty or holds whitespace; a TREC run cannot carry it",
        "convert", "run", "--candidates", cands.toString(), "--output", out.toString());
    Files.writeString(cands, """
        [{"query": "q", "hits": [{"qid": "1", "docid": "a", "score": 1.0, "content": "x"}]},
         {"query": "r", "hits": [{"qid": "1", "docid": "b", "score": 1.0, "content": "y"}]}]""");
    expectError("reasonrank: " + cands + ": query 1 appears more than once", "convert", "run", "--candidates", cands.toString(), "--output", out.toString());
    Files.writeString(cands, "[{\"query\": \"q\"}]");
    expectError("reasonrank: " + cands + ": entry 0: missing 'query' or 'hits'", "convert", "run", "--candidates", cands.toString(), "--output", out.toString());
    expectError("reasonrank: --tag must be one word, got 'a b'", "convert", "run", "--candidates", cands.toString(), "--output", out.toString(), "--tag", "a b");

    // the candidate input keeps rerank's messages
    expectError("reasonrank: give either --candidates or --run/--topics/--corpus|--index, not both",
        "convert", "candidates", "--candidates", cands.toString(), "--run", "r", "--output", out.toString());
    expectError("reasonrank: give --candidates FILE, or --run RUN --topics T with --corpus JSONL or --index DIR",
        "convert", "candidates", "--run", "r", "--output", out.toString());
    expectError("reasonrank: --top must be >= 1, got 0", "convert", "candidates", "--candidates", cands.toString(), "--top", "0", "--output", out.toString());
    Path run = dir.resolve("run.txt"), topics = dir.resolve("t.tsv"), corpus = dir.resolve("c.jsonl");
    Files.writeString(run, "1 Q0 d1 1 2.0 x\n1 Q0 d9 2 1.0 x\n");
    Files.writeString(topics, "1\tquery\n");
    Files.writeString(corpus, "{\"_id\": \"d1\", \"text\": \"t\"}\n");
    expectError("reasonrank: " + run + ": query 1: docid d9 is not in " + corpus,
        "convert", "candidates", "--run", run.toString(), "--topics", topics.toString(), "--corpus", corpus.toString(), "--output", out.toString());

    Files.writeString(topics, "1 no tab\n");
    expectError("reasonrank: " + topics + ":1: expected 'qid<TAB>query'", "convert", "topics", "--input", topics.toString(), "--output", out.toString());
    Files.writeString(topics, "1\ta\n1\tb\n");
    expectError("reasonrank: " + topics + ": query 1 appears more than once", "convert", "topics", "--input", topics.toString(), "--output", out.toString());

    expectError("reasonrank: convert bright needs --qrels-out Q and/or --excluded-out E", "convert", "bright", "--topics", topics.toString());
    expectError("reasonrank: --topics: expected BRIGHT rows (.jsonl[.gz]), got " + topics, "convert", "bright", "--topics", topics.toString(),
        "--qrels-out", out.toString());
    Path rows = dir.resolve("rows.jsonl");
    Files.writeString(rows, "{\"id\": \"1\", \"query\": \"q\", \"gold_ids\": [\"a b\"]}\n");
    expectError("reasonrank: " + rows + ": query 1: gold_ids 'a b' is empty or holds whitespace; TREC lines cannot carry it",
        "convert", "bright", "--topics", rows.toString(), "--qrels-out", out.toString());
    Files.writeString(rows, "{\"id\": \"1\", \"query\": \"q\", \"gold_ids\": []}\n");
    expectError("reasonrank: " + rows + ": no gold_ids: no qrels to write", "convert", "bright", "--topics", rows.toString(), "--qrels-out", out.toString());
    assertThat(Files.exists(out)).isFalse();
  }

  private static void expectError(String message, String... args) {
    CliRunner.Result r = CliRunner.run(args);
    assertThat(r.code()).as(String.join(" ", args)).isEqualTo(2);
    assertThat(r.err()).isEqualTo(message + "\n");
  }

  private static Set<List<String>> triples(Path qrels) throws IOException {
    Set<List<String>> out = new HashSet<>();
    for (String line : Files.readAllLines(qrels)) {
      if (line.isBlank()) continue;
      String[] f = line.strip().split("\\s+");
      out.add(List.of(f[0], f[2], f[3]));
    }
    return out;
  }

  private static String gunzip(Path file) throws IOException {
    try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
