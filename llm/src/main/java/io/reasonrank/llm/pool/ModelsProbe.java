package io.reasonrank.llm.pool;

import io.reasonrank.llm.LlmBackend;
import io.reasonrank.llm.LlmException;
import io.reasonrank.llm.openai.OpenAiBackend;
import io.reasonrank.llm.route.ServerProbe;
import java.io.IOException;
import java.time.Duration;
import java.util.Objects;

/**
 * Probes an OpenAI-compatible server with one {@code GET {base}/models} ({@link OpenAiBackend#modelsStatus}: the
 * server's own backend, so its API key goes along), no retries, within a short timeout. Any HTTP answer below 500
 * counts as "reachable again" (a 401 or 404 is the server talking; whether generation works is what the pool's trial
 * call then finds out); a connection failure, a timeout or a 5xx counts as "still down".
 */
public final class ModelsProbe implements ServerProbe {
  private final Duration timeout;

  /** @throws IllegalArgumentException when {@code timeout} is not positive */
  public ModelsProbe(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero()) throw new IllegalArgumentException("probe timeout must be positive, got " + timeout);
    this.timeout = timeout;
  }

  /**
   * {@code server} is the normalised base URL, e.g. {@code http://host:8000/v1}; {@code backend} is that server's
   * {@link OpenAiBackend}.
   */
  @Override
  public void probe(String server, LlmBackend backend) throws IOException, InterruptedException {
    OpenAiBackend http = (OpenAiBackend) backend;
    String what = "GET " + server + "/models";
    int status;
    try {
      status = http.modelsStatus(timeout);
    } catch (IOException e) { // the JDK's ConnectException often has no message
      throw new IOException(what + ": " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), e);
    } catch (LlmException e) {
      if (e.kind() == LlmException.Kind.INTERRUPTED) throw new InterruptedException(what + " interrupted");
      throw e;
    }
    if (status >= 500) throw new IOException(what + ": HTTP " + status);
  }
}
