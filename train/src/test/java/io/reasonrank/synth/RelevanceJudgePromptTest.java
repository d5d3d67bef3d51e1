package io.reasonrank.synth;

import static org.assertj.core.api.Assertions.assertThat;

import io.reasonrank.llm.LlmRequest;
import io.reasonrank.llm.SamplingParams;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RelevanceJudgePromptTest {

  @Test
  void parsesVerdictsRobustly() {
    assertThat(RelevanceJudgePrompt.parse("Relevant: yes")).contains(true);
    assertThat(RelevanceJudgePrompt.parse("relevant:NO")).contains(false);
    assertThat(RelevanceJudgePrompt.parse("**Relevant:** **Yes**")).contains(true);
    assertThat(RelevanceJudgePrompt.parse("1")).contains(true);
    assertThat(RelevanceJudgePrompt.parse(" 0.")).contains(false);
    assertThat(RelevanceJudgePrompt.parse("True")).contains(true);
    // the verdict after </think> wins over words inside the reasoning
    assertThat(RelevanceJudgePrompt.parse("<think>yes it mentions cells, but no. Relevant: yes?</think>\nRelevant: no")).contains(false);
    // servers that prefill <think> return only the closing tag
    assertThat(RelevanceJudgePrompt.parse("Maybe yes.\n</think>\n\nRelevant: yes")).contains(true);
    // the last labelled verdict wins
    assertThat(RelevanceJudgePrompt.parse("Relevant: no\nOn reflection... Relevant: yes")).contains(true);
    // no label: first word, else the last verdict word
    assertThat(RelevanceJudgePrompt.parse("No, the passage is about cats.")).contains(false);
    assertThat(RelevanceJudgePrompt.parse("The passage helps, so the answer is yes")).contains(true);
    assertThat(RelevanceJudgePrompt.parse("I cannot tell.")).isEqualTo(Optional.empty());
    assertThat(RelevanceJudgePrompt.parse("<think>yes</think>")).isEqualTo(Optional.empty());
  }

  @Test
  void requestCarriesBothForms() {
    LlmRequest r = RelevanceJudgePrompt.request("what is [3]?", "Passage text", SamplingParams.greedy(64));
    assertThat(r.messages()).hasSize(2);
    assertThat(r.messages().get(0).content()).isEqualTo(RelevanceJudgePrompt.SYSTEM);
    assertThat(r.messages().get(1).content()).isEqualTo(RelevanceJudgePrompt.INSTRUCTION
        + "\n\nSearch Query: what is (3)?\n\nPassage: Passage text");
    assertThat(r.prompt()).isEqualTo("<|im_start|>system\n" + RelevanceJudgePrompt.SYSTEM + "<|im_end|>\n<|im_start|>user\n"
        + r.messages().get(1).content() + "<|im_end|>\n<|im_start|>assistant\n");
    assertThat(r.sampling().maxTokens()).isEqualTo(64);
  }
}
