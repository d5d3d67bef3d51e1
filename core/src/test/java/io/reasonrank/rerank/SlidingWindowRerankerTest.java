package io.reasonrank.rerank;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reasonrank.llm.LlmRequest;
import io.reasonrank.model.Candidate;
import io.reasonrank.model.Document;
import io.reasonrank.model.Query;
import io.reasonrank.model.RerankRequest;
import io.reasonrank.prompt.ParsePath;
import io.reasonrank.prompt.PromptMode;
import io.reasonrank.testing.CodePointTokenizer;
import io.reasonrank.testing.ScriptedLlm;
import io.reasonrank.testing.ScriptedLlmBackend;
import io.reasonrank.text.Sha256;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SlidingWindowRerankerTest {

  /** Candidates d1..dn with first-stage scores n..1 and texts that mention their rank. */
  private static RerankRequest request(String qid, int n) {
    List<Candidate> c = new ArrayList<>();
    for (int i = 1; i <= n; i++) c.add(new Candidate(Document.of("d" + i, "passage number " + i), n - i + 1));
    return new RerankRequest(new Query(qid, "which passage"), c);
  }

  /** Answers every window by reversing it. */
  private static String reverse(String prompt) {
    int n = Integer.parseInt(prompt.replaceAll("(?s).*I will provide you with (\\d+) passages.*", "$1"));
    return "<think>r</think><answer>" + IntStream.rangeClosed(1, n).map(i -> n + 1 - i).mapToObj(i -> "[" + i + "]")
        .collect(Collectors.joining(" > ")) + "</answer>";
  }

  private static SlidingWindowReranker.Builder builder(ScriptedLlmBackend backend) {
    return SlidingWindowReranker.builder(backend).tokenizer(new CodePointTokenizer()).maxPassageTokens(100);
  }

  @Test
  void appliesPermutationsWithPositionalScores() {
    RerankResult r = builder(new ScriptedLlmBackend(SlidingWindowRerankerTest::reverse)).build().rerank(request("q", 10));
    assertThat(r.qid()).isEqualTo("q");
    assertThat(r.ranked()).extracting(Candidate::docid)
        .containsExactly("d10", "d9", "d8", "d7", "d6", "d5", "d4", "d3", "d2", "d1");
    assertThat(r.ranked()).extracting(Candidate::score).containsExactly(10.0, 9.0, 8.0, 7.0, 6.0, 5.0, 4.0, 3.0, 2.0, 1.0);
    WindowTrace w = r.windows().getFirst();
    assertThat(w.start()).isZero();
    assertThat(w.end()).isEqualTo(10);
    assertThat(w.parsePath()).isEqualTo(ParsePath.PATTERN.name());
    assertThat(w.permutation()).containsExactly(9, 8, 7, 6, 5, 4, 3, 2, 1, 0);
    assertThat(w.failed()).isFalse();
    assertThat(w.promptTokens()).as("counted locally when the backend reports none").isPositive();
  }

  @Test
  void windowsSlideBackToFrontOverTheCurrentOrder() {
    ScriptedLlmBackend backend = new ScriptedLlmBackend(SlidingWindowRerankerTest::reverse);
    RerankResult r = builder(backend).build().rerank(request("q", 30));
    assertThat(r.windows()).extracting(WindowTrace::start, WindowTrace::end)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(10, 30), org.assertj.core.groups.Tuple.tuple(0, 20));
    // window [10,30) reversed d11..d30, so window [0,20) saw d1..d10 then d30..d21
    assertThat(r.windows().get(1).docidsBefore().subList(9, 12)).containsExactly("d10", "d30", "d29");
    List<LlmRequest> sent = backend.requests();
    assertThat(sent).hasSize(2);
    assertThat(r.windows().get(0).promptSha256()).isEqualTo(Sha256.hex(sent.get(0).prompt()));
    assertThat(r.ranked()).extracting(Candidate::score).isSortedAccordingTo((a, b) -> Double.compare(b, a));
  }

  @Test
  void failedCallLeavesWindowInOrderAndTheQueryGoesOn() {
    // fail the second call only (the top window [0,20))
    AtomicInteger calls = new AtomicInteger();
    ScriptedLlmBackend backend = new ScriptedLlmBackend(SlidingWindowRerankerTest::reverse, p -> calls.incrementAndGet() == 2);
    RerankResult r = builder(backend).build().rerank(request("q", 30));
    assertThat(r.windows()).hasSize(2);
    assertThat(r.failedWindows()).isEqualTo(1);
    WindowTrace failed = r.windows().get(1);
    assertThat(failed.failed()).isTrue();
    assertThat(failed.error()).isEqualTo("scripted failure");
    assertThat(failed.parsePath()).isEqualTo(SlidingWindowReranker.FAILED_PATH);
    assertThat(failed.permutation()).containsExactlyElementsOf(IntStream.range(0, 20).boxed().toList());
    assertThat(r.ranked().subList(0, 11)).extracting(Candidate::docid)
        .containsExactly("d1", "d2", "d3", "d4", "d5", "d6", "d7", "d8", "d9", "d10", "d30");
  }

  @Test
  void otherExceptionsAreBugsAndPropagate() {
    ScriptedLlmBackend backend = new ScriptedLlmBackend(p -> { throw new IllegalStateException("boom"); });
    assertThatThrownBy(() -> builder(backend).build().rerank(request("q", 5))).hasMessage("boom");
  }

  @Test
  void byNewRankScoresFollowTheFinalOrderWithoutTies() {
    RerankResult r = builder(new ScriptedLlmBackend(SlidingWindowRerankerTest::reverse)).scoreMode(ScoreMode.BY_NEW_RANK).build()
        .rerank(request("q", 4));
    assertThat(r.ranked()).extracting(Candidate::docid).containsExactly("d4", "d3", "d2", "d1");
    assertThat(r.ranked()).extracting(Candidate::score).containsExactly(4.0, 3.0, 2.0, 1.0);
  }

  @Test
  void candidatesBelowTopKAreUntouchedAndListenerSeesEveryWindow() {
    List<WindowTrace> seen = new ArrayList<>();
    RerankResult r = builder(new ScriptedLlmBackend(SlidingWindowRerankerTest::reverse)).topK(20).onWindow(seen::add).build()
        .rerank(request("q", 25));
    assertThat(seen).containsExactlyElementsOf(r.windows()).hasSize(1);
    assertThat(r.ranked().subList(20, 25)).extracting(Candidate::docid).containsExactly("d21", "d22", "d23", "d24", "d25");
    assertThat(r.ranked().getFirst().docid()).isEqualTo("d20");
  }

  @Test
  void builderNamesMissingSettingsAndValidatesWindows() {
    ScriptedLlmBackend b = ScriptedLlmBackend.scripted();
    assertThatThrownBy(() -> SlidingWindowReranker.builder(b).maxPassageTokens(100).build()).hasMessage("tokenizer is required");
    assertThatThrownBy(() -> SlidingWindowReranker.builder(b).tokenizer(new CodePointTokenizer()).build())
        .hasMessage("maxPassageTokens is required (100 for TREC/BEIR, 512 for BRIGHT/R2MED)");
    assertThatThrownBy(() -> builder(b).windowSize(5).step(6).build())
        .hasMessage("step must not exceed the window size (5), got 6: passages between windows would never be ranked");
    SlidingWindowReranker r = builder(b).mode(PromptMode.RANK_GPT).windowSize(10).step(5).topK(50).passes(2).build();
    assertThat(r.settings()).isEqualTo(new WindowSettings(10, 5, 50, 2));
    assertThat(r.translator().mode()).isEqualTo(PromptMode.RANK_GPT);
    assertThat(r.scoreMode()).isEqualTo(ScoreMode.POSITIONAL);
  }

  @Test
  void isSafeToShareBetweenThreads() {
    SlidingWindowReranker reranker = builder(new ScriptedLlmBackend(new ScriptedLlm())).build();
    List<RerankRequest> requests = IntStream.range(0, 24).mapToObj(i -> request("q" + i, 40 + i)).toList();
    List<List<String>> sequential = requests.stream().map(q -> reranker.rerank(q).ranked().stream().map(Candidate::docid).toList()).toList();
    List<List<String>> parallel = requests.parallelStream().map(q -> reranker.rerank(q).ranked().stream().map(Candidate::docid).toList()).toList();
    assertThat(parallel).isEqualTo(sequential);
  }
}
