package io.reasonrank.search.opensearch;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Where a cluster is and how to talk to it.
 *
 * @param url base URL, {@code http[s]://host:port} (a path prefix, as behind a proxy, is kept)
 * @param credentials basic auth, an API key, or {@link Credentials#NONE}
 * @param caCert PEM file of the CA certificate(s) to trust for {@code https}, or {@code null} for the JVM's trust store
 * @param timeout per-request timeout (connect and response)
 * @param maxRetries retries of a request answered 429 or 5xx, or timed out, with exponential backoff
 * @param backoff the first retry's delay; it doubles per retry, capped at 30 s
 */
public record EngineConfig(URI url, Credentials credentials, Path caCert, Duration timeout, int maxRetries, Duration backoff) {
  public EngineConfig {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(credentials, "credentials");
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(backoff, "backoff");
    String scheme = url.getScheme();
    if (!"http".equals(scheme) && !"https".equals(scheme)) {
      throw new IllegalArgumentException("URL must be http:// or https://, got " + url);
    }
    if (url.getHost() == null) throw new IllegalArgumentException("URL has no host: " + url);
    if (url.getQuery() != null || url.getFragment() != null) throw new IllegalArgumentException("URL must not have a query or fragment: " + url);
    if (url.getUserInfo() != null) throw new IllegalArgumentException("put credentials in the auth options, not the URL: " + url.getHost());
    if (caCert != null && !"https".equals(scheme)) throw new IllegalArgumentException("a CA certificate needs an https:// URL, got " + url);
    if (timeout.isNegative() || timeout.isZero()) throw new IllegalArgumentException("timeout must be > 0, got " + timeout);
    if (maxRetries < 0) throw new IllegalArgumentException("maxRetries must be >= 0, got " + maxRetries);
    if (backoff.isNegative()) throw new IllegalArgumentException("backoff must be >= 0, got " + backoff);
    String s = url.toString();
    if (s.endsWith("/")) url = URI.create(s.substring(0, s.length() - 1));
  }

  /** Defaults: 60 s timeout, 5 retries from 500 ms. */
  public static EngineConfig of(URI url, Credentials credentials, Path caCert) {
    return new EngineConfig(url, credentials, caCert, Duration.ofSeconds(60), 5, Duration.ofMillis(500));
  }
}
