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
   * Blocks until the JVM is asked to stop (SIGTERM, SIGINT), closing the server from a shutdown hook, so the port is free
   * when the process is gone; the JVM then exits 128 + the signal (143, 130). When the waiting thread is interrupted
   * instead (an in-process caller), the server is closed at once and the hook removed.
   */
  static void awaitShutdown(String command, Runnable close) throws InterruptedException {
    CountDownLatch stopped = new CountDownLatch(1);
    Thread hook = new Thread(() -> {
      close.run();
      System.err.println(command + ": stopped");
      stopped.countDown();
    }, command + "-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      stopped.await();
    } finally {
      if (stopped.getCount() > 0) {
        try {
          Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
          // the hook is running or about to: it closes the server
          return;
        }
        close.run();
      }
    }
  }
}
