package io.reasonrank.format;

import java.nio.file.Path;

/**
 * Bad user input: a missing file, a malformed line, an unknown field value. The message is one line
 * that names the place ({@code file:line: what}); the CLI prints it without a stack trace and exits 2.
 */
public class InputException extends RuntimeException {

  public InputException(String message) {
    super(message);
  }

  public InputException(String message, Throwable cause) {
    super(message, cause);
  }

  public static InputException at(Path file, long line, String what) {
    // line 0: the file failed before its first line (a directory, unreadable): no line to name
    return new InputException(line > 0 ? file + ":" + line + ": " + what : file + ": " + what);
  }

  public static InputException at(Path file, String what) {
    return new InputException(file + ": " + what);
  }
}
