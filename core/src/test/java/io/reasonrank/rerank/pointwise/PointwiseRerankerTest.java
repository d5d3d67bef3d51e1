package io.reasonrank.rerank.pointwise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reasonrank.llm.Completion;
import io.reasonrank.llm.LlmBackend;
import io.reasonrank.llm.LlmException;
import io.reasonrank.llm.LlmRequest;
import io.reasonrank.model.Candidate;
import io.reasonrank.model.Document;
import io.reasonrank.model.Query;
import io.reasonrank.model.RerankRequest;
import io.reasonrank.rerank.RerankResult;
import io.reasonrank.rerank.WindowTrace;
import io.reasonrank.text.Sha256;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class PointwiseRerankerTest {

  /** Test double: answers each prompt with a function of the passage text; records requests and concurrency. */
  static final class FunctionBackend implements LlmBackend {
    final Function<LlmRequest, Completion> answer;
    final List<LlmRequest> requests = new CopyOnWriteArrayList<>();
    final AtomicInteger inFlight = new AtomicInteger();
    final AtomicInteger maxInFlight = new AtomicInteger();
    final int capacity;

    FunctionBackend(int capacity, Function<LlmRequest, Completion> answer) {
      this.capacity = capacity;
      this.answer = answer;
    }

    @Override
    public Completion complete(LlmRequest request) {
      requests.add(request);
      maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
      try {
        Thread.sleep(5);
        return answer.apply(request);
      } catch (InterruptedException e) {
        throw new LlmException("interrupted", false, e);
      } finally {
        inFlight.decrementAndGet();
      }
    }

    @Override
    public String model() {
      return "function-double";
    }

    @Override
    public int capacity() {
      return capacity;
    }
  }

  /** The passage of a Rank1 prompt. */
  static String passage(String prompt) {
    int start = prompt.indexOf("\nPassage: ") + "\nPassage: ".length();
    return prompt.substring(start, prompt.lastIndexOf("\n<think>"));
  }

  /** A completion whose last position gives relevance p (passage texts are "p=0.7" etc.). */
  static Completion judged(double p, int promptTokens) {
    return new Completion("reasoning.\n", promptTokens, 4, "stop",
        List.of(Map.of("reasoning", -0.1), Map.of(" true", Math.log(p), " false", Math.log1p(-p))));
  }

  static RerankRequest request(String... passages) {
    List<Candidate> cands = new ArrayList<>();
    for (int i = 0; i < passages.length; i++) cands.add(new Candidate(Document.of("d" + i, passages[i]), 100 - i));
    return new RerankRequest(new Query("q1", "the query"), cands);
  }

  static double pOf(String prompt) {
    return Double.parseDouble(passage(prompt).substring(2));
  }

  @Test
  void ordersByRelevanceWithTiesByOriginalRank() {
    FunctionBackend b = new FunctionBackend(4, r -> judged(pOf(r.prompt()), 7));
    RerankResult res = PointwiseReranker.builder().backend(b).build()
        .rerank(request("p=0.2", "p=0.9", "p=0.5", "p=0.9", "p=0.7"));
    assertThat(res.ranked()).extracting(Candidate::docid).containsExactly("d1", "d3", "d4", "d2", "d0");
    assertThat(res.ranked().get(0).score()).isCloseTo(0.9, org.assertj.core.api.Assertions.within(1e-12));
    assertThat(res.ranked()).extracting(Candidate::score).isSortedAccordingTo((x, y) -> Double.compare(y, x));
    assertThat(res.qid()).isEqualTo("q1");
    assertThat(res.windows()).hasSize(5);
    assertThat(res.windows()).extracting(WindowTrace::start).containsExactly(0, 1, 2, 3, 4);
    assertThat(res.windows()).extracting(WindowTrace::parsePath).containsOnly("logprobs");
    WindowTrace t = res.windows().get(1);
    assertThat(t.end()).isEqualTo(2);
    assertThat(t.docidsBefore()).containsExactly("d1");
    assertThat(t.permutation()).containsExactly(0);
    assertThat(t.failed()).isFalse();
    assertThat(t.promptSha256()).isEqualTo(Sha256.hex(Rank1Prompt.build("the query", "p=0.9")));
    assertThat(b.requests).allSatisfy(r -> assertThat(r.sampling()).isEqualTo(Rank1Prompt.SAMPLING));
  }

  @Test
  void onlyTheTopKAreJudgedAndTheRestFollowInOrderBelowEveryRelevance() {
    FunctionBackend b = new FunctionBackend(2, r -> judged(pOf(r.prompt()), 7));
    RerankResult res = PointwiseReranker.builder().backend(b).topK(2).build()
        .rerank(request("p=0.1", "p=0.8", "p=0.99", "p=0.95"));
    assertThat(b.requests).hasSize(2);
    assertThat(res.ranked()).extracting(Candidate::docid).containsExactly("d1", "d0", "d2", "d3");
    assertThat(res.ranked()).extracting(Candidate::score).endsWith(-1.0, -2.0);
  }

  @Test
  void callsRunConcurrentlyUpToTheLimit() {
    FunctionBackend b = new FunctionBackend(64, r -> judged(0.5, 1));
    String[] ps = new String[40];
    java.util.Arrays.fill(ps, "p=0.5");
    PointwiseReranker r = PointwiseReranker.builder().backend(b).concurrency(3).build();
    assertThat(r.concurrency()).isEqualTo(3);
    r.rerank(request(ps));
    assertThat(b.requests).hasSize(40);
    assertThat(b.maxInFlight.get()).isBetween(2, 3);
    assertThat(PointwiseReranker.builder().backend(new FunctionBackend(5, x -> null)).build().concurrency()).isEqualTo(5);
  }

  @Test
  void aFailedCallIsNeutralFlaggedAndTheRunContinues() {
    FunctionBackend b = new FunctionBackend(4, r -> {
      if (passage(r.prompt()).equals("p=0.6")) throw new LlmException("POST x failed after 6 attempts, last: HTTP 500", true);
      return judged(pOf(r.prompt()), 7);
    });
    RerankResult res = PointwiseReranker.builder().backend(b).build()
        .rerank(request("p=0.4", "p=0.5", "p=0.6", "p=0.5", "p=0.9"));
    // d2 failed: neutral 0.5, among the other 0.5s by original rank
    assertThat(res.ranked()).extracting(Candidate::docid).containsExactly("d4", "d1", "d2", "d3", "d0");
    assertThat(res.failedWindows()).isEqualTo(1);
    WindowTrace failed = res.windows().get(2);
    assertThat(failed.failed()).isTrue();
    assertThat(failed.parsePath()).isEqualTo("failed");
    assertThat(failed.error()).isEqualTo("POST x failed after 6 attempts, last: HTTP 500");
    assertThat(failed.promptTokens()).isZero();
    // ties are written one run-file step apart, so a re-sort by score keeps this order
    assertThat(res.ranked()).extracting(c -> io.reasonrank.format.TrecRuns.formatScore(c.score()))
        .containsExactly("0.900000", "0.500000", "0.499999", "0.499998", "0.400000");
    PointwiseReranker.Usage u = PointwiseReranker.usage(res);
    assertThat(u).isEqualTo(new PointwiseReranker.Usage(5, 28, 16, 1));
  }

  @Test
  void unreadableJudgmentsKeepFirstStageOrderUnderTrecEvalsTieRule() throws Exception {
    // every answer unreadable: all 0.5; docids ascending in first-stage order, so trec_eval's tie rule
    // (docid descending) would reverse them if the scores printed equal
    FunctionBackend b = new FunctionBackend(4, r -> new io.reasonrank.llm.Completion("no judgment here", 5, 3, "stop"));
    RerankResult res = PointwiseReranker.builder().backend(b).forcedJudgment(false).build()
        .rerank(request("a", "b", "c", "d", "e"));
    assertThat(res.windows()).extracting(WindowTrace::parsePath).containsOnly("neutral");
    StringBuilder run = new StringBuilder();
    io.reasonrank.rerank.RerankRunWriter.write(run, res, 100, "t");
    List<io.reasonrank.model.ScoredDoc> printed = new ArrayList<>();
    for (String line : run.toString().split("\n")) {
      String[] f = line.split(" ");
      printed.add(new io.reasonrank.model.ScoredDoc(f[2], Double.parseDouble(f[4])));
    }
    assertThat(io.reasonrank.eval.TrecOrder.sort(printed, io.reasonrank.eval.TrecOrder.ScorePrecision.FLOAT))
        .extracting(io.reasonrank.model.ScoredDoc::docid).containsExactly("d0", "d1", "d2", "d3", "d4");
  }

  @Test
  void incompleteGenerationGetsRank1sForcedJudgmentCall() {
    FunctionBackend b = new FunctionBackend(4, r -> {
      if (r.prompt().endsWith("\n</think>")) {
        return new Completion(" false", 50, 1, "length", List.of(Map.of(" false", -0.5, " true", -1.5)));
      }
      return new Completion("The passage is long. It keeps going and", 20, 8192, "length",
          List.of(Map.of("The", -0.1), Map.of(" and", -0.3)));
    });
    RerankResult res = PointwiseReranker.builder().backend(b).build().rerank(request("only one"));
    assertThat(b.requests).hasSize(2);
    LlmRequest forced = b.requests.get(1);
    assertThat(forced.prompt()).isEqualTo(Rank1Prompt.build("the query", "only one") + "\nThe passage is long.\n</think>");
    assertThat(forced.sampling()).isEqualTo(Rank1Prompt.FORCED_SAMPLING);
    assertThat(res.windows()).extracting(WindowTrace::parsePath).containsExactly("incomplete", "forced-logprobs");
    assertThat(res.windows()).extracting(WindowTrace::start).containsExactly(0, 0);
    assertThat(res.ranked().get(0).score()).isCloseTo(1 / (1 + Math.exp(1.0)), org.assertj.core.api.Assertions.within(1e-15));
    assertThat(PointwiseReranker.usage(res)).isEqualTo(new PointwiseReranker.Usage(2, 70, 8193, 0));

    FunctionBackend noForce = new FunctionBackend(1, b.answer);
    RerankResult plain = PointwiseReranker.builder().backend(noForce).forcedJudgment(false).build().rerank(request("x"));
    assertThat(noForce.requests).hasSize(1);
    assertThat(plain.windows()).extracting(WindowTrace::parsePath).containsExactly("neutral");
  }

  @Test
  void passagesAreCutOnlyWithATokenizer() {
    FunctionBackend b = new FunctionBackend(1, r -> judged(0.5, 1));
    io.reasonrank.prompt.PassageTokenizer chars = new io.reasonrank.prompt.PassageTokenizer() {
      @Override
      public String truncate(String text, int maxTokens) {
        return text.substring(0, Math.min(maxTokens, text.length()));
      }

      @Override
      public int countTokens(String text) {
        return text.length();
      }
    };
    PointwiseReranker.builder().backend(b).tokenizer(chars).maxPassageTokens(3).build().rerank(request("abcdef"));
    assertThat(passage(b.requests.getFirst().prompt())).isEqualTo("abc");
    assertThatThrownBy(() -> PointwiseReranker.builder().backend(b).maxPassageTokens(3).build())
        .hasMessage("maxPassageTokens and tokenizer must be set together");
    assertThatThrownBy(() -> PointwiseReranker.builder().build()).hasMessage("backend is required");
    assertThatThrownBy(() -> PointwiseReranker.builder().topK(0)).hasMessage("topK must be >= 1, got 0");
    assertThatThrownBy(() -> PointwiseReranker.builder().concurrency(0)).hasMessage("concurrency must be >= 1, got 0");
  }
}
