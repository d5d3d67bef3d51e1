package io.reasonrank.synth;

import io.reasonrank.format.TrecRuns;
import io.reasonrank.io.JsonlCorpus;
import io.reasonrank.io.Topics;
import io.reasonrank.llm.openai.OpenAiBackend;
import io.reasonrank.llm.tokenizer.HfTokenizer;
import io.reasonrank.model.Document;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The child JVM of {@link SynthesizerKillResumeTest}: {@code SynthChild BASE_URL MODEL TOPICS RUN CORPUS OUTPUT}
 * synthesizes with list size 5 and concurrency 4, printing progress to stderr.
 */
public final class SynthChild {
  private SynthChild() {}

  public static void main(String[] args) {
    Map<String, Document> corpus = JsonlCorpus.load(Path.of(args[4]));
    try (var teacher = OpenAiBackend.builder().baseUrl(args[0]).model(args[1]).maxConcurrency(4).build();
         var tokenizer = HfTokenizer.qwenDefault()) {
      SynthesisOptions o = SynthesisOptions.defaults("unit");
      o = new SynthesisOptions(o.dataset(), 5, 512, 4, o.pointwiseSampling(), o.listwiseSampling(), 0, 0);
      Synthesizer.Summary s = new Synthesizer(teacher, tokenizer, o).run(Topics.read(Path.of(args[2])),
          TrecRuns.read(Path.of(args[3])).run(), id -> Optional.ofNullable(corpus.get(id)), Path.of(args[5]),
          System.err::println);
      System.err.println(s.describe());
      System.exit(s.failed() == 0 ? 0 : 1);
    }
  }
}
