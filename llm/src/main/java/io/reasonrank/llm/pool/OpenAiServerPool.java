package io.reasonrank.llm.pool;

import io.reasonrank.llm.LlmBackend;
import io.reasonrank.llm.openai.OpenAiBackend;
import io.reasonrank.llm.route.ServerPool;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * Opens the backend for one or more OpenAI-compatible servers: the plain {@link OpenAiBackend} for one URL (nothing
 * changes for a single server), a {@link ServerPool} of them for several, each server named by its normalised base
 * URL and probed back with {@link ModelsProbe}. The caller's {@code factory} configures each server's backend with the
 * same settings (endpoint, key, per-server concurrency, timeouts, retries), so the per-server concurrency limit is
 * {@code --concurrency} and the pool's capacity is its sum. In a pool a refused connection is not retried on the same
 * server ({@link OpenAiBackend.Builder#retryRefusedConnections}): the call fails over at once.
 */
public final class OpenAiServerPool {
  /** Probe timeout: a server that does not answer its model list within this is still down. */
  public static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);

  private OpenAiServerPool() {}

  /**
   * @throws IllegalArgumentException for an empty list, a URL the factory rejects, or two URLs that normalise to the
   *     same server
   */
  public static LlmBackend open(List<String> baseUrls, Function<String, OpenAiBackend.Builder> factory, ServerPool.Listener listener) {
    Objects.requireNonNull(factory, "factory");
    Objects.requireNonNull(listener, "listener");
    if (baseUrls.isEmpty()) throw new IllegalArgumentException("no server URL given");
    if (baseUrls.size() == 1) return factory.apply(baseUrls.getFirst()).build();
    List<OpenAiBackend> opened = new ArrayList<>();
    try {
      ServerPool.Builder b = ServerPool.builder().probe(new ModelsProbe(PROBE_TIMEOUT)).listener(listener);
      for (String url : baseUrls) {
        // a refused connection goes to another server at once instead of through the backoff
        OpenAiBackend backend = factory.apply(url).retryRefusedConnections(false).build();
        opened.add(backend);
        b.server(backend.baseUrl().toString(), backend);
      }
      return b.build();
    } catch (RuntimeException e) {
      opened.forEach(OpenAiBackend::close);
      throw e;
    }
  }
}
