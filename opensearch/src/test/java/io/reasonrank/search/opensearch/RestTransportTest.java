package io.reasonrank.search.opensearch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What goes over the wire and what a failure says, against a scripted loopback endpoint. */
class RestTransportTest {
  @TempDir Path tmp;

  private static EngineConfig config(URI url, Credentials c, Path ca, int retries) {
    return new EngineConfig(url, c, ca, Duration.ofSeconds(10), retries, Duration.ofMillis(1));
  }

  private static StubEngine root() {
    return StubEngine.http(r -> new StubEngine.Answer(200, StubEngine.OPENSEARCH_ROOT));
  }

  @Test
  void basicAuthIsSentOnEveryRequest() {
    try (StubEngine stub = root(); RestTransport rest = new RestTransport(config(stub.url(), Credentials.basic("user", "pa:ss"), null, 0))) {
      ClusterInfo info = ClusterInfo.of(rest);
      rest.send("GET", "/x/_count", null);
      assertThat(info).hasToString("OpenSearch 3.8.0");
      // base64("user:pa:ss")
      assertThat(stub.requests).extracting(StubEngine.Request::authorization).containsExactly("Basic dXNlcjpwYTpzcw==", "Basic dXNlcjpwYTpzcw==");
    }
  }

  @Test
  void anApiKeyIsSentAsApiKeyAuthorization() {
    try (StubEngine stub = root(); RestTransport rest = new RestTransport(config(stub.url(), Credentials.apiKey("aWQ6a2V5"), null, 0))) {
      ClusterInfo.of(rest);
      assertThat(stub.requests.getFirst().authorization()).isEqualTo("ApiKey aWQ6a2V5");
    }
  }

  @Test
  void noCredentialsSendNoAuthorization() {
    try (StubEngine stub = root(); RestTransport rest = new RestTransport(config(stub.url(), Credentials.NONE, null, 0))) {
      ClusterInfo.of(rest);
      assertThat(stub.requests.getFirst().authorization()).isNull();
    }
  }

  @Test
  void credentialsAreValidatedAndNeverPrinted() {
    assertThatThrownBy(() -> new Credentials("u", "p", "k")).hasMessage("give basic auth or an API key, not both");
    assertThatThrownBy(() -> Credentials.basic("a:b", "p")).hasMessage("username must not contain ':'");
    assertThatThrownBy(() -> Credentials.apiKey(" ")).hasMessage("API key must not be blank");
    assertThat(Credentials.basic("u", "secret")).hasToString("Credentials[basic u]");
    assertThat(Credentials.apiKey("secret")).hasToString("Credentials[api key]");
  }

  @Test
  void configRejectsWhatCannotWork() {
    Credentials none = Credentials.NONE;
    assertThatThrownBy(() -> config(URI.create("ftp://h:1"), none, null, 0)).hasMessage("URL must be http:// or https://, got ftp://h:1");
    assertThatThrownBy(() -> config(URI.create("http://u:p@h:1"), none, null, 0)).hasMessage("put credentials in the auth options, not the URL: h");
    assertThatThrownBy(() -> config(URI.create("http://h:1"), none, Path.of("ca.pem"), 0)).hasMessage("a CA certificate needs an https:// URL, got http://h:1");
    assertThat(config(URI.create("http://h:1/prefix/"), none, null, 0).url()).hasToString("http://h:1/prefix");
  }

  @Test
  void backPressureAndServerErrorsAreRetriedWithBackoff() {
    AtomicInteger calls = new AtomicInteger();
    try (StubEngine stub = StubEngine.http(r -> calls.incrementAndGet() <= 2
            ? new StubEngine.Answer(calls.get() == 1 ? 429 : 503, "{\"error\":\"busy\",\"status\":429}")
            : new StubEngine.Answer(200, "{\"count\":7}"));
        RestTransport rest = new RestTransport(config(stub.url(), Credentials.NONE, null, 2))) {
      assertThat(rest.send("GET", "/i/_count", null).body().path("count").asInt()).isEqualTo(7);
      assertThat(stub.requests).hasSize(3);
    }
  }

  @Test
  void retriesRunOutIntoOneLine() {
    try (StubEngine stub = StubEngine.http(r -> new StubEngine.Answer(503,
            "{\"error\":{\"root_cause\":[{\"type\":\"cluster_block_exception\",\"reason\":\"blocked by: [SERVICE_UNAVAILABLE/1/state not recovered];\"}]},\"status\":503}"));
        RestTransport rest = new RestTransport(config(stub.url(), Credentials.NONE, null, 2))) {
      assertThatThrownBy(() -> rest.send("GET", "/i/_count", null)).isInstanceOf(EngineException.class)
          .hasMessage("GET " + stub.url() + "/i/_count: cluster_block_exception: blocked by: [SERVICE_UNAVAILABLE/1/state not recovered]; (HTTP 503) (3 tries)");
      assertThat(stub.requests).hasSize(3);
    }
  }

  @Test
  void clientErrorsAreNotRetriedAndSayWhatTheEngineSaid() {
    try (StubEngine stub = StubEngine.http(r -> new StubEngine.Answer(401,
            "{\"error\":{\"root_cause\":[{\"type\":\"security_exception\",\"reason\":\"missing authentication credentials for REST request [/]\"}],"
                + "\"type\":\"security_exception\",\"reason\":\"missing authentication credentials for REST request [/]\"},\"status\":401}"));
        RestTransport rest = new RestTransport(config(stub.url(), Credentials.NONE, null, 3))) {
      assertThatThrownBy(() -> ClusterInfo.of(rest))
          .hasMessage("GET " + stub.url() + "/: security_exception: missing authentication credentials for REST request [/] (HTTP 401)");
      assertThat(stub.requests).hasSize(1);
    }
  }

  @Test
  void aNonJsonErrorPageIsQuotedByItsFirstLine() {
    try (StubEngine stub = StubEngine.http(r -> new StubEngine.Answer(403, "<html>Forbidden by proxy\n<body>...</body></html>"));
        RestTransport rest = new RestTransport(config(stub.url(), Credentials.NONE, null, 0))) {
      assertThatThrownBy(() -> rest.send("GET", "/", null)).hasMessage("GET " + stub.url() + "/: <html>Forbidden by proxy (HTTP 403)");
    }
  }

  @Test
  void aClosedPortIsOneLineAndNotRetried() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    try (RestTransport rest = new RestTransport(config(URI.create("http://127.0.0.1:" + port), Credentials.NONE, null, 5))) {
      assertThatThrownBy(() -> rest.send("GET", "/", null)).isInstanceOf(EngineException.class)
          .hasMessageStartingWith("GET http://127.0.0.1:" + port + "/: cannot connect").hasMessageNotContaining("\n");
    }
  }

  @Test
  void tlsTrustsTheGivenCaFileOnly() throws Exception {
    Path keystore = tmp.resolve("server.p12"), ca = tmp.resolve("ca.pem");
    keytool("-genkeypair", "-alias", "node", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=127.0.0.1",
        "-ext", "SAN=ip:127.0.0.1", "-validity", "2", "-keystore", keystore.toString(), "-storepass", "changeit", "-storetype", "PKCS12");
    keytool("-exportcert", "-rfc", "-alias", "node", "-keystore", keystore.toString(), "-storepass", "changeit", "-file", ca.toString());
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(keystore)) {
      ks.load(in, "changeit".toCharArray());
    }
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(ks, "changeit".toCharArray());
    SSLContext server = SSLContext.getInstance("TLS");
    server.init(kmf.getKeyManagers(), null, null);
    try (StubEngine stub = StubEngine.https(server, r -> new StubEngine.Answer(200, StubEngine.OPENSEARCH_ROOT))) {
      try (RestTransport rest = new RestTransport(config(stub.url(), Credentials.apiKey("k"), ca, 0))) {
        assertThat(ClusterInfo.of(rest).isOpenSearch()).isTrue();
        assertThat(stub.requests.getFirst().authorization()).isEqualTo("ApiKey k");
      }
      try (RestTransport rest = new RestTransport(config(stub.url(), Credentials.NONE, null, 0))) {
        assertThatThrownBy(() -> ClusterInfo.of(rest)).isInstanceOf(EngineException.class)
            .hasMessageStartingWith("GET " + stub.url() + "/: TLS handshake failed")
            .hasMessageEndingWith("; give the cluster's CA certificate as a PEM file");
      }
    }
  }

  @Test
  void aCaFileThatIsNotPemIsOneLine() throws IOException {
    Path bad = Files.writeString(tmp.resolve("ca.pem"), "not a certificate\n");
    assertThatThrownBy(() -> RestTransport.trusting(bad)).isInstanceOf(EngineException.class)
        .hasMessageStartingWith(bad + ": not a PEM certificate file");
    assertThatThrownBy(() -> RestTransport.trusting(tmp.resolve("missing.pem"))).hasMessage(tmp.resolve("missing.pem") + ": no such CA certificate file");
  }

  private static void keytool(String... args) throws Exception {
    List<String> cmd = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor()).as(out).isZero();
  }
}
