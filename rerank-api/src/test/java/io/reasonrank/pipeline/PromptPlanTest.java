package io.reasonrank.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reasonrank.llm.Completion;
import io.reasonrank.llm.LlmBackend;
import io.reasonrank.llm.LlmRequest;
import io.reasonrank.llm.tokenizer.HfTokenizer;
import io.reasonrank.model.RerankRequest;
import io.reasonrank.prompt.PromptMode;
import io.reasonrank.rerank.WindowSettings;
import io.reasonrank.testing.ScriptedLlm;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The dry run's cost model asks the strategy: for every strategy the planned calls and prompt tokens equal what a
 * scripted run through the pipeline sends (top-down: the plan bounds the run), and the cheap prompt bound is never
 * below a planned prompt.
 */
class PromptPlanTest {
  static HfTokenizer tok;

  @BeforeAll
  static void load() {
    tok = HfTokenizer.forMode(PromptMode.RANK_GPT_REASONING);
  }

  @AfterAll
  static void close() {
    tok.close();
  }

  /** The scripted LLM for listwise prompts, a readable Rank1 judgment for pointwise ones; counts calls and prompt tokens. */
  static final class Counting implements LlmBackend {
    final AtomicInteger calls = new AtomicInteger();
    final AtomicLong promptTokens = new AtomicLong();
    final ScriptedLlm llm = new ScriptedLlm();

    @Override
    public Completion complete(LlmRequest r) {
      calls.incrementAndGet();
      promptTokens.addAndGet(tok.countTokens(r.prompt()));
      if (r.prompt().contains("\nPassage: ")) {
        return new Completion("reasoning.\n", 10, 4, "stop",
            List.of(Map.of("reasoning", -0.1), Map.of(" true", Math.log(0.6), " false", Math.log(0.4))));
      }
      return new Completion(llm.apply(r.prompt()), 10, 10, "stop");
    }

    @Override
    public String model() {
      return "counting";
    }
  }

  @ParameterizedTest
  @EnumSource(Strategy.class)
  void thePlanIsWhatTheStrategySends(Strategy strategy) throws Exception {
    List<RerankRequest> requests = LibraryExampleTest.requests();
    WindowSettings settings = new WindowSettings(20, 10, 25, 1);
    Counting backend = new Counting();
    PromptPlan.Estimate est;
    try (RerankPipeline p = RerankPipeline.builder(backend).strategy(strategy).tokenizer(tok).settings(settings).build()) {
      est = p.plan().estimate(requests);
      p.run(requests);
      assertThat(p.plan().promptUpperBound(requests)).isGreaterThanOrEqualTo(est.maxPromptTokens());
    }
    if (strategy == Strategy.TOPDOWN) {
      assertThat(est.calls()).isGreaterThanOrEqualTo(backend.calls.get());
    } else {
      assertThat(est.calls()).isEqualTo(backend.calls.get());
      if (strategy != Strategy.SLIDING) assertThat(est.inputTokens()).isEqualTo(backend.promptTokens.get());
    }
    assertThat(est.callsNote()).isNotBlank();
  }

  @Test
  void anUnknownStrategyNamesTheChoices() {
    assertThatThrownBy(() -> Strategy.parse("bubble"))
        .hasMessage("--strategy: expected sliding, full, topdown or pointwise, got 'bubble'");
  }
}
