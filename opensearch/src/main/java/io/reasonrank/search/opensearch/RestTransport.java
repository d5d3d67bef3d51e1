package io.reasonrank.search.opensearch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Collection;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;

/**
 * JSON over HTTP to one cluster with {@code java.net.http} (the REST API that OpenSearch and
 * Elasticsearch share; no engine client library): the {@code Authorization} header on every request, TLS
 * that trusts a PEM CA file when one is given, and retries with exponential backoff of requests answered
 * 429 (the engine's back-pressure) or 5xx, or timed out. Any other failure is an {@link EngineException}
 * with one line naming the URL and the engine's own error. Thread-safe.
 */
public final class RestTransport implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();

  private final EngineConfig config;
  private final HttpClient http;
  private final Optional<String> authorization;

  public RestTransport(EngineConfig config) {
    this.config = config;
    this.authorization = config.credentials().authorization();
    HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(config.timeout()).version(HttpClient.Version.HTTP_1_1);
    if (config.caCert() != null) b.sslContext(trusting(config.caCert()));
    this.http = b.build();
  }

  public EngineConfig config() {
    return config;
  }

  /** A response that came back with a 2xx status (or 404 where the caller allowed it). */
  public record Response(int status, JsonNode body) {}

  /** Sends {@code method path} with a JSON body ({@code null} for none); a non-2xx answer throws. */
  public Response send(String method, String path, String jsonBody) {
    return send(method, path, jsonBody, "application/json", false);
  }

  /**
   * Sends a request, retrying 429, 5xx and timeouts up to {@link EngineConfig#maxRetries()} times. With
   * {@code allow404}, a 404 is returned instead of thrown (existence checks).
   */
  public Response send(String method, String path, String body, String contentType, boolean allow404) {
    URI uri = URI.create(config.url() + path);
    HttpRequest.Builder rb = HttpRequest.newBuilder(uri).timeout(config.timeout())
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
        .header("Accept", "application/json");
    if (body != null) rb.header("Content-Type", contentType);
    authorization.ifPresent(a -> rb.header("Authorization", a));
    HttpRequest request = rb.build();
    String what = method + " " + config.url() + path;
    Duration delay = config.backoff();
    for (int attempt = 0; ; attempt++) {
      boolean last = attempt >= config.maxRetries();
      HttpResponse<InputStream> r;
      try {
        r = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
      } catch (HttpConnectTimeoutException e) {
        throw new EngineException(what + ": connection timed out after " + config.timeout().toMillis() + " ms");
      } catch (HttpTimeoutException e) {
        if (last) throw new EngineException(what + ": no answer within " + config.timeout().toMillis() + " ms (" + (attempt + 1) + " tries)");
        delay = sleep(delay);
        continue;
      } catch (ConnectException e) {
        throw new EngineException(what + ": cannot connect (" + reason(e) + ")");
      } catch (SSLHandshakeException e) {
        throw new EngineException(what + ": TLS handshake failed (" + reason(e) + ")"
            + (config.caCert() == null ? "; give the cluster's CA certificate as a PEM file" : ""));
      } catch (IOException e) {
        throw new EngineException(what + ": " + reason(e));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new EngineException(what + ": interrupted");
      }
      int status = r.statusCode();
      JsonNode json = readBody(r, what);
      if (status / 100 == 2 || (allow404 && status == 404)) return new Response(status, json);
      if ((status == 429 || status / 100 == 5) && !last) {
        delay = sleep(delay);
        continue;
      }
      throw new EngineException(what + ": " + describe(status, json)
          + (status == 429 || status / 100 == 5 ? " (" + (attempt + 1) + " tries)" : ""), status);
    }
  }

  /** {@code /name}, URL-encoded for a path segment. */
  static String segment(String name) {
    return "/" + URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private Duration sleep(Duration d) {
    try {
      Thread.sleep(d);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EngineException("interrupted while waiting to retry " + config.url());
    }
    Duration next = d.multipliedBy(2);
    return next.compareTo(Duration.ofSeconds(30)) > 0 ? Duration.ofSeconds(30) : next;
  }

  private static JsonNode readBody(HttpResponse<InputStream> r, String what) {
    try (InputStream in = r.body()) {
      byte[] bytes = in.readAllBytes();
      if (bytes.length == 0) return JSON.missingNode();
      try {
        return JSON.readTree(bytes);
      } catch (IOException e) {
        // a proxy's HTML error page, say: keep its first line for the message
        String text = new String(bytes, 0, Math.min(bytes.length, 200), StandardCharsets.UTF_8).strip();
        int nl = text.indexOf('\n');
        return JSON.getNodeFactory().textNode(nl < 0 ? text : text.substring(0, nl));
      }
    } catch (IOException e) {
      throw new EngineException(what + ": reading the response failed: " + reason(e));
    }
  }

  /** The engine's error as {@code type: reason (HTTP status)}, or the status alone. */
  static String describe(int status, JsonNode body) {
    JsonNode error = body.path("error");
    String detail;
    if (error.isObject()) {
      JsonNode cause = error.path("root_cause").path(0);
      JsonNode e = cause.isObject() ? cause : error;
      detail = e.path("type").asText("error") + ": " + e.path("reason").asText("");
    } else if (error.isTextual()) {
      detail = error.asText();
    } else if (body.isTextual() && !body.asText().isEmpty()) {
      detail = body.asText();
    } else {
      detail = status == 401 ? "unauthorized" : status == 403 ? "forbidden" : status == 404 ? "not found" : "request failed";
    }
    return detail.replaceAll("\\s+", " ").strip() + " (HTTP " + status + ")";
  }

  private static String reason(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t.getMessage() != null && !t.getMessage().isBlank()) return t.getMessage().replaceAll("\\s+", " ");
    }
    return e.getClass().getSimpleName();
  }

  /** An SSL context trusting exactly the certificates of a PEM file (one or more {@code BEGIN CERTIFICATE} blocks). */
  static SSLContext trusting(Path pem) {
    try (InputStream in = Files.newInputStream(pem)) {
      Collection<? extends Certificate> certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
      if (certs.isEmpty()) throw new EngineException(pem + ": no certificate in the CA file");
      KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
      ks.load(null, null);
      int i = 0;
      for (Certificate c : certs) ks.setCertificateEntry("ca-" + i++, c);
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(ks);
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, tmf.getTrustManagers(), null);
      return ctx;
    } catch (NoSuchFileException e) {
      throw new EngineException(pem + ": no such CA certificate file");
    } catch (IOException | GeneralSecurityException e) {
      throw new EngineException(pem + ": not a PEM certificate file (" + reason(e) + ")");
    }
  }

  @Override
  public void close() {
    http.close();
  }
}
