package io.reasonrank.cli;

import java.net.BindException;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;

/**
 * What the long-running commands ({@code reward-server}, {@code mock-llm}) share: a bind failure told as what it is, and a
 * run that lasts until SIGTERM or SIGINT and then closes the server before the JVM exits.
 */
final class ServerBind {
  private ServerBind() {}

  /** One line for a failed bind: a port in use and an address that is not this machine's read differently. */
  static String describe(String host, int port, Throwable e) {
    Throwable bind = e;
    while (bind != null && !(bind instanceof BindException)) bind = bind.getCause();
    String detail = bind != null && bind.getMessage() != null ? bind.getMessage() : String.valueOf(e.getMessage());
    String lower = detail.toLowerCase(Locale.ROOT);
    String what;
    if (lower.contains("already in use")) {
      what = "port " + port + " is already in use (pick another --port, or 0 for any free port)";
    } else if (lower.contains("assign requested address") || lower.contains("not available")) {
      what = "--host " + host + " is not an address of this machine (127.0.0.1 for local clients, 0.0.0.0 for all interfaces)";
    } else if (lower.contains("permission denied")) {
      what = "permission denied for port " + port + " (ports below 1024 need privileges)";
    } else {
      what = detail;
    }
    return "cannot listen on " + host + ":" + port + ": " + what;
  }

  /** A host as it goes into a URL: IPv6 literals in brackets. */
  static String urlHost(String host) {
    return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
  }

  /**
   * Closes the server from a shutdown hook when the JVM is asked to stop (SIGTERM, SIGINT), so the port is free when the
   * process is gone; the JVM then exits 128 + the signal (143, 130). Install it before announcing the port, so a signal
   * sent as soon as the port is known finds the hook in place.
   */
  static Shutdown onShutdown(String command, Runnable close) {
    return new Shutdown(command, close);
  }

  static final class Shutdown {
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final Runnable close;
    private final Thread hook;
    private final boolean installed;

    private Shutdown(String command, Runnable close) {
      this.close = close;
      this.hook = new Thread(() -> {
        close.run();
        System.err.println(command + ": stopped");
        stopped.countDown();
      }, command + "-shutdown");
      boolean ok;
      try {
        Runtime.getRuntime().addShutdownHook(hook);
        ok = true;
      } catch (IllegalStateException shuttingDown) {
        close.run(); // the JVM is already stopping: nothing to wait for
        stopped.countDown();
        ok = false;
      }
      this.installed = ok;
    }

    /**
     * Blocks until the hook has closed the server. When the waiting thread is interrupted instead (an in-process caller),
     * the server is closed at once and the hook removed.
     */
    void await() throws InterruptedException {
      try {
        stopped.await();
      } finally {
        if (stopped.getCount() > 0 && installed) {
          boolean removed;
          try {
            removed = Runtime.getRuntime().removeShutdownHook(hook);
          } catch (IllegalStateException shuttingDown) {
            removed = false; // the hook is running or about to: it closes the server
          }
          if (removed) close.run();
        }
      }
    }
  }
}
