package io.reasonrank.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.reasonrank.llm.LlmBackend;
import io.reasonrank.llm.openai.OpenAiTestServer;
import io.reasonrank.llm.tokenizer.HfTokenizer;
import io.reasonrank.model.Candidate;
import io.reasonrank.model.Document;
import io.reasonrank.model.Query;
import io.reasonrank.model.RerankRequest;
import io.reasonrank.prompt.PromptMode;
import io.reasonrank.rerank.RerankResult;
import io.reasonrank.rerank.ScoreMode;
import io.reasonrank.rerank.WindowSettings;
import io.reasonrank.testing.ScriptedLlm;
import io.reasonrank.testing.ScriptedLlmBackend;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Java example of docs/library.md, compiled and run here against the scripted LLM behind an in-process
 * OpenAI-compatible server: it reranks, a second run is answered by the cache, a run whose calls fail keeps its
 * checkpoint and the next run resumes it to the uninterrupted rankings; and the pipeline ranks exactly as the bare
 * reranker the factory builds.
 */
class LibraryExampleTest {
  @TempDir Path dir;

  // example:start
  static List<RerankResult> rerank(String baseUrl, List<RerankRequest> requests, Path dir) throws InterruptedException {
    LlmBackend backend = Backends.openAi(baseUrl, Backends.HttpSettings.DEFAULT, Strategy.SLIDING, (retry, max, why, delay) -> {});
    try (backend;
        RerankPipeline pipeline = RerankPipeline.builder(backend)
            .maxPassageTokens(100)                        // TREC/BEIR passages (512 for BRIGHT)
            .cache(dir.resolve("run.cache.sqlite"))       // every answer is stored as it arrives
            .checkpoint(dir.resolve("run.partial.jsonl")) // finished queries survive a kill
            .build()) {
      return pipeline.run(requests).results();            // run again after a kill: it resumes
    }
  }
  // example:end

  /** Three queries of 30 candidates each, words drawn so that the scripted LLM reorders them. */
  static List<RerankRequest> requests() {
    String[] words = {"reranker", "passage", "query", "model", "reasoning", "window", "list", "score"};
    List<RerankRequest> out = new ArrayList<>();
    for (int q = 0; q < 3; q++) {
      List<Candidate> c = new ArrayList<>();
      for (int i = 0; i < 30; i++) {
        StringBuilder text = new StringBuilder("passage " + i + " of query " + q + ":");
        for (int w = 0; w < words.length; w++) if ((i * 7 + w * 3 + q) % 5 < 2) text.append(' ').append(words[w]);
        c.add(new Candidate(Document.of("q" + q + "d" + i, text.toString()), 30 - i));
      }
      out.add(new RerankRequest(new Query("q" + q, "which reasoning model scores a passage list"), c));
    }
    return out;
  }

  private static List<List<String>> ids(List<RerankResult> results) {
    return results.stream().map(r -> r.ranked().stream().map(Candidate::docid).toList()).toList();
  }

  @Test
  void theDocumentedExampleIsTheOneTestedHere() throws Exception {
    String test = Files.readString(Path.of("src/test/java/io/reasonrank/pipeline/LibraryExampleTest.java"));
    String example = test.substring(test.indexOf("// example:start\n") + "// example:start\n".length(), test.indexOf("  // example:end"));
    String doc = Files.readString(Path.of("../docs/library.md"));
    // the test class indents the method by two spaces; the page does not
    String unindented = String.join("\n", example.lines().map(l -> l.startsWith("  ") ? l.substring(2) : l).toList());
    assertThat(unindented).hasLineCount(11);
    assertThat(doc).contains(unindented);
  }

  @Test
  void reranksThenReplaysFromTheCacheThenResumesAfterFailures() throws Exception {
    List<RerankRequest> requests = requests();
    List<List<String>> expected;
    try (ScriptedLlmBackend bare = new ScriptedLlmBackend(new ScriptedLlm()); HfTokenizer tok = HfTokenizer.forMode(PromptMode.RANK_GPT_REASONING)) {
      var reranker = Strategy.SLIDING.reranker(bare, PromptMode.RANK_GPT_REASONING, tok, 100, WindowSettings.DEFAULT, ScoreMode.POSITIONAL);
      expected = ids(requests.stream().map(reranker::rerank).toList());
    }
    try (OpenAiTestServer server = OpenAiTestServer.startLlm(new ScriptedLlm())) {
      List<RerankResult> first = rerank(server.baseUrl(), requests, dir);
      assertThat(ids(first)).as("the factory's reranker, decorated").isEqualTo(expected);
      assertThat(ids(first).getFirst()).isNotEqualTo(requests.getFirst().candidates().stream().map(Candidate::docid).toList());
      int calls = server.generationCount();
      assertThat(calls).as("2 windows per query of 30 ([10, 30) then [0, 20))").isEqualTo(6);
      assertThat(dir.resolve("run.partial.jsonl")).as("a complete run removes its checkpoint").doesNotExist();

      assertThat(ids(rerank(server.baseUrl(), requests, dir))).isEqualTo(expected);
      assertThat(server.generationCount()).as("the second run is answered by the cache").isEqualTo(calls);
    }

    // a run whose server fails the last query's calls: it keeps a checkpoint; the next run resumes it
    Path dir2 = Files.createDirectory(dir.resolve("resume"));
    OpenAiTestServer.Responder llm = OpenAiTestServer.llm(OpenAiTestServer.MODEL, OptionalInt.of(OpenAiTestServer.CONTEXT_LENGTH), new ScriptedLlm());
    try (OpenAiTestServer server = OpenAiTestServer.start(r -> r.isGeneration() && r.prompt().contains("passage 0 of query 2:")
        ? OpenAiTestServer.Reply.error(400, "scripted failure") : llm.respond(r))) {
      List<RerankResult> broken = rerank(server.baseUrl(), requests, dir2);
      assertThat(broken.get(2).failedWindows()).isPositive();
      assertThat(dir2.resolve("run.partial.jsonl")).as("kept for the re-run").exists();
    }
    try (OpenAiTestServer server = OpenAiTestServer.startLlm(new ScriptedLlm())) {
      List<RerankResult> resumed = rerank(server.baseUrl(), requests, dir2);
      assertThat(ids(resumed)).isEqualTo(expected);
      assertThat(server.generationCount()).as("only the failed query's unanswered windows are asked").isEqualTo(1);
      assertThat(dir2.resolve("run.partial.jsonl")).doesNotExist();
    }
  }
}
