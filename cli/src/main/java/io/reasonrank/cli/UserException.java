package io.reasonrank.cli;

/** A usage problem the CLI reports in one line (exit 2), such as conflicting options. */
public class UserException extends RuntimeException {
  public UserException(String message) {
    super(message);
  }
}
