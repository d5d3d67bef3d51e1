package io.reasonrank.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code bin/reasonrank} as a process: it execs java (the PID is the JVM's), a long-running server stops on SIGTERM
 * with status 143 and frees its port, and the per-process llama.cpp folder is gone afterwards, as is one left by an
 * earlier process that was killed.
 */
class LauncherSignalTest {
  private static final Pattern LISTENING = Pattern.compile("listening on http://127\\.0\\.0\\.1:(\\d+)");

  @TempDir Path tmp;

  @ParameterizedTest
  @ValueSource(strings = {"mock-llm", "reward-server"})
  void sigtermStopsTheJvmAndFreesThePort(String command, @TempDir Path logs) throws Exception {
    Path stale = Files.createDirectories(tmp.resolve("reasonrank-llama.2147483646")); // no such process
    Files.writeString(stale.resolve("libllama.so"), "x");
    Path log = logs.resolve(command + ".log");
    ProcessBuilder pb = new ProcessBuilder("bash", Path.of("..", "bin", "reasonrank").toString(), command, "--port", "0")
        .redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().put("REASONRANK_CLASSPATH", System.getProperty("java.class.path"));
    pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
    pb.environment().put("TMPDIR", tmp.toString());
    pb.environment().put("REASONRANK_HEAP", "256m");
    Process p = pb.start();
    try {
      int bound = -1;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (bound < 0 && p.isAlive() && System.nanoTime() < deadline) {
        Matcher m = LISTENING.matcher(Files.readString(log));
        if (m.find()) bound = Integer.parseInt(m.group(1));
        else Thread.sleep(50);
      }
      assertThat(bound).as(Files.readString(log)).isPositive();

      assertThat(p.toHandle().info().command().orElse("")).as("the launcher's PID runs java").endsWith("java");
      assertThat(p.toHandle().children().toList()).as("no child: bash was replaced by the JVM").isEmpty();
      assertThat(Files.isDirectory(tmp.resolve("reasonrank-llama." + p.pid()))).isTrue();
      assertThat(Files.exists(stale)).as("a killed process's folder is removed").isFalse();

      p.destroy(); // SIGTERM
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(p.exitValue()).isEqualTo(143);
      assertThat(Files.readString(log)).contains(command + ": stopped").doesNotContain("error");
      assertThat(ProcessHandle.of(p.pid()).map(ProcessHandle::isAlive).orElse(false)).isFalse();
      try (ServerSocket again = new ServerSocket(bound, 1, InetAddress.getLoopbackAddress())) {
        assertThat(again.getLocalPort()).isEqualTo(bound);
      }
      try (var left = Files.list(tmp)) {
        List<Path> files = left.toList();
        assertThat(files).as("nothing left in TMPDIR").isEmpty();
      }
    } finally {
      p.destroyForcibly();
    }
  }
}
