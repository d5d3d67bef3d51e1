package io.reasonrank.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.reasonrank.trainer.model.TorchRuntime;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The way to a GPU is a libtorch the user installed, named by {@code PYTORCH_LIBRARY_PATH}. That is an environment
 * variable, read once per process, so these cases run the CLI in a child process. The CPU build, linked into a folder
 * of its own, stands in for a CUDA one: it takes the same route (DJL loads the folder, the JNI library is extracted
 * for the flavor we choose), which without our flavor choice fails.
 */
class TrainDevicesLibraryPathTest {
  @TempDir Path tmp;

  private record Run(int code, String out) {}

  private static Run devices(Map<String, String> env) throws Exception {
    return train(env, "devices");
  }

  private static Run train(Map<String, String> env, String... args) throws Exception {
    List<String> cmd = new java.util.ArrayList<>(List.of("train"));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(CliRunner.childCommand(cmd)).redirectErrorStream(true);
    pb.environment().remove("PYTORCH_FLAVOR");
    pb.environment().putAll(env);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Run(p.exitValue(), out);
  }

  @Test
  void aLibtorchNamedByThePathIsLoadedFromThere() throws Exception {
    Path bundled = Path.of(TorchRuntime.info().path());
    Path own = Files.createDirectories(tmp.resolve("libtorch").resolve("lib"));
    try (Stream<Path> files = Files.list(bundled)) {
      // the libraries, not the JNI library DJL extracted beside them
      for (Path f : files.filter(f -> f.getFileName().toString().startsWith("lib")).toList()) {
        Files.createSymbolicLink(own.resolve(f.getFileName()), f);
      }
    }
    Files.writeString(own.resolveSibling("build-version"), "2.7.1+cpu\n");
    Run r = devices(Map.of("PYTORCH_LIBRARY_PATH", own.toString()));
    assertThat(r.code()).as(r.out()).isZero();
    assertThat(r.out()).contains("libtorch 2.7.1 from " + own + "\n", "devices: cpu\n");
    Run gpu = train(Map.of("PYTORCH_LIBRARY_PATH", own.toString()), "generate", "--model", tmp.toString(), "--prompt", "hi", "--device", "gpu");
    assertThat(gpu.code()).isEqualTo(2);
    assertThat(gpu.out().strip().lines().filter(l -> !l.startsWith("WARNING")).toList()).containsExactly("reasonrank: device gpu:0: libtorch 2.7.1 from "
        + own + " has no CUDA (PYTORCH_LIBRARY_PATH names a CPU build; docs/trainer.md, \"Training on a GPU\")");
  }

  @Test
  void aWrongPathIsAOneLineErrorNotASilentFallbackToTheCpuBuild() throws Exception {
    Path none = tmp.resolve("no-such-folder");
    Run r = devices(Map.of("PYTORCH_LIBRARY_PATH", none.toString()));
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.out().strip()).isEqualTo("reasonrank: PYTORCH_LIBRARY_PATH=" + none + ": no libtorch.so there; name the lib folder of a libtorch"
        + " 2.7.1 (such as .../site-packages/torch/lib of a pip torch)");

    Path broken = Files.createDirectories(tmp.resolve("broken"));
    // a copy, not a link: System.load resolves links, and libtorch.so finds libtorch_cpu.so beside its real path
    Files.copy(Path.of(TorchRuntime.info().path()).resolve("libtorch.so"), broken.resolve("libtorch.so"));
    Run b = devices(Map.of("PYTORCH_LIBRARY_PATH", broken.toString()));
    assertThat(b.code()).isEqualTo(2);
    List<String> lines = b.out().strip().lines().toList();
    assertThat(lines).hasSize(1);
    assertThat(lines.get(0)).startsWith("reasonrank: PYTORCH_LIBRARY_PATH=" + broken + ": libtorch from " + broken + " failed to load: ")
        .contains("libtorch_cpu.so");
  }
}
