package io.reasonrank.service.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Calls a ReasonRank service's Cohere v2 endpoint and returns the scores in input order, one per document. The
 * service answers every document (no {@code top_n} is sent), so a missing or repeated index is a protocol error.
 * Thread-safe; one instance per service.
 */
public final class ReasonRankClient {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** One answer: {@code scores[i]} belongs to input document i; {@code order} is best first; {@code warnings} are the service's fallbacks. */
  public record Ranking(double[] scores, List<Integer> order, List<String> warnings, long promptTokens, long totalTokens) {
    public Ranking {
      scores = scores.clone();
      order = List.copyOf(order);
      warnings = List.copyOf(warnings);
    }

    @Override
    public double[] scores() {
      return scores.clone();
    }
  }

  private final URI endpoint;
  private final String apiKey;
  private final Duration timeout;
  private final String model;
  private final HttpClient http;

  private ReasonRankClient(Builder b) {
    String base = b.baseUrl.endsWith("/") ? b.baseUrl.substring(0, b.baseUrl.length() - 1) : b.baseUrl;
    this.endpoint = URI.create(base + "/v2/rerank");
    this.apiKey = b.apiKey;
    this.timeout = b.timeout;
    this.model = b.model;
    this.http = b.http != null ? b.http : HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Reranks {@code documents} for {@code query}. */
  public Ranking rerank(String query, List<String> documents) {
    Objects.requireNonNull(query, "query");
    if (documents.isEmpty()) return new Ranking(new double[0], List.of(), List.of(), 0, 0);
    ObjectNode body = MAPPER.createObjectNode().put("model", model).put("query", query);
    ArrayNode docs = body.putArray("documents");
    documents.forEach(docs::add);
    HttpRequest.Builder req = HttpRequest.newBuilder(endpoint).timeout(timeout).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
    if (apiKey != null) req.header("Authorization", "Bearer " + apiKey);
    HttpResponse<String> resp;
    try {
      resp = http.send(req.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new ReasonRankClientException(0, "cannot reach " + endpoint + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ReasonRankClientException(0, "interrupted while waiting for " + endpoint, e);
    }
    JsonNode json;
    try {
      json = MAPPER.readTree(resp.body());
    } catch (IOException e) {
      throw new ReasonRankClientException(resp.statusCode(), endpoint + " answered " + resp.statusCode() + " with a body that is not JSON", e);
    }
    if (resp.statusCode() != 200) {
      throw new ReasonRankClientException(resp.statusCode(), endpoint + " answered " + resp.statusCode() + ": " + json.path("message").asText(resp.body()), null);
    }
    double[] scores = new double[documents.size()];
    Arrays.fill(scores, Double.NaN);
    List<Integer> order = new ArrayList<>();
    for (JsonNode r : json.path("results")) {
      int i = r.path("index").asInt(-1);
      if (i < 0 || i >= scores.length || !Double.isNaN(scores[i])) throw new ReasonRankClientException(200, "bad or repeated index " + i + " in " + endpoint + "'s answer", null);
      scores[i] = r.path("relevance_score").asDouble();
      order.add(i);
    }
    if (order.size() != scores.length) {
      throw new ReasonRankClientException(200, endpoint + " answered " + order.size() + " results for " + scores.length + " documents", null);
    }
    List<String> warnings = new ArrayList<>();
    json.path("meta").path("warnings").forEach(w -> warnings.add(w.asText()));
    return new Ranking(scores, order, warnings, json.path("usage").path("prompt_tokens").asLong(), json.path("usage").path("total_tokens").asLong());
  }

  /** Builds a {@link ReasonRankClient}. */
  public static final class Builder {
    private String baseUrl = "http://127.0.0.1:8080";
    private String apiKey;
    private Duration timeout = Duration.ofSeconds(120);
    private String model = "reasonrank";
    private HttpClient http;

    /** The service's root, e.g. {@code http://reranker:8080} (default {@code http://127.0.0.1:8080}). */
    public Builder baseUrl(String baseUrl) {
      this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl");
      return this;
    }

    /** Sent as {@code Authorization: Bearer KEY} when set. */
    public Builder apiKey(String apiKey) {
      this.apiKey = apiKey;
      return this;
    }

    /** How long one call may take (default 120 s); keep it above the service's deadline. */
    public Builder timeout(Duration timeout) {
      this.timeout = Objects.requireNonNull(timeout, "timeout");
      return this;
    }

    public Builder model(String model) {
      this.model = Objects.requireNonNull(model, "model");
      return this;
    }

    public Builder httpClient(HttpClient http) {
      this.http = Objects.requireNonNull(http, "http");
      return this;
    }

    public ReasonRankClient build() {
      return new ReasonRankClient(this);
    }
  }
}
