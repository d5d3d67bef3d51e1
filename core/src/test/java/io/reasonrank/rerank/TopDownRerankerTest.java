package io.reasonrank.rerank;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reasonrank.model.Candidate;
import io.reasonrank.model.Document;
import io.reasonrank.model.Query;
import io.reasonrank.model.RerankRequest;
import io.reasonrank.prompt.PromptMode;
import io.reasonrank.testing.CodePointTokenizer;
import io.reasonrank.testing.ScriptedLlmBackend;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntUnaryOperator;
import java.util.stream.IntStream;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

/**
 * Top-down partitioning with the {@link GradeOrderLlm} double, whose every decision is known, so the pivots,
 * partitions, backfill and number of calls below are derived by hand from the algorithm (window 20, cutoff 10,
 * budget 20 unless a test says otherwise).
 */
class TopDownRerankerTest {

  /** Candidates d1..dn with first-stage scores n..1; {@code grade.applyAsInt(i)} is d_i's true relevance. */
  static RerankRequest request(int n, IntUnaryOperator grade) {
    List<Candidate> c = new ArrayList<>();
    for (int i = 1; i <= n; i++) c.add(new Candidate(Document.of("d" + i, "doc " + i + " grade " + grade.applyAsInt(i)), n - i + 1));
    return new RerankRequest(new Query("q", "which passage"), c);
  }

  private static List<String> ids(int from, int to) {
    int step = from <= to ? 1 : -1;
    List<String> out = new ArrayList<>();
    for (int i = from; i != to + step; i += step) out.add("d" + i);
    return out;
  }

  @SafeVarargs
  private static List<String> concat(List<String>... parts) {
    List<String> out = new ArrayList<>();
    for (List<String> p : parts) out.addAll(p);
    return out;
  }

  private static TopDownReranker.Builder builder(ScriptedLlmBackend backend) {
    return TopDownReranker.builder(backend).tokenizer(new CodePointTokenizer()).maxPassageTokens(100);
  }

  private static List<Integer> windowSizes(ScriptedLlmBackend backend) {
    return backend.requests().stream().map(r -> GradeOrderLlm.windowSize(r.prompt())).toList();
  }

  @Test
  void firstStageAlreadyRightCostsTheSortAndFivePartitionCalls() {
    ScriptedLlmBackend backend = new ScriptedLlmBackend(new GradeOrderLlm());
    RerankResult r = builder(backend).build().rerank(request(100, i -> 1000 - i));
    // sort d1..d20, pivot d10; d21..d100 in windows of 19 + pivot: 19, 19, 19, 19, 4; nothing beats d10
    assertThat(windowSizes(backend)).containsExactly(20, 20, 20, 20, 20, 5);
    assertThat(r.windows()).extracting(WindowTrace::start, WindowTrace::end).containsExactly(
        Tuple.tuple(0, 20), Tuple.tuple(20, 39), Tuple.tuple(39, 58), Tuple.tuple(58, 77), Tuple.tuple(77, 96), Tuple.tuple(96, 100));
    assertThat(r.windows().get(1).docidsBefore()).hasSize(20).startsWith("d10", "d21").endsWith("d39");
    assertThat(r.windows().get(5).docidsBefore()).containsExactly("d10", "d97", "d98", "d99", "d100");
    assertThat(r.ranked()).extracting(Candidate::docid).containsExactlyElementsOf(ids(1, 100));
    assertThat(r.ranked()).extracting(Candidate::score).isSortedAccordingTo((a, b) -> Double.compare(b, a));
  }

  @Test
  void passagesThatBeatThePivotAreCollectedAndRankedInASecondRound() {
    // d25 and d60 are the best passages; everything else is in first-stage order
    ScriptedLlmBackend backend = new ScriptedLlmBackend(new GradeOrderLlm());
    RerankResult r = builder(backend).build()
        .rerank(request(100, i -> i == 25 ? 2000 : i == 60 ? 1999 : 1000 - i));
    // round 1: sort, then 5 partition calls (candidates reach only 11 < budget 20); round 2 sorts the 11: 7 calls
    assertThat(windowSizes(backend)).containsExactly(20, 20, 20, 20, 20, 5, 11);
    assertThat(r.windows().get(6).start()).isZero();
    assertThat(r.windows().get(6).docidsBefore()).containsExactlyElementsOf(concat(ids(1, 9), List.of("d25", "d60")));
    // round 2 settles the top; below it round 1's backfill: pivot d10, then the losers in partition order
    List<String> expected = concat(List.of("d25", "d60"), ids(1, 24), ids(26, 59), ids(61, 100));
    assertThat(r.ranked()).extracting(Candidate::docid).containsExactlyElementsOf(expected);
  }

  @Test
  void overBudgetCandidatesArePartitionedAgainAndLaterBackfillGoesFirst() {
    // the reverse of the first-stage order is right: d100 is best
    ScriptedLlmBackend backend = new ScriptedLlmBackend(new GradeOrderLlm());
    RerankResult r = builder(backend).build().rerank(request(100, i -> i));
    // round 1: sort d1..d20 -> d20..d1, pivot d11, candidates d20..d12 (9); the first partition call puts all of
    // d21..d39 above d11, candidates reach 28 >= 20 and the pool is cut to d20..d12 + d39..d29.
    // round 2: sort -> d39..d29, d20..d12, pivot d30, nothing left to partition: top d39..d30 settled.
    assertThat(windowSizes(backend)).containsExactly(20, 20, 20);
    assertThat(r.windows()).extracting(WindowTrace::start, WindowTrace::end)
        .containsExactly(Tuple.tuple(0, 20), Tuple.tuple(20, 39), Tuple.tuple(0, 20));
    List<String> expected = concat(ids(39, 30), List.of("d29"), ids(20, 12), // round 2: top, then its backfill
        ids(28, 21), List.of("d11"), ids(10, 1), ids(40, 100)); // round 1's backfill: over budget, pivot, losers, unseen
    assertThat(r.ranked()).extracting(Candidate::docid).containsExactlyElementsOf(expected);
  }

  @Test
  void shortListsNeedOneSortAndTheTailBelowTopKStays() {
    ScriptedLlmBackend backend = new ScriptedLlmBackend(new GradeOrderLlm());
    RerankResult r = builder(backend).topK(15).build().rerank(request(30, i -> i));
    assertThat(windowSizes(backend)).containsExactly(15);
    assertThat(r.ranked()).extracting(Candidate::docid).containsExactlyElementsOf(concat(ids(15, 1), ids(16, 30)));

    ScriptedLlmBackend none = new ScriptedLlmBackend(new GradeOrderLlm());
    RerankResult empty = builder(none).build().rerank(new RerankRequest(new Query("q", "x"), List.of()));
    assertThat(empty.ranked()).isEmpty();
    assertThat(empty.windows()).isEmpty();
    assertThat(none.requests()).isEmpty();
  }

  @Test
  void aFailedSortTakesThePivotFromTheInputOrder() {
    AtomicInteger calls = new AtomicInteger();
    ScriptedLlmBackend backend = new ScriptedLlmBackend(new GradeOrderLlm(), p -> calls.incrementAndGet() == 1);
    RerankResult r = builder(backend).build().rerank(request(40, i -> i == 35 ? 500 : 100 - i));
    // the sort fails: d1..d20 stay, pivot d10; d21..d39 -> only d35 beats d10; d40 alone -> loses; round 2 sorts 10
    assertThat(r.windows()).extracting(WindowTrace::failed).containsExactly(true, false, false, false);
    assertThat(r.failedWindows()).isEqualTo(1);
    assertThat(r.windows().getFirst().permutation()).containsExactlyElementsOf(IntStream.range(0, 20).boxed().toList());
    assertThat(r.windows().getFirst().parsePath()).isEqualTo(SlidingWindowReranker.FAILED_PATH);
    assertThat(r.windows().get(3).docidsBefore()).containsExactlyElementsOf(concat(ids(1, 9), List.of("d35")));
    assertThat(r.ranked()).extracting(Candidate::docid)
        .containsExactlyElementsOf(concat(List.of("d35"), ids(1, 34), ids(36, 40)));
  }

  @Test
  void aFailedPartitionCallSendsItsPassagesToTheBackfillInInputOrder() {
    AtomicInteger calls = new AtomicInteger();
    ScriptedLlmBackend backend = new ScriptedLlmBackend(new GradeOrderLlm(), p -> calls.incrementAndGet() == 2);
    // d30 would beat the pivot, but its partition call fails
    RerankResult r = builder(backend).build().rerank(request(45, i -> i == 30 ? 500 : i == 42 ? 400 : 100 - i));
    assertThat(r.windows()).extracting(WindowTrace::failed).containsExactly(false, true, false, false);
    WindowTrace failed = r.windows().get(1);
    assertThat(failed.error()).isEqualTo("scripted failure");
    assertThat(failed.docidsBefore()).containsExactlyElementsOf(concat(List.of("d10"), ids(21, 39)));
    // backfill: pivot d10, sort losers d11..d20, failed window d21..d39 as given, then d40, d41, d43..d45
    assertThat(r.ranked()).extracting(Candidate::docid)
        .containsExactlyElementsOf(concat(List.of("d42"), ids(1, 41), ids(43, 45)));
  }

  @Test
  void scoresFollowTheScoreMode() {
    RerankResult positional = builder(new ScriptedLlmBackend(new GradeOrderLlm())).build().rerank(request(5, i -> i));
    assertThat(positional.ranked()).extracting(Candidate::docid).containsExactly("d5", "d4", "d3", "d2", "d1");
    assertThat(positional.ranked()).extracting(Candidate::score).containsExactly(5.0, 4.0, 3.0, 2.0, 1.0);
    RerankResult byRank = builder(new ScriptedLlmBackend(new GradeOrderLlm())).scoreMode(ScoreMode.BY_NEW_RANK).build()
        .rerank(new RerankRequest(new Query("q", "x"), List.of(new Candidate(Document.of("a", "grade 1"), 0.5),
            new Candidate(Document.of("b", "grade 2"), 0.5))));
    assertThat(byRank.ranked()).extracting(Candidate::docid, Candidate::score)
        .containsExactly(Tuple.tuple("b", 2.0), Tuple.tuple("a", 1.0));
  }

  @Test
  void maxIterationsBoundsTheRounds() {
    ScriptedLlmBackend backend = new ScriptedLlmBackend(new GradeOrderLlm());
    RerankResult r = builder(backend).maxIterations(1).build().rerank(request(100, i -> i));
    // only round 1 (2 calls): its pool d20..d12 + d39..d29 is returned as it stands, then its backfill
    assertThat(r.windows()).hasSize(2);
    assertThat(r.ranked()).extracting(Candidate::docid).containsExactlyElementsOf(
        concat(ids(20, 12), ids(39, 21), List.of("d11"), ids(10, 1), ids(40, 100)));
  }

  @Test
  void settingsAreValidatedWithExactMessages() {
    assertThatThrownBy(() -> new TopDownSettings(1, 1, 1, 1, 1))
        .hasMessage("window size must be >= 2 (a pivot and one passage), got 1");
    assertThatThrownBy(() -> new TopDownSettings(20, 20, 20, 100, 100))
        .hasMessage("cutoff must be between 1 and the window size - 1 (19), got 20");
    assertThatThrownBy(() -> new TopDownSettings(20, 0, 20, 100, 100))
        .hasMessage("cutoff must be between 1 and the window size - 1 (19), got 0");
    assertThatThrownBy(() -> new TopDownSettings(20, 10, 9, 100, 100)).hasMessage("budget must be >= the cutoff (10), got 9");
    assertThatThrownBy(() -> new TopDownSettings(20, 10, 20, 0, 100)).hasMessage("top must be >= 1, got 0");
    assertThatThrownBy(() -> new TopDownSettings(20, 10, 20, 100, 0)).hasMessage("max iterations must be >= 1, got 0");
    assertThat(TopDownSettings.DEFAULT.pivotIndex()).isEqualTo(9);
    ScriptedLlmBackend b = ScriptedLlmBackend.scripted();
    assertThatThrownBy(() -> TopDownReranker.builder(b).maxPassageTokens(100).build()).hasMessage("tokenizer is required");
    assertThatThrownBy(() -> TopDownReranker.builder(b).tokenizer(new CodePointTokenizer()).build())
        .hasMessage("maxPassageTokens is required (100 for TREC/BEIR, 512 for BRIGHT/R2MED)");
    assertThatThrownBy(() -> builder(b).cutoff(25).build()).hasMessage("cutoff must be between 1 and the window size - 1 (19), got 25");
    TopDownReranker r = builder(b).mode(PromptMode.RANK_GPT).windowSize(10).cutoff(5).budget(10).topK(50).maxIterations(3).build();
    assertThat(r.settings()).isEqualTo(new TopDownSettings(10, 5, 10, 50, 3));
    assertThat(r.translator().mode()).isEqualTo(PromptMode.RANK_GPT);
    assertThat(r.scoreMode()).isEqualTo(ScoreMode.POSITIONAL);
  }

  @Test
  void listenerSeesEveryCall() {
    List<WindowTrace> seen = new ArrayList<>();
    RerankResult r = builder(new ScriptedLlmBackend(new GradeOrderLlm())).onWindow(seen::add).build().rerank(request(100, i -> i));
    assertThat(seen).containsExactlyElementsOf(r.windows()).hasSize(3);
  }

  @Test
  void isSafeToShareBetweenThreads() {
    TopDownReranker reranker = builder(new ScriptedLlmBackend(new GradeOrderLlm())).build();
    List<RerankRequest> requests = IntStream.range(0, 24).mapToObj(q -> request(60 + q, i -> (i * (q + 7)) % 23)).toList();
    List<List<String>> sequential = requests.stream().map(q -> reranker.rerank(q).ranked().stream().map(Candidate::docid).toList()).toList();
    List<List<String>> parallel = requests.parallelStream().map(q -> reranker.rerank(q).ranked().stream().map(Candidate::docid).toList()).toList();
    assertThat(parallel).isEqualTo(sequential);
  }
}
