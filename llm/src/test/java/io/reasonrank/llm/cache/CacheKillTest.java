package io.reasonrank.llm.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kill a process that makes cached calls in the middle of a call, rerun it to completion: the rerun
 * replays every answer the killed run got (the same text, which carries the first process's pid),
 * and the model answers each of the N calls exactly once over both runs.
 */
class CacheKillTest {
  private static final int N = 20;
  private static final int KILL_AT = 7;

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void killedRunResumesWithoutAskingTwice(@TempDir Path tmp) throws Exception {
    Path db = tmp.resolve("cache").resolve("completions.db");
    Path first = Files.createDirectories(tmp.resolve("run1"));
    Path second = Files.createDirectories(tmp.resolve("run2"));

    Process killed = child(db, KILL_AT, first);
    try (BufferedReader out = new BufferedReader(new InputStreamReader(killed.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null && !line.equals("BLOCKED")) {
        // wait until call KILL_AT is in flight
      }
      assertThat(line).as("child output before the kill").isEqualTo("BLOCKED");
      killed.destroyForcibly();
      assertThat(killed.waitFor(20, TimeUnit.SECONDS)).isTrue();
    }

    Process rerun = child(db, -1, second);
    String rerunOut = new String(rerun.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(rerun.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(rerun.exitValue()).as(rerunOut).isZero();
    assertThat(rerunOut).contains("DONE cache: " + KILL_AT + " hits, " + (N - KILL_AT) + " misses");

    List<String> firstOutputs = Files.readAllLines(first.resolve("outputs.log"));
    List<String> secondOutputs = Files.readAllLines(second.resolve("outputs.log"));
    assertThat(firstOutputs).hasSize(KILL_AT);
    assertThat(secondOutputs).hasSize(N);
    assertThat(secondOutputs.subList(0, KILL_AT)).as("replayed answers are the killed run's").isEqualTo(firstOutputs);
    String secondPid = secondOutputs.get(N - 1).substring(secondOutputs.get(N - 1).lastIndexOf(' '));
    assertThat(secondOutputs.subList(KILL_AT, N)).allMatch(l -> l.endsWith(secondPid));
    assertThat(secondPid).isNotEqualTo(firstOutputs.getFirst().substring(firstOutputs.getFirst().lastIndexOf(' ')));

    List<Integer> answered = new ArrayList<>();
    for (Path dir : List.of(first, second)) {
      Files.readAllLines(dir.resolve("answered.log")).forEach(l -> answered.add(Integer.parseInt(l)));
    }
    assertThat(answered).as("the model answered each call once over both runs")
        .hasSize(N).containsExactlyInAnyOrderElementsOf(IntStream.range(0, N).boxed().toList());
  }

  private static Process child(Path db, int blockAt, Path dir) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> cmd = List.of(java, "--enable-native-access=ALL-UNNAMED", "-Xshare:auto", "-XX:TieredStopAtLevel=1",
        "-cp", System.getProperty("java.class.path"), CacheKillChild.class.getName(),
        db.toString(), Integer.toString(N), Integer.toString(blockAt), dir.toString());
    return new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
  }
}
