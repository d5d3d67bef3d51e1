package io.reasonrank.llm.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reasonrank.llm.Completion;
import io.reasonrank.llm.LlmBackend;
import io.reasonrank.llm.LlmException;
import io.reasonrank.llm.LlmRequest;
import io.reasonrank.llm.SamplingParams;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class ServerPoolTest {

  static LlmRequest request(String prompt) {
    return new LlmRequest(List.of(), prompt, SamplingParams.greedy(8));
  }

  /** Answers {@code name:prompt} after {@code behaviour} allows it; counts in-flight calls. */
  static class FakeServer implements LlmBackend {
    final String name;
    final int slots;
    volatile Function<String, Completion> behaviour;
    final AtomicInteger inFlight = new AtomicInteger();
    final AtomicInteger maxInFlight = new AtomicInteger();
    final List<String> prompts = new CopyOnWriteArrayList<>();

    FakeServer(String name, int slots) {
      this.name = name;
      this.slots = slots;
      this.behaviour = p -> new Completion("answer to " + p, 3, 2, "stop");
    }

    @Override
    public Completion complete(LlmRequest request) {
      maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
      try {
        prompts.add(request.prompt());
        return behaviour.apply(request.prompt());
      } finally {
        inFlight.decrementAndGet();
      }
    }

    @Override
    public String model() {
      return "m";
    }

    @Override
    public int capacity() {
      return slots;
    }
  }

  static Completion refused(String p) {
    throw new LlmException("POST http://x/v1/completions failed after 1 attempt, last: connection failed: refused", true);
  }

  @Test
  void everyCallGoesToTheServerWithTheFewestInFlightWithinEachServersSlots() throws Exception {
    // Each call blocks on its own gate until the test opens it, so the in-flight counts are exact.
    Map<String, CountDownLatch> gates = new ConcurrentHashMap<>();
    LinkedBlockingQueue<String> arrivals = new LinkedBlockingQueue<>();
    List<FakeServer> servers = List.of(new FakeServer("a", 2), new FakeServer("b", 2), new FakeServer("c", 1));
    for (FakeServer s : servers) {
      s.behaviour = p -> {
        arrivals.add(s.name + ":" + p);
        try {
          gates.computeIfAbsent(p, k -> new CountDownLatch(1)).await();
        } catch (InterruptedException e) {
          throw new LlmException("interrupted", false, e);
        }
        return new Completion(s.name, 1, 1, "stop");
      };
    }
    ServerPool.Builder b = ServerPool.builder();
    servers.forEach(s -> b.server(s.name, s));
    try (ServerPool pool = b.build(); ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      assertThat(pool.capacity()).isEqualTo(5);
      List<Future<Completion>> calls = new ArrayList<>();
      List<String> order = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        String p = "p" + i;
        calls.add(threads.submit(() -> pool.complete(request(p))));
        order.add(arrivals.poll(10, TimeUnit.SECONDS));
      }
      // 0-0-0 → a; 1-0-0 → b; 1-1-0 → c; 1-1-1 → a (the first added of the least loaded); 2-1-1 → b (c is full)
      assertThat(order).containsExactly("a:p0", "b:p1", "c:p2", "a:p3", "b:p4");
      calls.add(threads.submit(() -> pool.complete(request("p5"))));
      assertThat(arrivals.poll(200, TimeUnit.MILLISECONDS)).as("every slot is taken: the sixth call waits").isNull();
      gates.computeIfAbsent("p2", k -> new CountDownLatch(1)).countDown(); // frees c's only slot
      assertThat(calls.get(2).get(10, TimeUnit.SECONDS).text()).isEqualTo("c");
      assertThat(arrivals.poll(10, TimeUnit.SECONDS)).isEqualTo("c:p5");
      for (int i = 0; i < 6; i++) gates.computeIfAbsent("p" + i, k -> new CountDownLatch(1)).countDown();
      for (Future<Completion> f : calls) f.get(10, TimeUnit.SECONDS);
      for (FakeServer s : servers) assertThat(s.maxInFlight.get()).isLessThanOrEqualTo(s.slots);
      List<ServerStats> stats = pool.stats();
      assertThat(stats).extracting(ServerStats::calls).containsExactly(2L, 2L, 2L);
      assertThat(stats).extracting(ServerStats::succeeded).containsExactly(2L, 2L, 2L);
      assertThat(stats).extracting(ServerStats::state).containsOnly("up");
    }
  }

  @Test
  void aServerFailureTakesTheServerOutAndTheCallIsAnsweredByAnother() {
    FakeServer a = new FakeServer("a", 4), b = new FakeServer("b", 4);
    a.behaviour = ServerPoolTest::refused;
    List<String> events = new CopyOnWriteArrayList<>();
    try (ServerPool pool = ServerPool.builder().server("a", a).server("b", b)
        .probeBackoff(Duration.ofHours(1), Duration.ofHours(1))
        .listener(new ServerPool.Listener() {
          @Override
          public void outOfRotation(String server, String reason, Duration probeIn) {
            events.add(server + " out, probe in " + probeIn + ": " + reason);
          }
        }).build()) {
      for (int i = 0; i < 10; i++) assertThat(pool.complete(request("q" + i)).text()).isEqualTo("answer to q" + i);
      assertThat(a.prompts).containsExactly("q0");
      assertThat(b.prompts).hasSize(10);
      assertThat(events).containsExactly("a out, probe in PT1H: POST http://x/v1/completions failed after 1 attempt, last: connection failed: refused");
      ServerStats sa = pool.stats().get(0), sb = pool.stats().get(1);
      assertThat(sa.state()).isEqualTo("down");
      assertThat(sa.serverFailures()).isEqualTo(1);
      assertThat(sa.timesOutOfRotation()).isEqualTo(1);
      assertThat(sa.lastError()).contains("connection failed: refused");
      assertThat(sb.succeeded()).isEqualTo(10);
      assertThat(sb.promptTokens()).isEqualTo(30);
      assertThat(sb.completionTokens()).isEqualTo(20);
      assertThat(sa.calls() + sb.calls()).isEqualTo(10 + pool.failovers());
      assertThat(pool.failovers()).isEqualTo(1);
    }
  }

  @Test
  void aRequestErrorIsThrownAtOnceAndLeavesTheServerInRotation() {
    FakeServer a = new FakeServer("a", 1), b = new FakeServer("b", 1);
    a.behaviour = p -> {
      throw new LlmException("POST http://x/v1/completions failed: HTTP 400: prompt is too long", false);
    };
    try (ServerPool pool = ServerPool.builder().server("a", a).server("b", b).build()) {
      assertThatThrownBy(() -> pool.complete(request("long"))).isInstanceOf(LlmException.class).hasMessageContaining("HTTP 400");
      assertThat(b.prompts).isEmpty();
      assertThat(pool.stats().get(0).state()).isEqualTo("up");
      assertThat(pool.stats().get(0).requestErrors()).isEqualTo(1);
      assertThat(pool.failovers()).isZero();
    }
  }

  @Test
  void callsInFlightOnAServerThatDiesAreRetriedElsewhereAndTakeItOutOnce() throws Exception {
    CountDownLatch allIn = new CountDownLatch(4);
    CountDownLatch die = new CountDownLatch(1);
    FakeServer a = new FakeServer("a", 4), b = new FakeServer("b", 4);
    a.behaviour = p -> {
      allIn.countDown();
      try {
        die.await();
      } catch (InterruptedException e) {
        throw new LlmException("interrupted", false, e);
      }
      return refused(p);
    };
    b.behaviour = p -> {
      allIn.countDown();
      return new Completion("b " + p, 1, 1, "stop");
    };
    try (ServerPool pool = ServerPool.builder().server("a", a).server("b", b)
        .probeBackoff(Duration.ofHours(1), Duration.ofHours(1)).build();
        ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<Completion>> calls = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        String p = "w" + i;
        calls.add(threads.submit(() -> pool.complete(request(p))));
      }
      assertThat(allIn.await(10, TimeUnit.SECONDS)).isTrue();
      die.countDown();
      for (int i = 0; i < 8; i++) assertThat(calls.get(i).get(10, TimeUnit.SECONDS).text()).isEqualTo("b w" + i);
      ServerStats sa = pool.stats().get(0);
      assertThat(sa.timesOutOfRotation()).as("the other failures belonged to the epoch that already ended").isEqualTo(1);
      assertThat(sa.serverFailures()).isEqualTo(a.prompts.size());
      assertThat(pool.failovers()).isEqualTo(a.prompts.size());
      assertThat(pool.stats().get(1).succeeded()).isEqualTo(8);
    }
  }

  @Test
  void aServerThatComesBackIsProbedBackIntoRotation() throws Exception {
    FakeServer a = new FakeServer("a", 2), b = new FakeServer("b", 2);
    AtomicReference<String> aState = new AtomicReference<>("dead");
    a.behaviour = p -> aState.get().equals("dead") ? refused(p) : new Completion("a " + p, 1, 1, "stop");
    AtomicInteger probes = new AtomicInteger();
    List<String> events = new CopyOnWriteArrayList<>();
    CountDownLatch back = new CountDownLatch(1);
    try (ServerPool pool = ServerPool.builder().server("a", a).server("b", b)
        .probeBackoff(Duration.ofMillis(20), Duration.ofMillis(40))
        .probe((server, backend) -> {
          probes.incrementAndGet();
          if (aState.get().equals("dead")) throw new java.net.ConnectException("Connection refused");
        })
        .listener(new ServerPool.Listener() {
          @Override
          public void outOfRotation(String server, String reason, Duration probeIn) {
            events.add("out " + server);
          }

          @Override
          public void backInRotation(String server) {
            events.add("back " + server);
            back.countDown();
          }
        }).build()) {
      assertThat(pool.complete(request("x")).text()).isEqualTo("answer to x");
      assertThat(pool.stats().get(0).state()).isEqualTo("down");
      long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (probes.get() < 3 && System.nanoTime() < until) Thread.sleep(5);
      assertThat(probes.get()).as("failed probes go on").isGreaterThanOrEqualTo(3);
      assertThat(pool.stats().get(0).state()).isEqualTo("down");
      assertThat(pool.stats().get(0).lastError()).isEqualTo("probe failed: Connection refused");
      aState.set("alive");
      while (!pool.stats().get(0).state().equals("probation") && System.nanoTime() < until) Thread.sleep(5);
      assertThat(pool.stats().get(0).state()).isEqualTo("probation");
      // on probation it takes one trial call, the least-loaded rule sends the next call there (0 in flight, added first)
      assertThat(pool.complete(request("y")).text()).isEqualTo("a y");
      assertThat(back.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(pool.stats().get(0).state()).isEqualTo("up");
      assertThat(events).containsExactly("out a", "back a");
      assertThat(pool.stats().get(0).timesOutOfRotation()).isEqualTo(1);
    }
  }

  @Test
  void whenEveryServerIsOutACallFailsAtOnceNamingEachServer() {
    FakeServer a = new FakeServer("http://a/v1", 1), b = new FakeServer("http://b/v1", 1);
    a.behaviour = ServerPoolTest::refused;
    b.behaviour = p -> {
      throw new LlmException("POST http://b/v1/completions failed after 6 attempts, last: HTTP 500: boom", true);
    };
    try (ServerPool pool = ServerPool.builder().server(a.name, a).server(b.name, b)
        .probeBackoff(Duration.ofHours(1), Duration.ofHours(1)).build()) {
      assertThatThrownBy(() -> pool.complete(request("x"))).isInstanceOf(LlmException.class)
          .hasMessage("all 2 servers are out of rotation: http://a/v1 (POST http://x/v1/completions failed after 1 attempt, last: "
              + "connection failed: refused); http://b/v1 (POST http://b/v1/completions failed after 6 attempts, last: HTTP 500: boom)");
      long t0 = System.nanoTime();
      assertThatThrownBy(() -> pool.complete(request("y"))).hasMessageStartingWith("all 2 servers are out of rotation");
      assertThat(System.nanoTime() - t0).isLessThan(TimeUnit.SECONDS.toNanos(1));
      assertThat(a.prompts).containsExactly("x");
      assertThat(b.prompts).containsExactly("x");
    }
  }

  @Test
  void modelAndContextLengthAreAskedOfEveryServer() {
    FakeServer a = new FakeServer("a", 1);
    LlmBackend other = new FakeServer("b", 1) {
      @Override
      public String model() {
        return "other";
      }
    };
    try (ServerPool pool = ServerPool.builder().server("a", a).server("b", other).build()) {
      assertThatThrownBy(pool::model).isInstanceOf(LlmException.class)
          .hasMessage("the servers serve different models: m at a; other at b; a pool needs replicas of one model");
    }
    LlmBackend small = new FakeServer("s", 1) {
      @Override
      public OptionalInt contextLength() {
        return OptionalInt.of(4096);
      }
    };
    LlmBackend unreachable = new FakeServer("u", 1) {
      @Override
      public String model() {
        throw new LlmException("GET http://u/v1/models failed after 6 attempts, last: connection failed", true);
      }
    };
    try (ServerPool pool = ServerPool.builder().server("a", new FakeServer("a", 1)).server("s", small).server("u", unreachable)
        .probeBackoff(Duration.ofHours(1), Duration.ofHours(1)).build()) {
      assertThat(pool.model()).isEqualTo("m");
      assertThat(pool.stats().get(2).state()).as("an unreachable server is out from the start").isEqualTo("down");
      assertThat(pool.contextLength()).hasValue(4096);
      assertThat(pool.capacity()).isEqualTo(3);
    }
  }

  @Test
  void builderRejectsBadSettingsWithExactMessages() {
    assertThatThrownBy(() -> ServerPool.builder().build()).hasMessage("a server pool needs at least one server");
    assertThatThrownBy(() -> ServerPool.builder().server("a", new FakeServer("a", 1)).server("a", new FakeServer("a", 1)))
        .hasMessage("server a is given twice");
    assertThatThrownBy(() -> ServerPool.builder().server("z", new FakeServer("z", 0))).hasMessage("server z capacity must be >= 1, got 0");
    assertThatThrownBy(() -> ServerPool.builder().probeBackoff(Duration.ZERO, Duration.ofSeconds(1)))
        .hasMessage("probe backoff base must be positive, got PT0S");
    assertThatThrownBy(() -> ServerPool.builder().probeBackoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
        .hasMessage("probe backoff cap must be >= base, got PT1S < PT2S");
  }

  @Test
  void healthBacksOffExponentiallyUpToTheCapAndIgnoresStaleEpochs() {
    ServerHealth h = new ServerHealth(Duration.ofSeconds(1), Duration.ofSeconds(5));
    long e0 = h.epoch();
    assertThat(h.callFailed(e0, "x")).isEqualTo(Duration.ofSeconds(1));
    assertThat(h.callFailed(e0, "stale")).isEqualTo(Duration.ZERO);
    assertThat(h.probeFailed("p")).isEqualTo(Duration.ofSeconds(2));
    assertThat(h.probeFailed("p")).isEqualTo(Duration.ofSeconds(4));
    assertThat(h.probeFailed("p")).isEqualTo(Duration.ofSeconds(5));
    h.probePassed();
    assertThat(h.state()).isEqualTo(ServerHealth.State.PROBATION);
    assertThat(h.admits(8)).isEqualTo(1);
    assertThat(h.callSucceeded(e0)).as("an answer from before the outage proves nothing").isFalse();
    assertThat(h.callFailed(h.epoch(), "trial failed")).isEqualTo(Duration.ofSeconds(5));
    h.probePassed();
    assertThat(h.callSucceeded(h.epoch())).isTrue();
    assertThat(h.state()).isEqualTo(ServerHealth.State.UP);
    assertThat(h.admits(8)).isEqualTo(8);
    assertThat(h.callFailed(h.epoch(), "again")).as("an answer resets the count").isEqualTo(Duration.ofSeconds(1));
    assertThat(h.timesDown()).isEqualTo(3);
  }

  @Test
  void classificationFollowsTheRetryableFlag() {
    assertThat(ServerFailures.isServerFailure(new LlmException("5xx after retries", true))).isTrue();
    assertThat(ServerFailures.isServerFailure(new LlmException("HTTP 401", false))).isFalse();
    assertThat(ServerFailures.isServerFailure(new IllegalStateException("bug"))).isFalse();
  }
}
