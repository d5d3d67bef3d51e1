package io.reasonrank.search.opensearch;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A cluster could not be reached or refused a request. The message is one line naming the URL and what
 * the engine said (its error {@code type} and {@code reason}, or the transport failure); the CLI prints it
 * as is. The cause is an {@link IOException} with that same message.
 */
public final class EngineException extends UncheckedIOException {
  private final int status;

  public EngineException(String message) {
    this(message, -1);
  }

  public EngineException(String message, int status) {
    super(message, new IOException(message));
    this.status = status;
  }

  /** The HTTP status of the failed request, or -1 when none came back. */
  public int status() {
    return status;
  }
}
