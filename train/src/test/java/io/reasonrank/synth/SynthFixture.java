package io.reasonrank.synth;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Writes a small synthesis input set: topics (TSV), a TREC run and a JSONL corpus with {@code gold} passages. */
final class SynthFixture {
  final Path topics;
  final Path run;
  final Path corpus;

  SynthFixture(Path dir, int queries, int perQuery) throws IOException {
    topics = dir.resolve("topics.tsv");
    run = dir.resolve("run.trec");
    corpus = dir.resolve("corpus.jsonl");
    List<String> t = new ArrayList<>();
    List<String> r = new ArrayList<>();
    List<String> c = new ArrayList<>();
    for (int q = 1; q <= queries; q++) {
      t.add("q" + q + "\tquestion number " + q + " about [" + q + "] things?");
      for (int k = 1; k <= perQuery; k++) {
        String docid = "d" + q + "_" + k;
        r.add("q" + q + " Q0 " + docid + " " + k + " " + (100 - k) + ".5 bm25");
        boolean gold = (q + k) % 3 == 0;
        c.add("{\"_id\":\"" + docid + "\",\"title\":\"T" + k + "\",\"text\":\"passage " + k + " of query " + q
            + (gold ? " with gold evidence" : " unrelated") + "\"}");
      }
    }
    Files.write(topics, t);
    Files.write(run, r);
    Files.write(corpus, c);
  }
}
