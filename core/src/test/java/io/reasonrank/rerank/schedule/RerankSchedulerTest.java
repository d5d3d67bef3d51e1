package io.reasonrank.rerank.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reasonrank.model.Candidate;
import io.reasonrank.model.Document;
import io.reasonrank.model.Query;
import io.reasonrank.model.RerankRequest;
import io.reasonrank.rerank.RerankResult;
import io.reasonrank.rerank.Reranker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class RerankSchedulerTest {

  private static List<RerankRequest> queries(int n) {
    List<RerankRequest> out = new ArrayList<>();
    for (int i = 0; i < n; i++) out.add(new RerankRequest(new Query("q" + i, "text"), List.of()));
    return out;
  }

  /** Queries finish out of order (later ones are faster) but the outcomes come back in input order. */
  @Test
  void lockstepRefusesARerankerThatCallsFromItsOwnThreads() throws Exception {
    ScriptedTimingBackend server = new ScriptedTimingBackend(4, p -> 1, List.of(), new AtomicLong());
    LockstepBackend lockstep = new LockstepBackend(server);
    io.reasonrank.rerank.pointwise.PointwiseReranker pointwise =
        io.reasonrank.rerank.pointwise.PointwiseReranker.builder().backend(lockstep).build();
    assertThat(pointwise.callsOnCallingThread()).isFalse();
    // before: every query failed with "lock-step call from a thread without a joined party"
    assertThatThrownBy(() -> RerankScheduler.lockstep(pointwise, lockstep, LockstepBatches.reference(512, 100)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(RerankScheduler.LOCKSTEP_NEEDS_CALLING_THREAD);
    assertThat(new FixedCallsReranker(lockstep, 2).callsOnCallingThread()).isTrue();
  }

  @Test
  void outcomesInInputOrderAndOneSerialCallbackPerQuery() throws Exception {
    ScriptedTimingBackend server = new ScriptedTimingBackend(4,
        p -> 40 - Integer.parseInt(p.substring(1, p.indexOf('#'))), List.of(), new AtomicLong());
    AtomicBoolean inCallback = new AtomicBoolean();
    AtomicBoolean overlapped = new AtomicBoolean();
    List<String> completionOrder = Collections.synchronizedList(new ArrayList<>());
    List<Integer> dones = Collections.synchronizedList(new ArrayList<>());

    List<QueryOutcome> outcomes = RerankScheduler.forBackend(new FixedCallsReranker(server, 2), server)
        .run(queries(20), (outcome, progress) -> {
          if (!inCallback.compareAndSet(false, true)) overlapped.set(true);
          completionOrder.add(outcome.qid());
          dones.add(progress.done());
          assertThat(progress.total()).isEqualTo(20);
          inCallback.set(false);
        });

    assertThat(outcomes).extracting(QueryOutcome::qid).containsExactlyElementsOf(queries(20).stream().map(r -> r.query().id()).toList());
    assertThat(outcomes).extracting(QueryOutcome::index).containsExactlyElementsOf(java.util.stream.IntStream.range(0, 20).boxed().toList());
    assertThat(outcomes).allMatch(o -> o.result().windows().size() == 2);
    assertThat(overlapped).isFalse();
    assertThat(dones).containsExactlyElementsOf(java.util.stream.IntStream.rangeClosed(1, 20).boxed().toList());
    assertThat(completionOrder).isNotEqualTo(outcomes.stream().map(QueryOutcome::qid).toList());
  }

  /** The default keeps 8 x capacity + 16 queries in flight and never more. */
  @Test
  void boundsQueriesInFlight() throws Exception {
    AtomicInteger now = new AtomicInteger();
    AtomicInteger max = new AtomicInteger();
    ScriptedTimingBackend server = new ScriptedTimingBackend(3, p -> 5, List.of(), new AtomicLong());
    FixedCallsReranker inner = new FixedCallsReranker(server, 3);
    Reranker counting = request -> {
      max.accumulateAndGet(now.incrementAndGet(), Math::max);
      try {
        return inner.rerank(request);
      } finally {
        now.decrementAndGet();
      }
    };
    RerankScheduler scheduler = RerankScheduler.forBackend(counting, server);
    assertThat(scheduler.maxQueriesInFlight()).isEqualTo(40);
    assertThat(scheduler.run(queries(100))).hasSize(100);
    assertThat(max.get()).isEqualTo(40);
    assertThat(server.maxInFlight()).isEqualTo(3);
  }

  @Test
  void oneFailingQueryIsRecordedAndTheRunGoesOn() throws Exception {
    ScriptedTimingBackend server = new ScriptedTimingBackend(2, p -> 1, List.of(), new AtomicLong());
    FixedCallsReranker inner = new FixedCallsReranker(server, 1);
    Reranker flaky = request -> {
      if (request.query().id().equals("q3")) throw new IllegalArgumentException("bad query q3");
      return inner.rerank(request);
    };
    List<Progress> seen = Collections.synchronizedList(new ArrayList<>());
    List<QueryOutcome> outcomes = RerankScheduler.concurrent(flaky, 4).run(queries(8), (o, p) -> seen.add(p));

    assertThat(outcomes.get(3).succeeded()).isFalse();
    assertThat(outcomes.get(3).failure()).isInstanceOf(IllegalArgumentException.class).hasMessage("bad query q3");
    assertThat(outcomes.get(3).resultIfAny()).isEmpty();
    assertThat(outcomes).filteredOn(QueryOutcome::succeeded).hasSize(7);
    assertThat(seen.getLast().done()).isEqualTo(8);
    assertThat(seen.getLast().failed()).isEqualTo(1);
  }

  /** A listener that cannot checkpoint (say, disk full) stops the run: no new query starts, the error surfaces. */
  @Test
  void listenerFailureStopsTheRun() {
    AtomicInteger started = new AtomicInteger();
    ScriptedTimingBackend server = new ScriptedTimingBackend(1, p -> 2, List.of(), new AtomicLong());
    FixedCallsReranker inner = new FixedCallsReranker(server, 1);
    Reranker counting = request -> {
      started.incrementAndGet();
      return inner.rerank(request);
    };
    RerankScheduler scheduler = RerankScheduler.concurrent(counting, 2);
    assertThatThrownBy(() -> scheduler.run(queries(50), (o, p) -> {
      throw new java.io.UncheckedIOException(new java.io.IOException("disk full"));
    })).isInstanceOf(java.io.UncheckedIOException.class).hasMessageContaining("disk full");
    assertThat(started.get()).isLessThan(10);
  }

  @Test
  void interruptStopsTheRunAndInterruptsQueriesInFlight() throws Exception {
    CountDownLatch running = new CountDownLatch(2);
    Reranker blocking = request -> {
      running.countDown();
      try {
        Thread.sleep(60_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted " + request.query().id());
      }
      throw new AssertionError("not interrupted");
    };
    AtomicBoolean threw = new AtomicBoolean();
    Thread caller = Thread.ofVirtual().start(() -> {
      try {
        RerankScheduler.concurrent(blocking, 2).run(queries(10));
      } catch (InterruptedException e) {
        threw.set(true);
      }
    });
    assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();
    caller.interrupt();
    caller.join(10_000);
    assertThat(caller.isAlive()).isFalse();
    assertThat(threw).isTrue();
  }

  @Test
  void nullResultIsAFailure() throws Exception {
    List<QueryOutcome> out = RerankScheduler.concurrent(r -> null, 1).run(queries(1));
    assertThat(out.getFirst().failure()).hasMessage("reranker returned null for query q0");
  }

  @Test
  void emptyInput() throws Exception {
    assertThat(RerankScheduler.concurrent(r -> null, 1).run(List.of())).isEmpty();
    ScriptedTimingBackend server = new ScriptedTimingBackend(1, p -> 0, List.of(), new AtomicLong());
    LockstepBackend lockstep = new LockstepBackend(server);
    assertThat(RerankScheduler.lockstep(new FixedCallsReranker(lockstep, 1), lockstep, LockstepBatches.all()).run(List.of())).isEmpty();
  }

  @Test
  void validatesArguments() {
    assertThatThrownBy(() -> RerankScheduler.concurrent(r -> null, 0)).hasMessage("maxQueriesInFlight must be >= 1, got 0");
    assertThatThrownBy(() -> RerankScheduler.defaultQueriesInFlight(0)).hasMessage("capacity must be >= 1, got 0");
    assertThat(RerankScheduler.defaultQueriesInFlight(1)).isEqualTo(24);
    assertThat(RerankScheduler.defaultQueriesInFlight(64)).isEqualTo(528);
    assertThatThrownBy(() -> LockstepBatches.reference(0, 100)).hasMessage("batchSize must be >= 1, got 0");
    assertThatThrownBy(() -> LockstepBatches.reference(512, 0)).hasMessage("retrievalNum must be >= 1, got 0");
    assertThatThrownBy(() -> QueryOutcome.failure(-1, "q", new RuntimeException(), Duration.ZERO)).hasMessage("index must be >= 0, got -1");
    assertThatThrownBy(() -> new QueryOutcome(0, "q", null, null, Duration.ZERO)).hasMessage("exactly one of result and failure must be set");
    assertThatThrownBy(() -> new Progress(3, 0, 2, Duration.ZERO)).hasMessage("done must be in [0, 2], got 3");
    assertThatThrownBy(() -> new Progress(1, 2, 2, Duration.ZERO)).hasMessage("failed must be in [0, 1], got 2");
  }

  @Test
  void lockstepBatchesMustPartitionTheInput() {
    ScriptedTimingBackend server = new ScriptedTimingBackend(1, p -> 0, List.of(), new AtomicLong());
    LockstepBackend lockstep = new LockstepBackend(server);
    FixedCallsReranker reranker = new FixedCallsReranker(lockstep, 1);
    assertThatThrownBy(() -> RerankScheduler.lockstep(reranker, lockstep, r -> List.of(List.of(0, 0))).run(queries(2)))
        .hasMessage("lock-step batches repeat index 0");
    assertThatThrownBy(() -> RerankScheduler.lockstep(reranker, lockstep, r -> List.of(List.of(0))).run(queries(2)))
        .hasMessage("lock-step batches cover 1 of 2 queries");
    assertThatThrownBy(() -> RerankScheduler.lockstep(reranker, lockstep, r -> List.of(List.of(5))).run(queries(2)))
        .hasMessage("lock-step batch index out of range: 5");
  }

  /** run_rank_llm.py: full lists in chunks of batch_size, then each short list alone. */
  @Test
  void referenceBatching() {
    Candidate c = new Candidate(new Document("d", "", "t"), 1.0);
    List<RerankRequest> requests = new ArrayList<>();
    int[] sizes = {3, 3, 2, 3, 3, 1, 3};
    for (int i = 0; i < sizes.length; i++) {
      requests.add(new RerankRequest(new Query("q" + i, "t"), Collections.nCopies(sizes[i], c)));
    }
    assertThat(LockstepBatches.reference(2, 3).batches(requests))
        .containsExactly(List.of(0, 1), List.of(3, 4), List.of(6), List.of(2), List.of(5));
    assertThat(LockstepBatches.all().batches(requests)).containsExactly(List.of(0, 1, 2, 3, 4, 5, 6));
  }

  @Test
  void progressRateEtaAndLine() {
    Progress p = new Progress(120, 2, 1384, Duration.ofSeconds(35));
    assertThat(p.queriesPerSecond()).isCloseTo(120 / 35.0, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(p.eta()).contains(Duration.ofNanos((long) (35e9 / 120 * 1264)));
    assertThat(p.toString()).isEqualTo("120/1384 queries (2 failed), 3.43 q/s, elapsed 35s, ETA 6m09s");
    assertThat(new Progress(0, 0, 5, Duration.ZERO).toString()).isEqualTo("0/5 queries, 0.00 q/s, elapsed 0s, ETA ?");
    assertThat(new Progress(1, 0, 2, Duration.ofHours(2).plusMinutes(5)).toString()).endsWith("ETA 2h05m");
  }

  @Test
  void resultKeepsTheRerankersResult() throws Exception {
    RerankResult fixed = new RerankResult("q0", List.of(), List.of());
    assertThat(RerankScheduler.concurrent(r -> fixed, 1).run(queries(1)).getFirst().result()).isSameAs(fixed);
  }
}
