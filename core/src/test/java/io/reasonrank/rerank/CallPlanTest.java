package io.reasonrank.rerank;

import static org.assertj.core.api.Assertions.assertThat;

import io.reasonrank.llm.Completion;
import io.reasonrank.llm.LlmBackend;
import io.reasonrank.llm.LlmRequest;
import io.reasonrank.model.Candidate;
import io.reasonrank.model.RerankRequest;
import io.reasonrank.rerank.pointwise.PointwiseReranker;
import io.reasonrank.testing.CodePointTokenizer;
import io.reasonrank.testing.ScriptedLlm;
import io.reasonrank.testing.ScriptedLlmBackend;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each strategy's {@link Reranker#callPlan} against the calls it actually makes on scripted runs: the same calls
 * (count, and each call's number of passages) for the sliding window, the full list and pointwise; no more than
 * planned for top-down, whatever the answers.
 */
class CallPlanTest {
  private static final CodePointTokenizer TOK = new CodePointTokenizer();

  private static List<Integer> sizes(CallPlan plan) {
    return plan.calls().stream().map(List::size).toList();
  }

  private static List<Integer> windowSizes(ScriptedLlmBackend b) {
    return b.requests().stream().map(r -> GradeOrderLlm.windowSize(r.prompt())).toList();
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 7, 20, 21, 35, 100, 130})
  void slidingWindowPlansExactlyTheWindowsItSends(int n) {
    ScriptedLlmBackend b = new ScriptedLlmBackend(new ScriptedLlm());
    SlidingWindowReranker r = SlidingWindowReranker.builder(b).tokenizer(TOK).maxPassageTokens(100).build();
    RerankRequest req = TopDownRerankerTest.request(n, i -> i % 7);
    CallPlan plan = r.callPlan(req.candidates());
    RerankResult result = r.rerank(req);
    assertThat(plan.bound()).isEqualTo(CallPlan.Bound.EXACT);
    assertThat(plan.size()).isEqualTo(b.requests().size()).isEqualTo(result.windows().size());
    assertThat(sizes(plan)).isEqualTo(windowSizes(b));
    // the first window sent is the first planned, passage for passage
    if (n > 0) {
      assertThat(result.windows().getFirst().docidsBefore())
          .isEqualTo(plan.calls().getFirst().stream().map(Candidate::docid).toList());
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 20, 100, 130})
  void fullListPlansOneCallOverTheTop(int n) {
    ScriptedLlmBackend b = new ScriptedLlmBackend(new ScriptedLlm());
    FullListReranker r = FullListReranker.builder(b).tokenizer(TOK).maxPassageTokens(100).build();
    RerankRequest req = TopDownRerankerTest.request(n, i -> i % 7);
    CallPlan plan = r.callPlan(req.candidates());
    r.rerank(req);
    assertThat(plan.bound()).isEqualTo(CallPlan.Bound.EXACT);
    assertThat(sizes(plan)).isEqualTo(windowSizes(b));
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 19, 20, 21, 39, 40, 100, 130})
  void topDownNeverCallsMoreThanPlanned(int n) {
    // answers of every kind: first stage right, passages that beat the pivot late, reversed, and the faulty scripted LLM
    for (java.util.function.IntUnaryOperator grade : List.<java.util.function.IntUnaryOperator>of(
        i -> 1000 - i, i -> i == 25 || i == 60 || i == 99 ? 2000 + i : 1000 - i, i -> i, i -> i % 5)) {
      ScriptedLlmBackend b = new ScriptedLlmBackend(new GradeOrderLlm());
      TopDownReranker r = TopDownReranker.builder(b).tokenizer(TOK).maxPassageTokens(100).build();
      RerankRequest req = TopDownRerankerTest.request(n, grade);
      CallPlan plan = r.callPlan(req.candidates());
      r.rerank(req);
      assertThat(plan.bound()).isEqualTo(CallPlan.Bound.UPPER_BOUND);
      assertThat(plan.size()).isGreaterThanOrEqualTo(b.requests().size());
      assertThat(plan.calls()).allSatisfy(c -> assertThat(c.size()).isLessThanOrEqualTo(20));
    }
    ScriptedLlmBackend faulty = new ScriptedLlmBackend(new ScriptedLlm());
    TopDownReranker r = TopDownReranker.builder(faulty).tokenizer(TOK).maxPassageTokens(100).build();
    RerankRequest req = TopDownRerankerTest.request(n, i -> i % 3);
    assertThat(r.callPlan(req.candidates()).size()).isGreaterThanOrEqualTo(r.rerank(req).windows().size());
  }

  @Test
  void topDownWorstCaseWithTheDefaultsIsSevenCalls() {
    TopDownReranker r = TopDownReranker.builder(new ScriptedLlmBackend(new ScriptedLlm())).tokenizer(TOK).maxPassageTokens(100).build();
    CallPlan plan = r.callPlan(TopDownRerankerTest.request(100, i -> i).candidates());
    assertThat(sizes(plan)).containsExactly(20, 20, 20, 20, 20, 5, 20);
    assertThat(plan.calls().get(1).getFirst().docid()).as("the pivot leads each partition call").isEqualTo("d10");
    // a round that beats the pivot twice and needs a second sort reaches 7 of the 7 planned
    ScriptedLlmBackend b = new ScriptedLlmBackend(new GradeOrderLlm());
    TopDownReranker.builder(b).tokenizer(TOK).maxPassageTokens(100).build()
        .rerank(TopDownRerankerTest.request(100, i -> i == 25 ? 2000 : i == 60 ? 1999 : 1000 - i));
    assertThat(b.requests()).hasSize(plan.size());
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 5, 30})
  void pointwisePlansOneCallPerCandidateOfTheTop(int n) {
    List<LlmRequest> seen = new CopyOnWriteArrayList<>();
    LlmBackend judging = new LlmBackend() {
      @Override
      public Completion complete(LlmRequest request) {
        seen.add(request);
        return new Completion("reasoning.\n", 10, 4, "stop",
            List.of(Map.of("reasoning", -0.1), Map.of(" true", Math.log(0.7), " false", Math.log(0.3))));
      }

      @Override
      public String model() {
        return "judging";
      }
    };
    PointwiseReranker r = PointwiseReranker.builder().backend(judging).topK(20).tokenizer(TOK).maxPassageTokens(100).build();
    RerankRequest req = TopDownRerankerTest.request(n, i -> i);
    CallPlan plan = r.callPlan(req.candidates());
    r.rerank(req);
    assertThat(plan.size()).isEqualTo(seen.size()).isEqualTo(Math.min(20, n));
    assertThat(plan.calls()).allSatisfy(c -> assertThat(c).hasSize(1));
  }
}
