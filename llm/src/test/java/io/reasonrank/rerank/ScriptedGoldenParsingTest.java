package io.reasonrank.rerank;

import static org.assertj.core.api.Assertions.assertThat;

import io.reasonrank.io.JsonLines;
import io.reasonrank.prompt.AnswerParser;
import io.reasonrank.prompt.ParsedAnswer;
import io.reasonrank.prompt.PromptMode;
import io.reasonrank.testing.ScriptedLlm;
import io.reasonrank.testing.SharedData;
import io.reasonrank.text.Sha256;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The answer parser and the scripted LLM double checked directly against the reference's traces,
 * independently of prompt building.
 */
class ScriptedGoldenParsingTest {

  /** Each of the 774 scripted responses parses to the reference's {@code _clean_response} text and permutation. */
  @ParameterizedTest
  @EnumSource(value = PromptMode.class, names = {"RANK_GPT_REASONING", "RANK_GPT"})
  void parserReproducesEveryTracedPermutation(PromptMode mode) {
    List<String> bad = new ArrayList<>();
    for (ScriptedTraces.Call c : ScriptedTraces.read(mode)) {
      ParsedAnswer a = AnswerParser.parse(c.response(), c.end() - c.start(), mode.usesThinkAnswerPattern());
      if (!a.cleaned().equals(c.cleaned()) || !a.permutation().equals(c.permutation())) {
        bad.add(c.key() + " fault " + c.fault() + ": " + a + " vs " + c.permutation());
      }
      List<String> after = a.permutation().stream().map(c.docidsBefore()::get).toList();
      if (!after.equals(c.docidsAfter())) bad.add(c.key() + ": docids after differ");
    }
    assertThat(bad).isEmpty();
  }

  /**
   * The scripted LLM on the reference's own prompts: the first window [80,100) of each DL19 query sees the
   * initial order in both the window-prompt golden and the scripted run, so its golden prompt must hash to
   * the traced sha256 and get the traced response.
   */
  @Test
  void scriptedLlmAnswersTheReferencePromptsLikeTheReference() {
    Map<String, ScriptedTraces.Call> traced = new HashMap<>();
    for (ScriptedTraces.Call c : ScriptedTraces.read(PromptMode.RANK_GPT_REASONING)) traced.put(c.key(), c);
    ScriptedLlm llm = new ScriptedLlm();
    int[] checked = {0};
    JsonLines.forEach(SharedData.path("golden/window_prompts_dl19.jsonl.gz"), (n, line) -> {
      String key = n.get("qid").asText() + " [" + n.get("window").get(0).asInt() + "," + n.get("window").get(1).asInt() + ")";
      if (!n.get("mode").asText().equals("rank_GPT_reasoning") || n.get("window").get(0).asInt() != 80) return;
      ScriptedTraces.Call c = traced.get(key);
      String prompt = n.get("prompt").asText();
      assertThat(Sha256.hex(prompt)).as(key).isEqualTo(c.promptSha256());
      assertThat(ScriptedLlm.faultMode(prompt)).as(key).isEqualTo(c.fault());
      assertThat(llm.apply(prompt)).as(key).isEqualTo(c.response());
      checked[0]++;
    });
    assertThat(checked[0]).isEqualTo(43);
  }
}
