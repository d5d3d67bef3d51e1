package io.reasonrank.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reasonrank.llm.Completion;
import io.reasonrank.llm.LlmBackend;
import io.reasonrank.llm.LlmException;
import io.reasonrank.llm.LlmRequest;
import io.reasonrank.llm.SamplingParams;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import io.reasonrank.pipeline.PromptTruncationCheck;

class PromptTruncationCheckTest {
  /** A backend that reports {@code promptTokens} read, whatever was sent. */
  static LlmBackend reading(int promptTokens) {
    return new LlmBackend() {
      @Override
      public Completion complete(LlmRequest request) {
        return new Completion("ok", promptTokens, 1, "stop");
      }

      @Override
      public String model() {
        return "m";
      }
    };
  }

  static LlmRequest request() {
    return new LlmRequest(List.of(), "p", SamplingParams.greedy(10));
  }

  @Test
  void aShortfallWithinTheSlackPassesBeyondItFailsAndIsCountedAndWarnedOnce() {
    List<String> warnings = new ArrayList<>();
    // ours 1000: slack max(16, 2 % = 20) = 20
    assertThat(new PromptTruncationCheck(reading(980), p -> 1000, 0.02, false, warnings::add).complete(request()).text()).isEqualTo("ok");
    assertThat(new PromptTruncationCheck(reading(0), p -> 1000, 0.02, false, warnings::add).complete(request()).text())
        .as("a server that reports no usage is not checked").isEqualTo("ok");
    assertThat(warnings).isEmpty();

    PromptTruncationCheck cut = new PromptTruncationCheck(reading(641), p -> 1665, 0.02, false, warnings::add);
    assertThatThrownBy(() -> cut.complete(request())).isInstanceOf(LlmException.class)
        .satisfies(e -> assertThat(((LlmException) e).kind()).isEqualTo(LlmException.Kind.TRUNCATED));
    assertThatThrownBy(() -> cut.complete(request())).isInstanceOf(LlmException.class);
    assertThat(cut.truncatedCalls()).isEqualTo(2);
    assertThat(warnings).singleElement().asString().startsWith("the server read 641 of the 1665 prompt tokens sent");

    PromptTruncationCheck allowed = new PromptTruncationCheck(reading(641), p -> 1665, 0.02, true, warnings::add);
    assertThat(allowed.complete(request()).text()).isEqualTo("ok");
    assertThat(allowed.truncatedCalls()).isEqualTo(1);
  }

  @Test
  void helpListsTheChoicesOfEveryEnumOption() {
    CliRunner.Result r = CliRunner.run("rerank", "--help");
    assertThat(r.out()).contains("sliding, full, topdown, pointwise:").contains("scheduler, lockstep:")
        .contains("completions, chat:").contains("positional, rank:").contains("rank_GPT_reasoning, rank_GPT, rank_GPT_qwen3:")
        .contains("--qids=FILE|LIST").contains("--limit=N").contains("--allow-truncation");
  }
}
