package io.reasonrank.search.opensearch;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * How requests authenticate: none, HTTP basic ({@code username:password}), or an API key sent as
 * {@code Authorization: ApiKey KEY} (Elasticsearch's and OpenSearch's form; {@code KEY} is the
 * base64 {@code id:api_key} the cluster hands out, sent verbatim). At most one of the two.
 */
public record Credentials(String username, String password, String apiKey) {
  public static final Credentials NONE = new Credentials(null, null, null);

  public Credentials {
    if (username != null && username.isEmpty()) throw new IllegalArgumentException("username must not be empty");
    if (username != null && username.contains(":")) throw new IllegalArgumentException("username must not contain ':'");
    if (password != null && username == null) throw new IllegalArgumentException("a password needs a username");
    if (apiKey != null && apiKey.isBlank()) throw new IllegalArgumentException("API key must not be blank");
    if (apiKey != null && username != null) throw new IllegalArgumentException("give basic auth or an API key, not both");
  }

  public static Credentials basic(String username, String password) {
    return new Credentials(username, password == null ? "" : password, null);
  }

  public static Credentials apiKey(String key) {
    return new Credentials(null, null, key);
  }

  /** The {@code Authorization} header value, if any. */
  public Optional<String> authorization() {
    if (apiKey != null) return Optional.of("ApiKey " + apiKey.strip());
    if (username == null) return Optional.empty();
    String pair = username + ":" + (password == null ? "" : password);
    return Optional.of("Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
  }

  @Override
  public String toString() { // never print secrets
    return apiKey != null ? "Credentials[api key]" : username != null ? "Credentials[basic " + username + "]" : "Credentials[none]";
  }
}
