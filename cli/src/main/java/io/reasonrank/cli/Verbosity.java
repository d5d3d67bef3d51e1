package io.reasonrank.cli;

import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The global {@code --verbose} and {@code --quiet} options, accepted before or after any subcommand (picocli inherits
 * them). {@code --verbose}: stack traces with internal errors and llama.cpp's own log. {@code --quiet}: no progress
 * display. Held statically because every command and the error handler read them; {@link #reset()} runs before each
 * command line is parsed, so in-process runs (tests) do not leak one run's level into the next.
 */
final class Verbosity {
  private static volatile boolean verbose;
  private static volatile boolean quiet;

  static void reset() {
    verbose = false;
    quiet = false;
  }

  static boolean verbose() {
    return verbose || Boolean.getBoolean("reasonrank.debug");
  }

  static boolean quiet() {
    return quiet;
  }

  /** The options, mixed into the top-level command. */
  static final class Options {
    @Option(names = "--verbose", scope = ScopeType.INHERIT,
        description = "Print stack traces with internal errors, and llama.cpp's own log.")
    void setVerbose(boolean on) {
      verbose = on;
    }

    @Option(names = "--quiet", scope = ScopeType.INHERIT, description = "Print no progress display; results, warnings and errors only.")
    void setQuiet(boolean on) {
      quiet = on;
    }
  }
}
