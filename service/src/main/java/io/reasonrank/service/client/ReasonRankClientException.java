package io.reasonrank.service.client;

/** The service could not be reached, refused the request ({@link #status()}), or answered something unreadable. */
public final class ReasonRankClientException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int status;

  public ReasonRankClientException(int status, String message, Throwable cause) {
    super(message, cause);
    this.status = status;
  }

  /** The HTTP status, or 0 when there was no answer. */
  public int status() {
    return status;
  }
}
