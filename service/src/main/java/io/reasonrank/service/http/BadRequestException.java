package io.reasonrank.service.http;

/** A client error the server answers with {@code status} and a {@code {"message"}} body naming the field or limit. */
final class BadRequestException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int status;

  BadRequestException(int status, String message) {
    super(message);
    this.status = status;
  }

  BadRequestException(String message) {
    this(400, message);
  }

  int status() {
    return status;
  }
}
