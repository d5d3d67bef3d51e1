package io.reasonrank.llm.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reasonrank.llm.ChatMessage;
import io.reasonrank.llm.Completion;
import io.reasonrank.llm.LlmException;
import io.reasonrank.llm.LlmRequest;
import io.reasonrank.llm.SamplingParams;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CachingBackendTest {
  @TempDir Path tmp;

  private static final SamplingParams REASONING = new SamplingParams(0.0, null, null, null, 3172, null, List.of(), null);

  private static LlmRequest request(String prompt) {
    return new LlmRequest(List.of(ChatMessage.system("sys"), ChatMessage.user(prompt)), prompt, REASONING);
  }

  @Test
  void missStoresThenHitReplaysWithoutCallingTheModel() {
    CountingFakeBackend model = new CountingFakeBackend("run1");
    try (CompletionCache cache = CompletionCache.open(tmp.resolve("c.db"))) {
      CachingBackend backend = new CachingBackend(model, cache, "openai-completions http://localhost:8000/v1");
      Completion miss = backend.complete(request("window 1"));
      Completion hit = backend.complete(request("window 1"));

      assertThat(model.calls).hasValue(1);
      assertThat(miss.cached()).isFalse();
      assertThat(hit.cached()).isTrue();
      assertThat(hit).isEqualTo(miss.asCached());
      assertThat(backend.stats()).isEqualTo(new CacheStats(1, 1, 0, "window 1".length(), miss.completionTokens(), backend.stats().secondsSaved()));
      assertThat(backend.stats().hitRate()).isEqualTo(0.5);
      assertThat(cache.size()).isEqualTo(1);
      assertThat(backend.model()).isEqualTo("fake-model");
      assertThat(backend.capacity()).isEqualTo(4);
    }
  }

  @Test
  void failedCallsAreNotStored() {
    CountingFakeBackend model = new CountingFakeBackend("x", Set.of("bad"));
    try (CompletionCache cache = CompletionCache.open(tmp.resolve("c.db"))) {
      CachingBackend backend = new CachingBackend(model, cache, "fake");
      assertThatThrownBy(() -> backend.complete(request("bad"))).isInstanceOf(LlmException.class);
      assertThatThrownBy(() -> backend.complete(request("bad"))).isInstanceOf(LlmException.class);
      assertThat(model.calls).hasValue(2);
      assertThat(cache.size()).isZero();
      assertThat(backend.stats().failures()).isEqualTo(2);
    }
  }

  /** Every field of the key matters: one changed byte or parameter is another request. */
  @Test
  void anyChangeOfPromptMessagesSamplingModelOrBackendIsAnotherKey() {
    LlmRequest base = request("passage [1] text");
    List<CacheKey> keys = new ArrayList<>();
    keys.add(CacheKey.of("m", "b", base));
    keys.add(CacheKey.of("m2", "b", base));
    keys.add(CacheKey.of("m", "b2", base));
    keys.add(CacheKey.of("m", "b", new LlmRequest(base.messages(), "passage [1] text ", REASONING)));
    keys.add(CacheKey.of("m", "b", new LlmRequest(base.messages(), "passage [1] texT", REASONING)));
    keys.add(CacheKey.of("m", "b", new LlmRequest(List.of(ChatMessage.user("passage [1] text")), base.prompt(), REASONING)));
    keys.add(CacheKey.of("m", "b", new LlmRequest(List.of(ChatMessage.system("sys"), ChatMessage.user("passage [1] text"),
        ChatMessage.user("")), base.prompt(), REASONING)));
    List<SamplingParams> variants = List.of(
        new SamplingParams(0.6, null, null, null, 3172, null, List.of(), null),
        new SamplingParams(0.0, 0.95, null, null, 3172, null, List.of(), null),
        new SamplingParams(0.0, 1.0, null, null, 3172, null, List.of(), null),
        new SamplingParams(0.0, null, 20, null, 3172, null, List.of(), null),
        new SamplingParams(0.0, null, null, 0.0, 3172, null, List.of(), null),
        new SamplingParams(0.0, null, null, null, 3173, null, List.of(), null),
        new SamplingParams(0.0, null, null, null, 3172, 3172, List.of(), null),
        new SamplingParams(0.0, null, null, null, 3172, null, List.of("</think> true"), null),
        new SamplingParams(0.0, null, null, null, 3172, null, List.of("</think> true", "</think> false"), null),
        new SamplingParams(0.0, null, null, null, 3172, null, List.of(), 20));
    for (SamplingParams s : variants) keys.add(CacheKey.of("m", "b", new LlmRequest(base.messages(), base.prompt(), s)));

    Set<String> hashes = new HashSet<>();
    keys.forEach(k -> hashes.add(k.sha256()));
    assertThat(hashes).hasSize(keys.size());
    assertThat(CacheKey.of("m", "b", request("passage [1] text")).sha256()).isEqualTo(keys.getFirst().sha256());
    assertThat(keys.getFirst().sha256()).matches("[0-9a-f]{64}");

    // and through the backend: each variant is a miss
    CountingFakeBackend model = new CountingFakeBackend("x");
    try (CompletionCache cache = CompletionCache.open(tmp.resolve("c.db"))) {
      CachingBackend backend = new CachingBackend(model, cache, "b");
      backend.complete(base);
      for (SamplingParams s : variants) backend.complete(new LlmRequest(base.messages(), base.prompt(), s));
      backend.complete(base);
      assertThat(model.calls).hasValue(1 + variants.size());
      assertThat(backend.stats().hits()).isEqualTo(1);
    }
  }

  @Test
  void survivesReopenWithLogprobsAndNullFinishReason() {
    Path file = tmp.resolve("nested").resolve("dir").resolve("c.db");
    SamplingParams pointwise = new SamplingParams(0.0, null, null, null, 8192, null, List.of("</think> true"), 20);
    LlmRequest req = new LlmRequest(List.of(), "Query: q\nPassage: p\n<think>", pointwise);
    Completion first;
    try (CompletionCache cache = CompletionCache.open(file)) {
      first = new CachingBackend(new CountingFakeBackend("one"), cache, "llamacpp").complete(req);
      cache.put(CacheKey.of("m", "b", req), new Completion("t", 1, 2, null), 1234);
    }
    CountingFakeBackend again = new CountingFakeBackend("two");
    try (CompletionCache cache = CompletionCache.open(file)) {
      Completion replay = new CachingBackend(again, cache, "llamacpp").complete(req);
      assertThat(again.calls).hasValue(0);
      assertThat(replay).isEqualTo(first.asCached());
      assertThat(replay.topLogprobs()).containsExactly(java.util.Map.of(" true", -0.25, " false", -1.5));
      CompletionCache.Entry entry = cache.get(CacheKey.of("m", "b", req)).orElseThrow();
      assertThat(entry.completion()).isEqualTo(new Completion("t", 1, 2, null, List.of(), true));
      assertThat(entry.millis()).isEqualTo(1234);
    }
  }

  /** Many threads missing and hitting at once: no lost write, no SQLITE_BUSY, identical keys stored once. */
  @Test
  void concurrentCallersLoseNothing() throws Exception {
    CountingFakeBackend model = new CountingFakeBackend("c");
    int threads = 32;
    int perThread = 40;
    try (CompletionCache cache = CompletionCache.open(tmp.resolve("c.db"));
         ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      CachingBackend backend = new CachingBackend(model, cache, "fake");
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        futures.add(pool.submit(() -> {
          for (int i = 0; i < perThread; i++) {
            assertThat(backend.complete(request("t" + thread + " i" + i)).text()).isEqualTo("c answer to t" + thread + " i" + i);
            backend.complete(request("shared " + (i % 5))); // the same five prompts from every thread
          }
          return null;
        }));
      }
      for (Future<?> f : futures) f.get();
      assertThat(cache.size()).isEqualTo(threads * perThread + 5);
      for (int t = 0; t < threads; t++) {
        for (int i = 0; i < perThread; i++) {
          assertThat(cache.get(CacheKey.of("fake-model", "fake", request("t" + t + " i" + i)))).isPresent();
        }
      }
      CacheStats stats = backend.stats();
      assertThat(stats.hits() + stats.misses() + stats.shared()).isEqualTo(2L * threads * perThread);
      assertThat(stats.misses()).isEqualTo(model.calls.get());
    }
  }

  @Test
  void callStatsAveragePerModel() {
    try (CompletionCache cache = CompletionCache.open(tmp.resolve("c.db"))) {
      assertThat(cache.callStats("reasonrank-7b")).isEmpty();
      cache.put(new CacheKey("reasonrank-7b", "b", "p1", List.of(), REASONING), new Completion("a", 4000, 700, "stop"), 20_000);
      cache.put(new CacheKey("reasonrank-7b", "b", "p2", List.of(), REASONING), new Completion("b", 3000, 900, "stop"), 30_000);
      cache.put(new CacheKey("other", "b", "p1", List.of(), REASONING), new Completion("c", 1, 1, "stop"), 1);
      assertThat(cache.callStats("reasonrank-7b")).contains(new ModelCallStats("reasonrank-7b", 2, 3500.0, 800.0, 25.0));
    }
    try (CompletionCache readOnly = CompletionCache.openReadOnly(tmp.resolve("c.db"))) {
      assertThat(readOnly.callStats("other")).contains(new ModelCallStats("other", 1, 1.0, 1.0, 0.001));
      assertThat(readOnly.size()).isEqualTo(3);
      CacheKey key = new CacheKey("m", "b", "p", List.of(), REASONING);
      Completion c = new Completion("x", 1, 1, "stop");
      assertThatThrownBy(() -> readOnly.put(key, c, 1)).hasMessageEndingWith("is open read-only");
    }
  }

  @Test
  void validationAndErrors() throws Exception {
    assertThatThrownBy(() -> CompletionCache.openReadOnly(tmp.resolve("missing.db")))
        .isInstanceOf(CacheException.class).hasMessage("no completion cache at " + tmp.resolve("missing.db"));
    Path notADb = Files.writeString(tmp.resolve("junk.db"), "this is not a database file, just text ".repeat(200));
    assertThatThrownBy(() -> CompletionCache.open(notADb)).isInstanceOf(CacheException.class)
        .hasMessageStartingWith("cannot open completion cache " + notADb);
    try (CompletionCache cache = CompletionCache.open(tmp.resolve("c.db"))) {
      CountingFakeBackend model = new CountingFakeBackend("x");
      assertThatThrownBy(() -> new CachingBackend(model, cache, " ")).hasMessage("backendKind must not be blank");
      assertThatThrownBy(() -> cache.put(new CacheKey("m", "b", "p", List.of(), REASONING), new Completion("", 0, 0, "stop"), -1))
          .hasMessage("millis must be >= 0, got -1");
      assertThatThrownBy(() -> new ModelCallStats("m", 0, 0, 0, 0)).hasMessage("calls must be >= 1, got 0");
    }
    CompletionCache closed = CompletionCache.open(tmp.resolve("d.db"));
    closed.close();
    assertThatThrownBy(() -> closed.size()).hasMessageEndingWith("is closed");
  }

  @Test
  void statsLine() {
    assertThat(new CacheStats(9, 1, 0, 100, 6800, 123.4).toString())
        .isEqualTo("cache: 9 hits, 1 misses, 0 failed (hit rate 90.0%), saved 6800 output tokens, 123.4 s");
    assertThat(new CacheStats(6, 1, 1, 100, 6800, 123.4, 2).toString())
        .isEqualTo("cache: 6 hits, 1 misses, 2 shared, 1 failed (hit rate 80.0%), saved 6800 output tokens, 123.4 s");
  }
}
