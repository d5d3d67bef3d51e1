package io.reasonrank.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FuseCommandTest {
  @TempDir Path dir;

  @Test
  void rrfAndInterpolationWriteTrecRuns() throws Exception {
    Path a = dir.resolve("a.txt"), b = dir.resolve("b.txt"), out = dir.resolve("f.txt");
    Files.writeString(a, "q Q0 x 1 3 A\nq Q0 y 2 2 A\n");
    Files.writeString(b, "q Q0 y 1 9 B\nq Q0 z 2 1 B\n");
    CliRunner.Result r = CliRunner.run("fuse", "--method", "rrf", "--output", out.toString(), a.toString(), b.toString());
    assertThat(r.code()).isEqualTo(0);
    assertThat(Files.readString(out)).isEqualTo("""
        q Q0 y 1 0.03252247488101534 reasonrank-fused
        q Q0 x 2 0.01639344262295082 reasonrank-fused
        q Q0 z 3 0.016129032258064516 reasonrank-fused
        """);
    assertThat(r.err()).contains("fused 2 runs (rrf) into " + out + ": 1 queries, 3 lines");

    r = CliRunner.run("fuse", "--method", "interpolate", "--weights", "0.25,0.75", "--hits", "2", "--tag", "hyb", "-o", out.toString(),
        a.toString(), b.toString());
    assertThat(r.code()).isEqualTo(0);
    assertThat(Files.readString(out)).isEqualTo("q Q0 y 1 0.75 hyb\nq Q0 x 2 0.25 hyb\n");
  }

  @Test
  void badArgumentsAreOneLineErrors() throws Exception {
    Path a = dir.resolve("a.txt");
    Files.writeString(a, "q Q0 x 1 3 A\n");
    CliRunner.Result one = CliRunner.run("fuse", "--method", "rrf", "-o", dir.resolve("f").toString(), a.toString());
    assertThat(one.code()).isEqualTo(2);
    assertThat(one.err()).isEqualTo("reasonrank: fuse needs at least 2 runs, got 1\n");
    CliRunner.Result w = CliRunner.run("fuse", "--method", "interpolate", "--weights", "1", "-o", dir.resolve("f").toString(),
        a.toString(), a.toString());
    assertThat(w.err()).isEqualTo("reasonrank: --weights needs one weight per run (2), got 1\n");
    CliRunner.Result m = CliRunner.run("fuse", "--method", "max", "-o", dir.resolve("f").toString(), a.toString(), a.toString());
    assertThat(m.err()).isEqualTo("reasonrank: --method must be rrf or interpolate, got 'max'\n");
  }
}
