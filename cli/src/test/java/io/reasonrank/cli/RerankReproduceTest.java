package io.reasonrank.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.reasonrank.llm.openai.OpenAiTestServer;
import io.reasonrank.testing.ScriptedLlm;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pinned scripted-DL19 reproductions (docs/reference-behaviour.md §13.6) through {@code reasonrank reproduce}. */
class RerankReproduceTest {
  @TempDir Path work;

  @Test
  void bothScriptedReproductionsPassAgainstTheScriptedServer() {
    try (OpenAiTestServer server = OpenAiTestServer.startLlm(new ScriptedLlm())) {
      CliRunner.Result r = CliRunner.run("reproduce", "scripted-dl19-reasoning", "scripted-dl19-rank-gpt", "--work", work.toString(),
          "--set", "base_url=" + server.baseUrl());
      assertThat(r.code()).as(r.out() + r.err()).isZero();
      assertThat(r.out()).contains("OK      ndcg_cut.10    expected 0.4366  got 0.4366")
          .contains("OK      ndcg_cut.10    expected 0.4450  got 0.4450")
          .contains("2 reproduction(s): 2 OK, 0 OKish, 0 FAIL measure(s); 0 reproduction(s) failed");
      assertThat(server.generationCount()).isEqualTo(2 * 387);
    }
  }

  @Test
  void withoutABaseUrlTheyAreSkippedNamingTheVariable() {
    CliRunner.Result r = CliRunner.run("reproduce", "scripted-dl19-reasoning", "--work", work.toString());
    assertThat(r.code()).as(r.out() + r.err()).isZero();
    assertThat(r.out()).contains("  SKIP    needs --set base_url=...").contains("1 skipped");
  }
}
