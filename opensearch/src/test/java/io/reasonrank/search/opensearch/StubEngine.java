package io.reasonrank.search.opensearch;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import javax.net.ssl.SSLContext;

/**
 * A scripted HTTP(S) endpoint on loopback for protocol tests (headers, retries, error bodies, TLS): every
 * request is recorded and answered by a function. Not an engine: tests of behaviour use {@link TestNode}.
 */
final class StubEngine implements AutoCloseable {
  record Request(String method, String path, String authorization, String contentType, String body) {}

  record Answer(int status, String body) {}

  private final HttpServer server;
  final List<Request> requests = new CopyOnWriteArrayList<>();

  private StubEngine(HttpServer server, Function<Request, Answer> script) {
    this.server = server;
    server.createContext("/", ex -> handle(ex, script));
    server.start();
  }

  static StubEngine http(Function<Request, Answer> script) {
    try {
      return new StubEngine(HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0), script);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static StubEngine https(SSLContext tls, Function<Request, Answer> script) {
    try {
      HttpsServer s = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      s.setHttpsConfigurator(new HttpsConfigurator(tls));
      return new StubEngine(s, script);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code GET /} of an OpenSearch 3.8.0 node. */
  static final String OPENSEARCH_ROOT = "{\"version\":{\"distribution\":\"opensearch\",\"number\":\"3.8.0\"}}";

  URI url() {
    String scheme = server instanceof HttpsServer ? "https" : "http";
    return URI.create(scheme + "://127.0.0.1:" + server.getAddress().getPort());
  }

  private void handle(HttpExchange ex, Function<Request, Answer> script) throws IOException {
    try (ex) {
      String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      String path = ex.getRequestURI().getRawPath() + (ex.getRequestURI().getRawQuery() == null ? "" : "?" + ex.getRequestURI().getRawQuery());
      Request r = new Request(ex.getRequestMethod(), path, ex.getRequestHeaders().getFirst("Authorization"),
          ex.getRequestHeaders().getFirst("Content-Type"), body);
      requests.add(r);
      Answer a = script.apply(r);
      byte[] out = a.body().getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().set("Content-Type", "application/json");
      if (r.method().equals("HEAD") || out.length == 0) {
        ex.sendResponseHeaders(a.status(), -1);
      } else {
        ex.sendResponseHeaders(a.status(), out.length);
        ex.getResponseBody().write(out);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
