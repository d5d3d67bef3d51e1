package io.reasonrank.rerank;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reasonrank.model.Candidate;
import io.reasonrank.model.Query;
import io.reasonrank.model.RerankRequest;
import io.reasonrank.prompt.PromptMode;
import io.reasonrank.testing.CodePointTokenizer;
import io.reasonrank.testing.ScriptedLlm;
import io.reasonrank.testing.ScriptedLlmBackend;
import java.util.List;
import java.util.stream.IntStream;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

class FullListRerankerTest {

  private static FullListReranker.Builder builder(ScriptedLlmBackend backend) {
    return FullListReranker.builder(backend).tokenizer(new CodePointTokenizer()).maxPassageTokens(100);
  }

  @Test
  void oneCallRanksTheWholeTopK() {
    ScriptedLlmBackend backend = new ScriptedLlmBackend(new GradeOrderLlm());
    RerankResult r = builder(backend).build().rerank(TopDownRerankerTest.request(120, i -> i <= 100 ? i : 0));
    assertThat(backend.requests()).hasSize(1);
    assertThat(GradeOrderLlm.windowSize(backend.requests().getFirst().prompt())).isEqualTo(100);
    assertThat(r.windows()).extracting(WindowTrace::start, WindowTrace::end).containsExactly(Tuple.tuple(0, 100));
    assertThat(r.ranked()).extracting(Candidate::docid).startsWith("d100", "d99").containsSubsequence("d2", "d1", "d101", "d120");
    assertThat(r.ranked()).extracting(Candidate::score).isSortedAccordingTo((a, b) -> Double.compare(b, a));
    assertThat(r.windows().getFirst().permutation()).startsWith(99, 98).endsWith(0);
  }

  @Test
  void equalsTheSlidingWindowWithWindowAndStepAtTopK() {
    RerankRequest q = TopDownRerankerTest.request(60, i -> (i * 37) % 11);
    ScriptedLlmBackend a = ScriptedLlmBackend.scripted();
    ScriptedLlmBackend b = ScriptedLlmBackend.scripted();
    RerankResult full = builder(a).topK(50).build().rerank(q);
    RerankResult sliding = SlidingWindowReranker.builder(b).tokenizer(new CodePointTokenizer()).maxPassageTokens(100)
        .settings(new WindowSettings(50, 50, 50, 1)).build().rerank(q);
    assertThat(full.ranked()).isEqualTo(sliding.ranked());
    assertThat(full.windows()).hasSize(1).usingRecursiveFieldByFieldElementComparatorIgnoringFields("millis")
        .containsExactlyElementsOf(sliding.windows());
    assertThat(full.windows().getFirst().promptSha256()).isEqualTo(sliding.windows().getFirst().promptSha256());
  }

  @Test
  void aFailedCallLeavesTheListInInputOrder() {
    ScriptedLlmBackend backend = new ScriptedLlmBackend(new ScriptedLlm(), p -> true);
    RerankRequest q = TopDownRerankerTest.request(30, i -> i);
    RerankResult r = builder(backend).build().rerank(q);
    assertThat(r.failedWindows()).isEqualTo(1);
    assertThat(r.windows().getFirst().error()).isEqualTo("scripted failure");
    assertThat(r.windows().getFirst().permutation()).containsExactlyElementsOf(IntStream.range(0, 30).boxed().toList());
    assertThat(r.ranked()).isEqualTo(q.candidates());
  }

  @Test
  void emptyListMakesNoCallAndScoresFollowTheMode() {
    ScriptedLlmBackend backend = new ScriptedLlmBackend(new GradeOrderLlm());
    assertThat(builder(backend).build().rerank(new RerankRequest(new Query("q", "x"), List.of())).windows()).isEmpty();
    assertThat(backend.requests()).isEmpty();
    RerankResult r = builder(backend).scoreMode(ScoreMode.BY_NEW_RANK).topK(3).build().rerank(TopDownRerankerTest.request(4, i -> i));
    assertThat(r.ranked()).extracting(Candidate::docid, Candidate::score)
        .containsExactly(Tuple.tuple("d3", 4.0), Tuple.tuple("d2", 3.0), Tuple.tuple("d1", 2.0), Tuple.tuple("d4", 1.0));
  }

  @Test
  void builderValidates() {
    ScriptedLlmBackend b = ScriptedLlmBackend.scripted();
    assertThatThrownBy(() -> FullListReranker.builder(b).maxPassageTokens(100).build()).hasMessage("tokenizer is required");
    assertThatThrownBy(() -> FullListReranker.builder(b).tokenizer(new CodePointTokenizer()).build())
        .hasMessage("maxPassageTokens is required (100 for TREC/BEIR, 512 for BRIGHT/R2MED)");
    assertThatThrownBy(() -> builder(b).topK(0).build()).hasMessage("top must be >= 1, got 0");
    FullListReranker r = builder(b).mode(PromptMode.RANK_GPT_QWEN3).topK(40).build();
    assertThat(r.topK()).isEqualTo(40);
    assertThat(r.translator().mode()).isEqualTo(PromptMode.RANK_GPT_QWEN3);
    assertThat(r.scoreMode()).isEqualTo(ScoreMode.POSITIONAL);
  }
}
