package io.reasonrank.search.opensearch;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What {@code GET /} says about a cluster: its distribution ({@code opensearch}, or {@code elasticsearch}
 * when the field is absent, as Elasticsearch omits it) and version.
 */
public record ClusterInfo(String distribution, String version) {
  public static ClusterInfo of(RestTransport rest) {
    JsonNode v = rest.send("GET", "/", null).body().path("version");
    String number = v.path("number").asText("");
    if (number.isEmpty()) throw new EngineException("GET " + rest.config().url() + "/: not an OpenSearch or Elasticsearch endpoint (no version.number)");
    return new ClusterInfo(v.path("distribution").asText("elasticsearch"), number);
  }

  public boolean isOpenSearch() {
    return distribution.equals("opensearch");
  }

  @Override
  public String toString() {
    return (isOpenSearch() ? "OpenSearch " : "Elasticsearch ") + version;
  }
}
