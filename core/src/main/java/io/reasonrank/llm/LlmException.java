package io.reasonrank.llm;

import java.util.Objects;

/**
 * A generation that failed after the backend's own retries. {@link #kind()} says what went wrong, so that callers
 * can name the failure and tell a failure that a later run may not repeat (the server was busy) from one that
 * only a change of settings fixes (the prompt does not fit the context); {@code retryable} says whether a later
 * try may work.
 */
public class LlmException extends RuntimeException {

  /** What went wrong. {@link #fixedByRetrying()} is false for the kinds that no retry can fix. */
  public enum Kind {
    /** Nothing answers at the address: connection refused, unknown host, no route, connect timeout. */
    UNREACHABLE("server unreachable", true),
    /** The server answered, but not in time. */
    TIMEOUT("timeout", true),
    /** HTTP 429/5xx (other than the kinds below) after every retry. */
    SERVER_ERROR("server error", true),
    /** A 200 answer that is not a usable completion, after every retry. */
    MALFORMED("malformed response", true),
    /** The prompt plus max_tokens does not fit the context the server enforces (a 400 or a 500 that says so). */
    CONTEXT_EXCEEDED("context exceeded", false),
    /** The server read fewer prompt tokens than were sent: it cut the prompt to fit its context. */
    TRUNCATED("prompt truncated by the server", false),
    /** HTTP 401/403: a missing or wrong API key. */
    AUTH("not authorized", false),
    /** HTTP 404 for a generation: the model name (or the path) is not served. */
    NOT_FOUND("model or path not found", false),
    /** Any other 4xx: the request itself is wrong for this server. */
    BAD_REQUEST("request rejected", false),
    /** The caller was interrupted. */
    INTERRUPTED("interrupted", false),
    /** Anything else (a backend without a classification). */
    OTHER("error", true);

    private final String label;
    private final boolean fixedByRetrying;

    Kind(String label, boolean fixedByRetrying) {
      this.label = label;
      this.fixedByRetrying = fixedByRetrying;
    }

    /** A short name for people, e.g. {@code context exceeded}. */
    public String label() {
      return label;
    }

    /** Whether sending the same request again can succeed; false means only a change of settings helps. */
    public boolean fixedByRetrying() {
      return fixedByRetrying;
    }
  }

  private final boolean retryable;
  private final Kind kind;

  public LlmException(String message, Kind kind, Throwable cause) {
    super(message, cause);
    this.kind = Objects.requireNonNull(kind, "kind");
    this.retryable = kind.fixedByRetrying();
  }

  public LlmException(String message, Kind kind) {
    this(message, kind, null);
  }

  /** An unclassified failure ({@link Kind#OTHER}, or {@link Kind#BAD_REQUEST} when not retryable). */
  public LlmException(String message, boolean retryable, Throwable cause) {
    super(message, cause);
    this.kind = retryable ? Kind.OTHER : Kind.BAD_REQUEST;
    this.retryable = retryable;
  }

  public LlmException(String message, boolean retryable) {
    this(message, retryable, null);
  }

  public boolean retryable() {
    return retryable;
  }

  public Kind kind() {
    return kind;
  }
}
