package io.reasonrank.rerank.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reasonrank.llm.LlmRequest;
import io.reasonrank.llm.SamplingParams;
import io.reasonrank.model.Query;
import io.reasonrank.model.RerankRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS) // a deadlock fails the test instead of hanging the build
class LockstepBackendTest {

  private static List<RerankRequest> queries(String... qids) {
    List<RerankRequest> out = new ArrayList<>();
    for (String q : qids) out.add(new RerankRequest(new Query(q, "text of " + q), List.of()));
    return out;
  }

  private static int callIndex(String prompt) {
    return Integer.parseInt(prompt.substring(prompt.indexOf('#') + 1));
  }

  /**
   * Queries with 0, 1, 3 and 5 windows, different local work before each call and different call
   * durations: step k must go out only after every active query submitted its k-th call, and start
   * only after every call of step k-1 ended; queries that finish early must not hold anyone up.
   */
  @Test
  void stepsAreBarriersAndEarlyFinishersLeave() throws Exception {
    AtomicLong seq = new AtomicLong();
    Map<String, Integer> calls = Map.of("none", 0, "one", 1, "three", 3, "five", 5);
    ScriptedTimingBackend server = new ScriptedTimingBackend(8,
        prompt -> prompt.startsWith("three") ? 30 : prompt.startsWith("five") ? 5 : 15, List.of(), seq);
    LockstepBackend lockstep = new LockstepBackend(server);
    Map<Integer, List<Long>> submitted = new ConcurrentHashMap<>();
    FixedCallsReranker reranker = new FixedCallsReranker(lockstep, calls::get, (qid, call) -> {
      sleep(qid.equals("five") ? 20 : 1); // local work between calls, longest for the fastest caller
      submitted.computeIfAbsent(call, k -> new java.util.concurrent.CopyOnWriteArrayList<>()).add(seq.incrementAndGet());
    });

    List<QueryOutcome> outcomes =
        RerankScheduler.lockstep(reranker, lockstep, LockstepBatches.all()).run(queries("none", "one", "three", "five"));

    assertThat(outcomes).allMatch(QueryOutcome::succeeded);
    assertThat(outcomes).extracting(o -> o.result().windows().size()).containsExactly(0, 1, 3, 5);
    assertThat(lockstep.stepsCompleted()).isEqualTo(5);
    for (int k = 0; k < 5; k++) {
      int step = k;
      List<ScriptedTimingBackend.Call> ofStep = server.calls.stream().filter(c -> callIndex(c.prompt()) == step).toList();
      int expectedCalls = (int) calls.values().stream().filter(n -> n > step).count();
      assertThat(ofStep).as("calls of step %d", k).hasSize(expectedCalls);
      long lastSubmit = submitted.get(k).stream().mapToLong(Long::longValue).max().orElseThrow();
      long firstStart = ofStep.stream().mapToLong(ScriptedTimingBackend.Call::startSeq).min().orElseThrow();
      assertThat(firstStart).as("step %d starts after all its submissions", k).isGreaterThan(lastSubmit);
      if (k > 0) {
        long prevEnd = server.calls.stream().filter(c -> callIndex(c.prompt()) == step - 1)
            .mapToLong(ScriptedTimingBackend.Call::endSeq).max().orElseThrow();
        assertThat(firstStart).as("step %d starts after step %d ended", k, k - 1).isGreaterThan(prevEnd);
      }
    }
  }

  /** A failing LLM call is answered only at the batch barrier, and a query that throws leaves the batch. */
  @Test
  void failuresNeitherBreakTheBarrierNorDeadlock() throws Exception {
    AtomicLong seq = new AtomicLong();
    ScriptedTimingBackend server = new ScriptedTimingBackend(4,
        prompt -> prompt.equals("slow#1") ? 60 : 2, List.of("fails#1"), seq);
    LockstepBackend lockstep = new LockstepBackend(server);
    FixedCallsReranker inner = new FixedCallsReranker(lockstep, qid -> 4, (qid, call) -> {});
    io.reasonrank.rerank.Reranker reranker = request -> {
      if (request.query().id().equals("throws")) {
        // makes two calls, then dies with an unexpected exception
        new FixedCallsReranker(lockstep, 2).rerank(request);
        throw new IllegalStateException("boom in throws");
      }
      return inner.rerank(request);
    };

    List<QueryOutcome> outcomes =
        RerankScheduler.lockstep(reranker, lockstep, LockstepBatches.all()).run(queries("slow", "fails", "throws"));

    assertThat(outcomes.get(0).succeeded()).isTrue();
    assertThat(outcomes.get(1).result().windows().get(1).failed()).isTrue();
    assertThat(outcomes.get(1).result().windows().get(1).millis()).as("failed call waited for slow#1").isGreaterThanOrEqualTo(55);
    assertThat(outcomes.get(2).failure()).hasMessage("boom in throws");
    assertThat(server.calls).hasSize(4 + 4 + 2);
  }

  /** A whole step goes to the delegate at once; the delegate's own bound is all that limits it. */
  @Test
  void aStepFillsTheDelegatesSlotsAndNoMore() throws Exception {
    ScriptedTimingBackend server = new ScriptedTimingBackend(2, prompt -> 5, List.of(), new AtomicLong());
    LockstepBackend lockstep = new LockstepBackend(server);
    RerankScheduler.lockstep(new FixedCallsReranker(lockstep, 3), lockstep, LockstepBatches.all())
        .run(queries("a", "b", "c", "d", "e", "f", "g"));
    assertThat(server.calls).hasSize(21);
    assertThat(server.maxInFlight()).isEqualTo(2);
    assertThat(lockstep.capacity()).isEqualTo(2);
    assertThat(lockstep.model()).isEqualTo("scripted-timing");
  }

  /** The reference's cost: the wall time of step k is its slowest call, so lock-step pays the sum of the maxima. */
  @Test
  void wallTimeIsTheSumOfTheSlowestCallPerStep() throws Exception {
    // a: 200, 10, 10 ms; b: 10, 10, 200 ms. Lock-step: 3 steps of 200, 10, 200 = 410 ms at least.
    // Without the barrier each query takes 220 ms.
    java.util.function.ToLongFunction<String> ms = p -> p.equals("a#0") || p.equals("b#2") ? 200 : 10;
    LockstepBackend lockstep = new LockstepBackend(new ScriptedTimingBackend(4, ms, List.of(), new AtomicLong()));
    long t0 = System.nanoTime();
    RerankScheduler.lockstep(new FixedCallsReranker(lockstep, 3), lockstep, LockstepBatches.all()).run(queries("a", "b"));
    Duration lockstepWall = Duration.ofNanos(System.nanoTime() - t0);

    ScriptedTimingBackend free = new ScriptedTimingBackend(4, ms, List.of(), new AtomicLong());
    t0 = System.nanoTime();
    RerankScheduler.forBackend(new FixedCallsReranker(free, 3), free).run(queries("a", "b"));
    Duration freeWall = Duration.ofNanos(System.nanoTime() - t0);

    assertThat(lockstepWall).isGreaterThanOrEqualTo(Duration.ofMillis(410));
    assertThat(freeWall).isLessThan(Duration.ofMillis(400));
  }

  /** Batches run one after another: nothing of batch 2 starts before batch 1 has ended. */
  @Test
  void referenceBatchesRunInSequence() throws Exception {
    AtomicLong seq = new AtomicLong();
    ScriptedTimingBackend server = new ScriptedTimingBackend(8, p -> 3, List.of(), seq);
    LockstepBackend lockstep = new LockstepBackend(server);
    List<RerankRequest> requests = new ArrayList<>(queries("a", "b", "c", "d", "e"));
    List<QueryOutcome> outcomes = RerankScheduler.lockstep(new FixedCallsReranker(lockstep, 2), lockstep, r -> List.of(
        List.of(0, 2), List.of(4, 1), List.of(3))).run(requests);
    assertThat(outcomes).extracting(QueryOutcome::qid).containsExactly("a", "b", "c", "d", "e");
    assertThat(lockstep.stepsCompleted()).isEqualTo(6);
    long endFirst = server.calls.stream().filter(c -> c.prompt().startsWith("a") || c.prompt().startsWith("c"))
        .mapToLong(ScriptedTimingBackend.Call::endSeq).max().orElseThrow();
    long startSecond = server.calls.stream().filter(c -> c.prompt().startsWith("e") || c.prompt().startsWith("b"))
        .mapToLong(ScriptedTimingBackend.Call::startSeq).min().orElseThrow();
    assertThat(startSecond).isGreaterThan(endFirst);
  }

  @Test
  void callsFromAThreadWithoutAPartyAreRejected() {
    LockstepBackend lockstep = new LockstepBackend(new ScriptedTimingBackend(1, p -> 0, List.of(), new AtomicLong()));
    LlmRequest request = new LlmRequest(List.of(), "x#0", SamplingParams.greedy(4));
    assertThatThrownBy(() -> lockstep.complete(request))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("lock-step call from a thread without a joined party: join() and bind() first");
    LockstepBackend.Party party = lockstep.join();
    party.bind();
    party.close();
    assertThatThrownBy(() -> lockstep.complete(request)).isInstanceOf(IllegalStateException.class);
  }

  /** A party that joins while a step runs takes part from the next step; nobody waits for a party that left. */
  @Test
  void directPartiesWithALateJoiner() throws Exception {
    AtomicLong seq = new AtomicLong();
    ScriptedTimingBackend server = new ScriptedTimingBackend(4, p -> p.startsWith("early") ? 50 : 1, List.of(), seq);
    LockstepBackend lockstep = new LockstepBackend(server);
    LockstepBackend.Party early = lockstep.join();
    Thread first = Thread.ofVirtual().start(() -> {
      try (early) {
        early.bind();
        for (int i = 0; i < 3; i++) lockstep.complete(new LlmRequest(List.of(), "early#" + i, SamplingParams.greedy(4)));
      }
    });
    Thread.sleep(20); // early#0 is running now
    LockstepBackend.Party late = lockstep.join();
    Thread second = Thread.ofVirtual().start(() -> {
      try (late) {
        late.bind();
        lockstep.complete(new LlmRequest(List.of(), "late#0", SamplingParams.greedy(4)));
      }
    });
    first.join();
    second.join();
    long earlyZeroEnd = server.calls.stream().filter(c -> c.prompt().equals("early#0")).findFirst().orElseThrow().endSeq();
    ScriptedTimingBackend.Call late0 = server.calls.stream().filter(c -> c.prompt().equals("late#0")).findFirst().orElseThrow();
    assertThat(late0.startSeq()).isGreaterThan(earlyZeroEnd);
    assertThat(lockstep.stepsCompleted()).isEqualTo(3);
  }

  @Test
  void rejectsABackendWithoutSlots() {
    ScriptedTimingBackend none = new ScriptedTimingBackend(0, p -> 0, List.of(), new AtomicLong());
    assertThatThrownBy(() -> new LockstepBackend(none)).hasMessage("delegate capacity must be >= 1, got 0");
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
