package io.reasonrank.cli;

import io.reasonrank.search.opensearch.ClusterInfo;
import io.reasonrank.search.opensearch.Credentials;
import io.reasonrank.search.opensearch.EngineConfig;
import io.reasonrank.search.opensearch.RestTransport;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * The cluster options of {@code index} and {@code search} with {@code --engine opensearch|elasticsearch}
 * (a picocli mixin). Secrets never go on the command line: the password and the API key are read from
 * environment variables whose names are options, like {@code rerank --api-key-env}.
 */
final class EngineOptions {
  static final String USER_ENV = "REASONRANK_ENGINE_USER";
  static final String PASSWORD_ENV = "REASONRANK_ENGINE_PASSWORD";
  static final String API_KEY_ENV = "REASONRANK_ENGINE_API_KEY";
  static final String CA_CERT_ENV = "REASONRANK_ENGINE_CA_CERT";

  @Option(names = "--engine", paramLabel = "ENGINE", converter = Engine.Converter.class,
      description = "lucene (embedded, default), opensearch or elasticsearch (a cluster: --url, --index-name).")
  Engine engine = Engine.LUCENE;

  @Option(names = "--url", paramLabel = "URL", description = "Cluster URL, http[s]://host:port.")
  String url;

  @Option(names = "--index-name", paramLabel = "NAME", description = "Index name on the cluster.")
  String indexName;

  @Option(names = "--user", paramLabel = "USER", description = "Basic-auth user (default: $" + USER_ENV + "); the password is read from --password-env.")
  String user;

  @Option(names = "--password-env", paramLabel = "VAR", description = "Environment variable holding the basic-auth password (default: ${DEFAULT-VALUE}).")
  String passwordEnv = PASSWORD_ENV;

  @Option(names = "--api-key-env", paramLabel = "VAR",
      description = "Environment variable holding an API key, sent as 'Authorization: ApiKey KEY' (default: ${DEFAULT-VALUE}; unset: none).")
  String apiKeyEnv = API_KEY_ENV;

  @Option(names = "--ca-cert", paramLabel = "PEM", description = "CA certificate(s) to trust for https, PEM (default: $" + CA_CERT_ENV + "; unset: the JVM's trust store).")
  Path caCert;

  @Option(names = "--engine-timeout", paramLabel = "SECONDS", description = "Per-request timeout (default: ${DEFAULT-VALUE}).")
  int timeoutSeconds = 60;

  @Option(names = "--engine-retries", paramLabel = "N", description = "Retries of a request answered 429/5xx or timed out, with backoff (default: ${DEFAULT-VALUE}).")
  int retries = 5;

  /** Checks that the options fit the engine; returns whether a cluster is used. */
  boolean validate(boolean localIndexGiven) {
    if (!engine.isCluster()) {
      if (url != null || indexName != null) throw new UserException("--url and --index-name need --engine opensearch or elasticsearch");
      if (!localIndexGiven) throw new UserException("--engine lucene needs --index DIR");
      return false;
    }
    if (localIndexGiven) throw new UserException("--engine " + engine + " uses --url and --index-name, not --index");
    if (url == null || indexName == null) throw new UserException("--engine " + engine + " needs --url URL and --index-name NAME");
    if (indexName.isBlank() || !indexName.equals(indexName.strip())) throw new UserException("--index-name must be a non-blank name, got '" + indexName + "'");
    if (timeoutSeconds < 1) throw new UserException("--engine-timeout must be >= 1, got " + timeoutSeconds);
    if (retries < 0) throw new UserException("--engine-retries must be >= 0, got " + retries);
    return true;
  }

  /** Opens the transport and checks that the cluster is the engine asked for. */
  RestTransport connect() {
    return connect(url, engine, user, passwordEnv, apiKeyEnv, caCert, timeoutSeconds, retries);
  }

  /** A transport to {@code url}; {@code engine} null accepts either distribution. */
  static RestTransport connect(String url, Engine engine, String user, String passwordEnv, String apiKeyEnv, Path caCert,
      int timeoutSeconds, int retries) {
    URI uri;
    try {
      uri = new URI(url.strip());
    } catch (URISyntaxException e) {
      throw new UserException("--url: not a URL: " + url);
    }
    String u = user != null ? user : System.getenv(USER_ENV);
    String key = apiKeyEnv == null ? null : System.getenv(apiKeyEnv);
    Path ca = caCert != null ? caCert : System.getenv(CA_CERT_ENV) != null ? Path.of(System.getenv(CA_CERT_ENV)) : null;
    if (ca != null && !Files.isRegularFile(ca)) throw new UserException("--ca-cert: no such file: " + ca);
    EngineConfig config;
    try {
      Credentials credentials;
      if (key != null && !key.isBlank() && u != null) throw new UserException("give basic auth (--user) or an API key ($" + apiKeyEnv + "), not both");
      if (key != null && !key.isBlank()) credentials = Credentials.apiKey(key);
      else if (u != null) credentials = Credentials.basic(u, passwordEnv == null ? null : System.getenv(passwordEnv));
      else credentials = Credentials.NONE;
      config = new EngineConfig(uri, credentials, ca, Duration.ofSeconds(timeoutSeconds), retries, Duration.ofMillis(500));
    } catch (IllegalArgumentException e) {
      throw new UserException("--url/--user: " + e.getMessage());
    }
    RestTransport rest = new RestTransport(config);
    try {
      ClusterInfo info = ClusterInfo.of(rest);
      if (engine != null && info.isOpenSearch() != (engine == Engine.OPENSEARCH)) {
        throw new UserException(config.url() + " is " + info + ", not " + engine + " (give --engine "
            + (info.isOpenSearch() ? "opensearch" : "elasticsearch") + ")");
      }
    } catch (RuntimeException e) {
      rest.close();
      throw e;
    }
    return rest;
  }
}
