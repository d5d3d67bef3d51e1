package io.reasonrank.llm.pool;

import io.reasonrank.llm.LlmBackend;
import io.reasonrank.llm.route.ServerProbe;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Objects;

/**
 * Probes an OpenAI-compatible server with one {@code GET {base}/models}, no retries, within a short timeout. Any
 * HTTP answer below 500 counts as "reachable again" (a 401 or 404 is the server talking; whether generation works is
 * what the pool's trial call then finds out); a connection failure, a timeout or a 5xx counts as "still down".
 */
public final class ModelsProbe implements ServerProbe {
  private final Duration timeout;
  private final HttpClient client;

  /** @throws IllegalArgumentException when {@code timeout} is not positive */
  public ModelsProbe(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero()) throw new IllegalArgumentException("probe timeout must be positive, got " + timeout);
    this.timeout = timeout;
    this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout).build();
  }

  /** {@code server} is the normalised base URL, e.g. {@code http://host:8000/v1}. */
  @Override
  public void probe(String server, LlmBackend backend) throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(URI.create(server + "/models")).timeout(timeout).GET().build();
    HttpResponse<Void> response;
    try {
      response = client.send(request, HttpResponse.BodyHandlers.discarding());
    } catch (IOException e) { // the JDK's ConnectException often has no message
      throw new IOException("GET " + request.uri() + ": " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), e);
    }
    if (response.statusCode() >= 500) throw new IOException("GET " + request.uri() + ": HTTP " + response.statusCode());
  }
}
