package io.reasonrank.pipeline;

/** One-line messages for users and summaries. */
public final class Messages {
  private Messages() {}

  /** The throwable's message (its class name when it has none) on one line. */
  public static String oneLine(Throwable t) {
    String m = t.getMessage() == null ? t.toString() : t.getMessage();
    return m.replace('\n', ' ').strip();
  }
}
