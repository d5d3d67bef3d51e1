package io.reasonrank.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class ContextBudgetTest {

  @Test
  void fitsExactlyAtTheLimit() {
    assertThatCode(() -> ContextBudget.check(29596, 3172, 32768)).doesNotThrowAnyException();
  }

  @Test
  void oneTokenOverNamesBothNumbersAndTheFlags() {
    assertThatThrownBy(() -> ContextBudget.check(29597, 3172, 32768))
        .isInstanceOf(LlmException.class)
        .hasMessage("prompt of 29597 tokens + max_tokens 3172 = 32769 exceeds the model's context length of 32768"
            + " tokens; raise the server's context (vLLM --max-model-len, llama.cpp --ctx-size),"
            + " set --context-length if the server misreports it, or lower max_tokens")
        .satisfies(e -> assertThat(((LlmException) e).retryable()).isFalse());
  }

  @Test
  void unknownContextChecksNothing() {
    assertThatCode(() -> ContextBudget.check(1_000_000, 3172, OptionalInt.empty())).doesNotThrowAnyException();
    assertThatThrownBy(() -> ContextBudget.check(8000, 3172, OptionalInt.of(8192))).isInstanceOf(LlmException.class);
  }

  @Test
  void rejectsNonsenseArguments() {
    assertThatThrownBy(() -> ContextBudget.check(-1, 1, 10)).hasMessage("promptTokens must be >= 0, got -1");
    assertThatThrownBy(() -> ContextBudget.check(1, 0, 10)).hasMessage("maxTokens must be > 0, got 0");
    assertThatThrownBy(() -> ContextBudget.check(1, 1, 0)).hasMessage("contextLength must be > 0, got 0");
  }

  @Test
  void sumDoesNotOverflow() {
    assertThatThrownBy(() -> ContextBudget.check(Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE))
        .isInstanceOf(LlmException.class)
        .hasMessageContaining("= 4294967294 exceeds");
  }
}
