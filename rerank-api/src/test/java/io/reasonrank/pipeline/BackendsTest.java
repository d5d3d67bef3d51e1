package io.reasonrank.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reasonrank.llm.LlmBackend;
import io.reasonrank.llm.LlmRequest;
import io.reasonrank.llm.SamplingParams;
import io.reasonrank.llm.openai.OpenAiTestServer;
import io.reasonrank.testing.ScriptedLlm;
import io.reasonrank.testing.ScriptedLlmBackend;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The backend factory: Rank1's special tokens, the context override, and the max_tokens decorator. */
class BackendsTest {
  private static LlmRequest request(int maxTokens, Integer minTokens) {
    return new LlmRequest(List.of(), "prompt", new SamplingParams(0.0, 1.0, null, null, maxTokens, minTokens, List.of(), null));
  }

  @Test
  void pointwiseKeepsSpecialTokensAndListwiseDoesNot() {
    try (OpenAiTestServer server = OpenAiTestServer.startLlm(new ScriptedLlm())) {
      for (Strategy s : Strategy.values()) {
        try (LlmBackend b = Backends.openAi(server.baseUrl(), Backends.HttpSettings.DEFAULT, s, (r, m, why, d) -> {})) {
          b.complete(request(16, null));
        }
        OpenAiTestServer.Request sent = server.generationRequests().getLast();
        assertThat(sent.json().has("skip_special_tokens")).as(s.id()).isEqualTo(s == Strategy.POINTWISE);
        if (s == Strategy.POINTWISE) assertThat(sent.json().get("skip_special_tokens").asBoolean()).isFalse();
      }
    }
  }

  @Test
  void aContextOverrideWinsOverTheServersAndTheEngines() {
    try (OpenAiTestServer server = OpenAiTestServer.startLlm(new ScriptedLlm());
        LlmBackend b = Backends.openAi(server.baseUrl(), new Backends.HttpSettings(io.reasonrank.llm.openai.Endpoint.COMPLETIONS, null,
            "OPENAI_API_KEY", 2, java.time.Duration.ofSeconds(5), 0, 4096), Strategy.SLIDING, (r, m, why, d) -> {})) {
      assertThat(b.contextLength()).hasValue(4096);
    }
    assertThat(Backends.withContextLength(ScriptedLlmBackend.scripted(), 1234).contextLength()).hasValue(1234);
    assertThat(Backends.withContextLength(ScriptedLlmBackend.scripted(), null).contextLength()).isEmpty();
    assertThatThrownBy(() -> Backends.llamaCpp(Path.of("no-such.gguf"), 0, 1, 0, null)).hasMessage("--model: no such GGUF file: no-such.gguf");
  }

  @Test
  void maxTokensOverridesTheBudgetAndCapsMinTokens() {
    ScriptedLlmBackend inner = new ScriptedLlmBackend(p -> "x");
    new MaxTokensBackend(inner, 100).complete(request(3172, 3172));
    assertThat(inner.requests().getFirst().sampling().maxTokens()).isEqualTo(100);
    assertThat(inner.requests().getFirst().sampling().minTokens()).isEqualTo(100);
    assertThat(MaxTokensBackend.withMaxTokens(request(50, 10), 100).sampling().minTokens()).isEqualTo(10);
    LlmRequest r = request(50, null);
    assertThat(MaxTokensBackend.withMaxTokens(r, null)).isSameAs(r);
    assertThatThrownBy(() -> new MaxTokensBackend(inner, 0)).hasMessage("maxTokens must be >= 1, got 0");
  }
}
