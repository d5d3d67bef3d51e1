package io.reasonrank.llm.openai;

import io.reasonrank.io.Json;
import io.reasonrank.llm.ContextBudget;
import io.reasonrank.llm.Completion;
import io.reasonrank.llm.LlmBackend;
import io.reasonrank.llm.LlmException;
import io.reasonrank.llm.LlmRequest;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.ToIntFunction;

/**
 * An {@link LlmBackend} that talks to an OpenAI-compatible HTTP server: vLLM, SGLang, llama.cpp's
 * {@code llama-server} or Ollama serving reasonrank-7B/32B/8B (the reference runs vLLM, docs/reference-behaviour.md §2).
 *
 * <p><b>Requests.</b> {@link Endpoint#COMPLETIONS} (default) posts {@code prompt} = {@link LlmRequest#prompt()},
 * the rendered ChatML the reference generates from; {@link Endpoint#CHAT} posts {@code messages}. The sampling
 * fields are mapped as described in {@link OpenAiProtocol#requestBody}; {@code n} is always 1.
 *
 * <p><b>Failures.</b> HTTP 429, 408 and 5xx, timeouts, connection errors and 200 responses that are not a
 * usable completion (unparseable JSON, no {@code choices}) are retried up to {@code maxRetries} times with
 * jittered exponential backoff ({@link Backoff}); {@code Retry-After} (seconds or HTTP-date) on 429/503 sets
 * the wait. What no retry can fix fails at once with the server's message in one line and its
 * {@link LlmException.Kind}: any other 4xx (401/403 {@code AUTH}, 404 {@code NOT_FOUND}), and a 400 or 5xx whose
 * message says the prompt exceeds the context ({@code CONTEXT_EXCEEDED}, e.g. llama.cpp's 500 "Input prompt is too
 * big compared to KV size"). The final failure is an {@link LlmException} naming the URL and the number of attempts.
 *
 * <p><b>Probe.</b> {@link #probe()} (called by {@link #model()} and {@link #contextLength()}, once) asks the server
 * for its model list and enforced context in single attempts with a short timeout ({@link ServerProbe}), so that
 * an address where nothing answers fails in seconds with one line, not after a minute of retries.
 *
 * <p><b>Concurrency.</b> At most {@code maxConcurrency} HTTP exchanges are in flight (a fair semaphore held for
 * one attempt, not during a backoff sleep, so a waiting retry does not block other queries);
 * {@link #capacity()} reports it so schedulers keep that many requests going. Set it to the server's
 * parallelism (vLLM {@code --max-num-seqs}, llama.cpp {@code --parallel}); requests beyond what the server
 * runs at once only queue there and count against the request timeout.
 *
 * <p><b>Context.</b> {@link #contextLength()} is the builder's value if given, else the context the server
 * enforces as {@link ServerProbe} reads it. With a {@code promptTokenCounter} every request is checked with
 * {@link ContextBudget} before it is sent. llama.cpp's {@code timings} are summed in {@link #serverSpeed()}.
 */
public final class OpenAiBackend implements LlmBackend {

  /** Told about each retry before its backoff sleep, e.g. to show it on stderr. */
  @FunctionalInterface
  public interface RetryListener {
    /**
     * @param retry 1 for the first retry
     * @param maxRetries the configured limit
     * @param reason why the previous attempt failed, one line
     * @param delay how long the backend waits before the retry
     */
    void onRetry(int retry, int maxRetries, String reason, Duration delay);
  }

  private final URI baseUrl;
  private final String configuredModel;
  private final Endpoint endpoint;
  private final String apiKey;
  private final int maxConcurrency;
  private final Semaphore permits;
  private final Duration requestTimeout;
  private final int maxRetries;
  private final Backoff backoff;
  private final OptionalInt contextOverride;
  private final ToIntFunction<String> promptTokenCounter;
  private final Map<String, Object> extraBody;
  private final RetryListener retryListener;
  private final boolean retryRefusedConnections;
  private final HttpClient client;

  private final String apiKeyEnv;
  private final Duration probeTimeout;
  private final Object probeLock = new Object();
  private volatile ServerInfo info; // null: not probed yet
  private final Object speedLock = new Object();
  private ServerSpeed speed = ServerSpeed.NONE; // guarded by speedLock

  /** One HTTP attempt's status and body. */
  record HttpResult(int status, String body) {}

  private OpenAiBackend(Builder b) {
    this.baseUrl = normalizeBaseUrl(b.baseUrl);
    this.configuredModel = b.model;
    this.endpoint = b.endpoint;
    String key = b.environment.apply(b.apiKeyEnv);
    this.apiKey = key == null || key.isBlank() ? null : key.strip();
    this.apiKeyEnv = b.apiKeyEnv;
    this.probeTimeout = b.probeTimeout;
    this.maxConcurrency = b.maxConcurrency;
    this.permits = new Semaphore(b.maxConcurrency, true);
    this.requestTimeout = b.requestTimeout;
    this.maxRetries = b.maxRetries;
    this.retryRefusedConnections = b.retryRefusedConnections;
    this.backoff = new Backoff(b.backoffBase, b.backoffCap, b.random);
    this.contextOverride = b.contextLength;
    this.promptTokenCounter = b.promptTokenCounter;
    this.extraBody = Map.copyOf(b.extraBody);
    this.retryListener = b.retryListener;
    this.client = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(b.connectTimeout)
        .build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The normalised base URL every path is appended to, e.g. {@code http://localhost:8000/v1}. */
  public URI baseUrl() {
    return baseUrl;
  }

  public Endpoint endpoint() {
    return endpoint;
  }

  @Override
  public Completion complete(LlmRequest request) {
    Objects.requireNonNull(request, "request");
    if (promptTokenCounter != null) {
      checkContext(promptTokenCounter.applyAsInt(request.prompt()), request.sampling().maxTokens());
    }
    String body = OpenAiProtocol.requestBody(endpoint, model(), request, extraBody).toString();
    return exchange("POST", endpoint.path(), body, (status, json) -> {
      if (status / 100 != 2) throw rejected("POST", endpoint.path(), status, json);
      var root = OpenAiProtocol.parseObject(json);
      Completion c = OpenAiProtocol.parseCompletion(endpoint, root);
      ServerSpeed t = OpenAiProtocol.timings(root);
      if (t != null) {
        synchronized (speedLock) {
          speed = speed.plus(t);
        }
      }
      return c;
    });
  }

  /** The server's own speed figures (llama.cpp's {@code timings}) summed over the responses so far. */
  public ServerSpeed serverSpeed() {
    synchronized (speedLock) {
      return speed;
    }
  }

  /**
   * Asks the server, once, for its model list and the context it enforces ({@link ServerProbe}): single attempts
   * with the probe timeout (default 5 s), no retries.
   *
   * @throws LlmException {@link LlmException.Kind#UNREACHABLE} ("no OpenAI-compatible server at URL: connection
   *     refused") when nothing answers, or what the model list's answer means ({@code AUTH}, {@code NOT_FOUND}, …)
   */
  public ServerInfo probe() {
    ServerInfo i = info;
    if (i != null) return i;
    synchronized (probeLock) {
      if (info == null) info = ServerProbe.probe(baseUrl, configuredModel, apiKeyEnv, this::once);
      return info;
    }
  }

  /**
   * One fresh {@code GET {base}/models} attempt within {@code timeout}, with this backend's client and API key but
   * without a concurrency permit, retries or the cache of {@link #probe()}: the HTTP status, for a server pool asking
   * whether a server it took out of rotation answers again.
   *
   * @throws IOException when nothing answers within {@code timeout}
   * @throws LlmException {@link LlmException.Kind#INTERRUPTED} when the calling thread is interrupted
   */
  public int modelsStatus(Duration timeout) throws IOException {
    return once("GET", URI.create(baseUrl + "/models"), null, timeout).status();
  }

  /** One attempt under the probe timeout, without a concurrency permit or retries. */
  private HttpResult once(String method, URI uri, String body) throws IOException {
    return once(method, uri, body, probeTimeout);
  }

  private HttpResult once(String method, URI uri, String body, Duration timeout) throws IOException {
    HttpRequest.Builder rb = HttpRequest.newBuilder(uri).timeout(timeout).header("Accept", "application/json");
    if (apiKey != null) rb.header("Authorization", "Bearer " + apiKey);
    HttpRequest request = body == null ? rb.GET().build()
        : rb.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build();
    HttpResponse<String> r = exchange(request, timeout, "no answer within " + timeout.toSeconds() + " s", method, uri);
    return new HttpResult(r.statusCode(), r.body());
  }

  /**
   * Sends {@code request} and waits at most {@code timeout} for the whole response, body included; past it the
   * exchange is cancelled and this throws an {@link HttpTimeoutException} saying {@code timeoutMessage}.
   */
  private HttpResponse<String> exchange(HttpRequest request, Duration timeout, String timeoutMessage, String method, URI uri)
      throws IOException {
    CompletableFuture<HttpResponse<String>> future = client.sendAsync(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    try {
      return future.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      future.cancel(true);
      throw new HttpTimeoutException(timeoutMessage);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof IOException io) throw io;
      throw new IOException(e.getCause());
    } catch (InterruptedException e) {
      future.cancel(true);
      Thread.currentThread().interrupt();
      throw new LlmException(method + " " + uri + " interrupted", LlmException.Kind.INTERRUPTED, e);
    }
  }

  private static final String REFUSED = "connection refused";

  /** Why a connection failed, for people: {@code connection refused}, {@code unknown host x}, … */
  static String cause(IOException e) {
    Throwable t = e;
    while (t.getCause() != null && t.getMessage() == null) t = t.getCause();
    // the JDK client wraps the real cause (UnresolvedAddressException) in a bare ConnectException
    for (Throwable c = e; c != null; c = c.getCause()) {
      if (c instanceof java.net.UnknownHostException || c instanceof java.nio.channels.UnresolvedAddressException) {
        return "unknown host";
      }
      if (c instanceof java.net.http.HttpConnectTimeoutException) return "connection timed out";
      if (c instanceof java.net.NoRouteToHostException) return "no route to host";
    }
    for (Throwable c = e; c != null; c = c.getCause()) {
      if (c instanceof java.net.ConnectException) return REFUSED;
    }
    if (e instanceof HttpTimeoutException) return e.getMessage();
    return OpenAiProtocol.oneLine(String.valueOf(t));
  }

  /**
   * The model name sent with every request: the builder's, else the single model the server lists at
   * {@code GET {base}/models} (an error when it lists several or none).
   */
  @Override
  public String model() {
    if (configuredModel != null) return configuredModel;
    return probe().model();
  }

  @Override
  public int capacity() {
    return maxConcurrency;
  }

  /**
   * The builder's context length if one was given, else the context the server enforces as {@link #probe()} reads
   * it; empty when the server does not say.
   *
   * @throws LlmException when the server cannot be reached
   */
  @Override
  public OptionalInt contextLength() {
    if (contextOverride.isPresent()) return contextOverride;
    return probe().contextLength();
  }

  /** {@link ContextBudget#check} against {@link #contextLength()}; nothing happens when that is unknown. */
  public void checkContext(int promptTokens, int maxTokens) {
    ContextBudget.check(promptTokens, maxTokens, contextLength());
  }

  @Override
  public void close() {
    client.close();
  }

  @FunctionalInterface
  private interface ResponseHandler<T> {
    /** Handles a response whose status is not retried; a malformed body is retried like a 5xx. */
    T handle(int status, String body) throws OpenAiProtocol.MalformedResponseException;
  }

  private LlmException rejected(String method, String path, int status, String body) {
    String message = OpenAiProtocol.errorMessage(body);
    LlmException.Kind kind = OpenAiProtocol.classify(status, message);
    return new LlmException(method + " " + resolve(path) + " failed: HTTP " + status + " (" + kind.label() + ", not retried): "
        + message, kind);
  }

  /** One request with retries; {@code body} null means GET. */
  private <T> T exchange(String method, String path, String body, ResponseHandler<T> handler) {
    URI uri = resolve(path);
    HttpRequest.Builder rb = HttpRequest.newBuilder(uri).timeout(requestTimeout).header("Accept", "application/json");
    if (apiKey != null) rb.header("Authorization", "Bearer " + apiKey);
    HttpRequest request = body == null
        ? rb.GET().build()
        : rb.header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build();
    String lastFailure = null;
    LlmException.Kind lastKind = LlmException.Kind.OTHER;
    Optional<Duration> retryAfter = Optional.empty();
    for (int attempt = 1; ; attempt++) {
      if (attempt > 1) {
        Duration delay = backoff.delay(attempt - 1, retryAfter);
        retryListener.onRetry(attempt - 1, maxRetries, lastFailure, delay);
        sleep(delay, method, uri);
      }
      retryAfter = Optional.empty();
      HttpResponse<String> response;
      try {
        response = send(request, method, uri);
      } catch (HttpTimeoutException e) {
        lastFailure = "no response within " + requestTimeout.toMillis() + " ms";
        lastKind = LlmException.Kind.TIMEOUT;
        if (attempt > maxRetries) throw exhausted(method, uri, attempt, lastFailure, lastKind, e);
        continue;
      } catch (IOException e) {
        String why = cause(e);
        lastFailure = "connection failed: " + why;
        lastKind = LlmException.Kind.UNREACHABLE;
        if (attempt > maxRetries || (!retryRefusedConnections && why.equals(REFUSED))) {
          throw exhausted(method, uri, attempt, lastFailure, lastKind, e);
        }
        continue;
      }
      int status = response.statusCode();
      if (status == 429 || status == 408 || status / 100 == 5) {
        String message = OpenAiProtocol.errorMessage(response.body());
        // a 5xx that says the prompt does not fit (llama.cpp's "too big compared to KV size") fails the same way every time
        if (OpenAiProtocol.classify(status, message) == LlmException.Kind.CONTEXT_EXCEEDED) throw rejected(method, path, status, response.body());
        lastFailure = "HTTP " + status + ": " + message;
        lastKind = LlmException.Kind.SERVER_ERROR;
        if (status == 429 || status == 503) {
          retryAfter = Backoff.parseRetryAfter(response.headers().firstValue("Retry-After").orElse(null), Instant.now());
        }
        if (attempt > maxRetries) throw exhausted(method, uri, attempt, lastFailure, lastKind, null);
        continue;
      }
      try {
        return handler.handle(status, response.body());
      } catch (OpenAiProtocol.MalformedResponseException e) {
        lastFailure = "HTTP " + status + " with an unusable body: " + e.getMessage();
        lastKind = LlmException.Kind.MALFORMED;
        if (attempt > maxRetries) throw exhausted(method, uri, attempt, lastFailure, lastKind, null);
      }
    }
  }

  private static LlmException exhausted(String method, URI uri, int attempts, String failure, LlmException.Kind kind, Throwable cause) {
    return new LlmException(method + " " + uri + " failed after " + attempts + (attempts == 1 ? " attempt" : " attempts")
        + ", last: " + failure, kind, cause);
  }

  /**
   * One HTTP exchange under a concurrency permit. The whole exchange, body included, is bounded by the
   * request timeout ({@code HttpRequest.timeout} alone stops counting once the headers arrive).
   */
  private HttpResponse<String> send(HttpRequest request, String method, URI uri) throws IOException {
    try {
      permits.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LlmException(method + " " + uri + " interrupted", LlmException.Kind.INTERRUPTED, e);
    }
    try {
      return exchange(request, requestTimeout, "request timed out", method, uri);
    } finally {
      permits.release();
    }
  }

  private static void sleep(Duration d, String method, URI uri) {
    try {
      Thread.sleep(d);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LlmException(method + " " + uri + " interrupted", LlmException.Kind.INTERRUPTED, e);
    }
  }

  private URI resolve(String path) {
    return URI.create(baseUrl + path);
  }

  /**
   * The base URL rule: trailing slashes are dropped; a URL without a path ({@code http://host:8000} or
   * {@code http://host:8000/}) gets {@code /v1}; a URL with a path is used as given
   * ({@code http://host:8000/v1}, or a gateway's own prefix such as {@code https://gw.example/api/v1}).
   * So {@code http://localhost:8000}, {@code http://localhost:8000/v1} and {@code http://localhost:8000/v1/}
   * all mean {@code http://localhost:8000/v1}.
   */
  static URI normalizeBaseUrl(String url) {
    Objects.requireNonNull(url, "baseUrl");
    URI u;
    try {
      u = new URI(url.strip());
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("baseUrl must be an http(s) URL, got '" + url + "'");
    }
    String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(java.util.Locale.ROOT);
    if (!(scheme.equals("http") || scheme.equals("https")) || u.getRawAuthority() == null
        || u.getRawQuery() != null || u.getRawFragment() != null) {
      throw new IllegalArgumentException("baseUrl must be an http(s) URL, got '" + url + "'");
    }
    String path = u.getRawPath() == null ? "" : u.getRawPath();
    while (path.endsWith("/")) path = path.substring(0, path.length() - 1);
    if (path.isEmpty()) path = "/v1";
    return URI.create(scheme + "://" + u.getRawAuthority() + path);
  }

  /** Settings with documented defaults; {@link #build()} validates them. */
  public static final class Builder {
    private String baseUrl = "http://localhost:8000/v1";
    private String model;
    private Endpoint endpoint = Endpoint.COMPLETIONS;
    private String apiKeyEnv = "OPENAI_API_KEY";
    private Function<String, String> environment = System::getenv;
    private int maxConcurrency = 8;
    private Duration connectTimeout = Duration.ofSeconds(10);
    private Duration probeTimeout = Duration.ofSeconds(5);
    private Duration requestTimeout = Duration.ofMinutes(10);
    private int maxRetries = 5;
    private Duration backoffBase = Duration.ofMillis(500);
    private Duration backoffCap = Duration.ofSeconds(30);
    private Random random = new Random();
    private OptionalInt contextLength = OptionalInt.empty();
    private ToIntFunction<String> promptTokenCounter;
    private final Map<String, Object> extraBody = new LinkedHashMap<>();
    private RetryListener retryListener = (retry, max, reason, delay) -> {};
    private boolean retryRefusedConnections = true;

    private Builder() {}

    /** Default {@code http://localhost:8000/v1} (vLLM's port); with or without {@code /v1}, see {@link #normalizeBaseUrl}. */
    public Builder baseUrl(String baseUrl) {
      this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl");
      return this;
    }

    /** The served model name (vLLM {@code --served-model-name}); default: the only model at {@code GET /models}. */
    public Builder model(String model) {
      if (model != null && model.isBlank()) throw new IllegalArgumentException("model must not be blank");
      this.model = model;
      return this;
    }

    /** Default {@link Endpoint#COMPLETIONS}, the faithful path. */
    public Builder endpoint(Endpoint endpoint) {
      this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
      return this;
    }

    /** The environment variable holding the API key, default {@code OPENAI_API_KEY}; unset or blank: no header. */
    public Builder apiKeyEnv(String name) {
      if (name == null || name.isBlank()) throw new IllegalArgumentException("apiKeyEnv must not be blank");
      this.apiKeyEnv = name;
      return this;
    }

    /** How environment variables are read, default {@code System::getenv}; tests inject a map. */
    public Builder environment(Function<String, String> environment) {
      this.environment = Objects.requireNonNull(environment, "environment");
      return this;
    }

    /** Requests in flight at once, default 8. */
    public Builder maxConcurrency(int maxConcurrency) {
      if (maxConcurrency < 1) throw new IllegalArgumentException("maxConcurrency must be >= 1, got " + maxConcurrency);
      this.maxConcurrency = maxConcurrency;
      return this;
    }

    /** TCP connect timeout, default 10 s. */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = positive("connectTimeout", timeout);
      return this;
    }

    /** Limit on each single-attempt request of {@link OpenAiBackend#probe()}, connecting included; default 5 s. */
    public Builder probeTimeout(Duration timeout) {
      this.probeTimeout = positive("probeTimeout", timeout);
      return this;
    }

    /**
     * Limit on one attempt from sending to the last byte of the response, default 10 min: a non-streamed
     * 3172-token reasoning answer at 10 tokens/s takes over 5 minutes, plus queueing on a busy server.
     */
    public Builder requestTimeout(Duration timeout) {
      this.requestTimeout = positive("requestTimeout", timeout);
      return this;
    }

    /** Retries after the first attempt, default 5 (so 6 attempts). */
    public Builder maxRetries(int maxRetries) {
      if (maxRetries < 0) throw new IllegalArgumentException("maxRetries must be >= 0, got " + maxRetries);
      this.maxRetries = maxRetries;
      return this;
    }

    /**
     * Whether a refused connection (nothing listens on the port) is retried like other failures, default true. A
     * {@link io.reasonrank.llm.pool.OpenAiServerPool} turns it off for its servers: a server that is not listening
     * rarely starts within the backoff, and the call is better sent to another server at once than after the whole
     * backoff (0.5 + 1 + 2 + 4 + 8 s with the default 5 retries). The call then fails after one attempt as
     * {@link LlmException.Kind#UNREACHABLE}, which the pool treats as a server failure.
     */
    public Builder retryRefusedConnections(boolean retry) {
      this.retryRefusedConnections = retry;
      return this;
    }

    /** First backoff delay, default 500 ms; doubles per retry up to {@link #backoffCap}. */
    public Builder backoffBase(Duration base) {
      this.backoffBase = positive("backoffBase", base);
      return this;
    }

    /** Longest exponential backoff delay, default 30 s. */
    public Builder backoffCap(Duration cap) {
      this.backoffCap = positive("backoffCap", cap);
      return this;
    }

    /** The jitter's random source; pass a seeded one for reproducible delays. */
    public Builder random(Random random) {
      this.random = Objects.requireNonNull(random, "random");
      return this;
    }

    /** A context length that overrides what the server reports (our {@code --context-length}). */
    public Builder contextLength(int contextLength) {
      if (contextLength < 1) throw new IllegalArgumentException("contextLength must be > 0, got " + contextLength);
      this.contextLength = OptionalInt.of(contextLength);
      return this;
    }

    /** Counts a prompt's tokens with the model's tokenizer; when set, each request is checked with {@link ContextBudget}. */
    public Builder promptTokenCounter(ToIntFunction<String> counter) {
      this.promptTokenCounter = counter;
      return this;
    }

    /**
     * A server-specific field added to every request body, e.g. {@code skip_special_tokens}, {@code seed},
     * {@code repetition_penalty} or {@code chat_template_kwargs}. Fields this backend sets itself are refused.
     */
    public Builder extraBodyField(String name, Object value) {
      Objects.requireNonNull(name, "name");
      if (OpenAiProtocol.MANAGED_FIELDS.contains(name)) {
        throw new IllegalArgumentException("extraBody may not set the managed field '" + name + "'");
      }
      Json.MAPPER.valueToTree(value); // fail here, not at the first request, on a value Jackson cannot write
      extraBody.put(name, value);
      return this;
    }

    public Builder retryListener(RetryListener listener) {
      this.retryListener = Objects.requireNonNull(listener, "retryListener");
      return this;
    }

    public OpenAiBackend build() {
      normalizeBaseUrl(baseUrl);
      if (backoffCap.compareTo(backoffBase) < 0) {
        throw new IllegalArgumentException("backoffCap must be >= backoffBase, got " + backoffCap + " < " + backoffBase);
      }
      return new OpenAiBackend(this);
    }

    private static Duration positive(String name, Duration d) {
      Objects.requireNonNull(d, name);
      if (d.isNegative() || d.isZero()) throw new IllegalArgumentException(name + " must be positive, got " + d);
      return d;
    }
  }
}
