package io.reasonrank.trainer.run;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A stop request from SIGTERM (or Ctrl-C): a shutdown hook raises the flag and holds the JVM until the training loop
 * has written its checkpoint ({@link #done()}) or {@link #GRACE_SECONDS} pass. Tests raise it with {@link #request()}.
 */
public final class StopSignal {
  /** How long the hook waits for the loop to checkpoint. */
  public static final int GRACE_SECONDS = 120;

  private volatile boolean requested;
  private final CountDownLatch finished = new CountDownLatch(1);
  private Thread hook;

  /** A signal with a JVM shutdown hook. */
  public static StopSignal install() {
    StopSignal s = new StopSignal();
    s.hook = new Thread(() -> {
      s.requested = true;
      try {
        s.finished.await(GRACE_SECONDS, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "reasonrank-train-stop");
    Runtime.getRuntime().addShutdownHook(s.hook);
    return s;
  }

  /** A signal without a hook, raised only by {@link #request()}. */
  public static StopSignal manual() {
    return new StopSignal();
  }

  public void request() {
    requested = true;
  }

  public boolean requested() {
    return requested;
  }

  /** The loop has finished (checkpointed or completed); the hook lets the JVM go, and is removed if the JVM lives on. */
  public void done() {
    finished.countDown();
    if (hook != null && !requested) {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // the JVM is already exiting
      }
    }
  }
}
