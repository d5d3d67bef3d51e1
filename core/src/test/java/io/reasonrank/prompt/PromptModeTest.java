package io.reasonrank.prompt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reasonrank.llm.SamplingParams;
import io.reasonrank.testing.CodePointTokenizer;
import org.junit.jupiter.api.Test;

class PromptModeTest {

  @Test
  void parsesTheReferenceNamesExactly() {
    assertThat(PromptMode.parse("rank_GPT_reasoning")).isEqualTo(PromptMode.RANK_GPT_REASONING);
    assertThat(PromptMode.parse("rank_GPT")).isEqualTo(PromptMode.RANK_GPT);
    assertThat(PromptMode.parse("rank_GPT_qwen3")).isEqualTo(PromptMode.RANK_GPT_QWEN3);
    assertThat(PromptMode.RANK_GPT_QWEN3).hasToString("rank_GPT_qwen3");
    assertThatThrownBy(() -> PromptMode.parse("rank_gpt"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unknown prompt mode 'rank_gpt' (did you mean rank_GPT?); valid modes: rank_GPT_reasoning, rank_GPT, rank_GPT_qwen3");
    assertThatThrownBy(() -> PromptMode.parse("LRL"))
        .hasMessage("unknown prompt mode 'LRL'; valid modes: rank_GPT_reasoning, rank_GPT, rank_GPT_qwen3");
  }

  @Test
  void systemPromptsAndPatternUse() {
    assertThat(PromptMode.RANK_GPT_REASONING.systemPrompt()).isEqualTo(ListwisePrompts.SYSTEM_PROMPT_REASONING)
        .contains("you first thinks about the reasoning process").endsWith("<answer> answer here </answer>.");
    assertThat(PromptMode.RANK_GPT.systemPrompt()).isEqualTo(
        "You are RankLLM, an intelligent assistant that can rank passages based on their relevance to the query.");
    assertThat(PromptMode.RANK_GPT_QWEN3.systemPrompt()).isEqualTo(PromptMode.RANK_GPT.systemPrompt());
    assertThat(PromptMode.RANK_GPT_REASONING.usesThinkAnswerPattern()).isTrue();
    assertThat(PromptMode.RANK_GPT_QWEN3.usesThinkAnswerPattern()).isTrue();
    assertThat(PromptMode.RANK_GPT.usesThinkAnswerPattern()).isFalse();
  }

  @Test
  void postPromptsAreTheSpecStrings() {
    String head = "Search Query: q.\nRank the 3 passages above based on their relevance to the search query. All the passages"
        + " should be included and listed using identifiers, in descending order of relevance.";
    assertThat(PromptMode.RANK_GPT_REASONING.postPrompt("q", 3))
        .isEqualTo(head + " The format of the answer should be [] > [], e.g., [2] > [1].");
    assertThat(PromptMode.RANK_GPT.postPrompt("q", 3)).isEqualTo(head
        + " The output format should be [] > [], e.g., [2] > [1]. Only respond with the ranking results, do not say any word or explain.");
    assertThat(PromptMode.RANK_GPT_QWEN3.postPrompt("q", 3)).isEqualTo(head
        + " The final ranked list should be enclosed within <answer> </answer> tags, i.e., <answer> ranked list here </answer>."
        + " The format of ranked list should be [] > [], e.g., [2] > [1]. Only respond with the ranking results, do not say any word or explain.");
  }

  @Test
  void samplingDefaultsFollowRunLlmBatched() {
    CodePointTokenizer tok = new CodePointTokenizer();
    assertThat(PromptMode.RANK_GPT_REASONING.sampling(20, tok)).isEqualTo(SamplingParams.greedy(3172));
    SamplingParams q3 = PromptMode.RANK_GPT_QWEN3.sampling(20, tok);
    assertThat(q3.temperature()).isEqualTo(0.6);
    assertThat(q3.topP()).isEqualTo(0.95);
    assertThat(q3.topK()).isEqualTo(20);
    assertThat(q3.minP()).isEqualTo(0.0);
    assertThat(q3.maxTokens()).isEqualTo(3172);
    assertThat(q3.minTokens()).isNull();
    SamplingParams plain = PromptMode.RANK_GPT.sampling(3, tok);
    assertThat(plain.temperature()).isZero();
    assertThat(plain.maxTokens()).isEqualTo("[1] > [2] > [3]".length());
    assertThat(plain.minTokens()).isEqualTo(plain.maxTokens());
    assertThatThrownBy(() -> PromptMode.rankingTokens(0, tok)).hasMessage("windowSize must be >= 1, got 0");
  }
}
