package io.reasonrank.service.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.reasonrank.llm.cache.CompletionCache;
import io.reasonrank.llm.openai.OpenAiBackend;
import io.reasonrank.llm.openai.OpenAiTestServer;
import io.reasonrank.model.Document;
import io.reasonrank.testing.ScriptedLlm;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The in-process example of docs/serving.md, as written there, against the scripted LLM; and a second run from the cache. */
class ReasonRankEngineExampleTest {
  @TempDir Path dir;

  @Test
  void theDocumentedExampleRunsAndReplaysFromTheCache() {
    try (OpenAiTestServer server = OpenAiTestServer.startLlm(new ScriptedLlm())) {
      String url = server.baseUrl();
      List<Integer> first = null;
      for (int run = 0; run < 2; run++) {
        // --- as in docs/serving.md ("From Java, in process"), with the test server's URL and a temporary cache file
        try (ReasonRankEngine engine = ReasonRankEngine.builder(OpenAiBackend.builder().baseUrl(url).build())
                .maxPassageTokens(100).cache(CompletionCache.open(dir.resolve("cache.sqlite")), "openai-completions " + url)
                .build()) {
          EngineResult r = engine.rerank(new EngineRequest("q1", "flea life cycle",
              List.of(Document.of("0", "Fleas live up to a year."), Document.of("1", "Cats sleep a lot.")), Instant.now().plusSeconds(30)));
          // ---
          assertThat(r.order()).containsExactlyInAnyOrder(0, 1);
          assertThat(r.windows()).hasSize(1);
          assertThat(r.warnings()).isEmpty();
          assertThat(r.windows().getFirst().cached()).isEqualTo(run == 1);
          if (first == null) first = r.order();
          else assertThat(r.order()).isEqualTo(first);
        }
      }
      assertThat(server.generationCount()).isEqualTo(1);
    }
  }

  @Test
  void readinessSaysWhenTheBackendCannotBeReached() {
    OpenAiTestServer server = OpenAiTestServer.startLlm(new ScriptedLlm());
    String url = server.baseUrl();
    server.close();
    try (ReasonRankEngine engine = ReasonRankEngine.builder(OpenAiBackend.builder().baseUrl(url).model(OpenAiTestServer.MODEL).maxRetries(0).build())
        .build()) {
      RerankEngine.Readiness r = engine.readiness();
      assertThat(r.ready()).isFalse();
      assertThat(r.detail()).startsWith("backend unreachable");
    }
  }

  @Test
  void resultsMustBePermutations() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new EngineResult(List.of(0, 0), 0, List.of(), List.of(), false, 0, 0, 0, 0))
        .hasMessage("order must be a permutation of 0..1");
    assertThat(RelevanceScores.inInputOrder(List.of(2, 0, 1))).containsExactly(0.5, 1.0 / 3, 1.0);
  }
}
