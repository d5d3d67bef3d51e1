package io.reasonrank.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bin/reasonrank} warns when a module's sources are newer than the jar it runs, and only then. */
class LauncherStaleJarTest {
  @TempDir Path tmp;

  private String firstLine() throws Exception {
    ProcessBuilder pb = new ProcessBuilder("bash", tmp.resolve("bin/reasonrank").toString(), "--version").redirectErrorStream(true);
    pb.environment().remove("REASONRANK_CLASSPATH");
    pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
    pb.environment().put("TMPDIR", tmp.toString());
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return out.lines().findFirst().orElse("");
  }

  @Test
  void aSourceNewerThanTheJarIsOneLineOnStderr() throws Exception {
    // a checkout's layout: the launcher, a module's source, and the jar (not a real one: only the warning is tested)
    Files.createDirectories(tmp.resolve("bin"));
    Files.copy(Path.of("..", "bin", "reasonrank"), tmp.resolve("bin/reasonrank"));
    Path source = tmp.resolve("core/src/main/java/X.java");
    Files.createDirectories(source.getParent());
    Files.writeString(source, "class X {}");
    Path jar = tmp.resolve("cli/target/reasonrank.jar");
    Files.createDirectories(jar.getParent());
    Files.writeString(jar, "not a jar");
    Instant now = Instant.now();
    Files.setLastModifiedTime(jar, FileTime.from(now.minusSeconds(60)));
    Files.setLastModifiedTime(source, FileTime.from(now));
    assertThat(firstLine()).isEqualTo("reasonrank: warning: core/src/main/java/X.java is newer than cli/target/reasonrank.jar, which may run "
        + "older code; rebuild it: JAVA_HOME=" + System.getProperty("java.home") + " mvn -q -DskipTests package");
    Files.setLastModifiedTime(jar, FileTime.from(now.plusSeconds(60)));
    assertThat(firstLine()).doesNotContain("warning");
  }
}
