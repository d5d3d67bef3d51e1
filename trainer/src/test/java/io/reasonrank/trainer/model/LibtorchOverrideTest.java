package io.reasonrank.trainer.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LibtorchOverrideTest {
  @TempDir Path tmp;

  private Path lib(String root, String... files) throws Exception {
    Path dir = Files.createDirectories(tmp.resolve(root).resolve("lib"));
    for (String f : files) Files.writeString(dir.resolve(f), "");
    return dir;
  }

  @Test
  void theBundledJniLibraryIsBuiltForLibtorch271() {
    assertThat(LibtorchOverride.jniTorchVersion()).isEqualTo("2.7.1");
  }

  @Test
  void aFolderOrTheLibraryItselfIsFoundAndItsFlavorFollowsItsContents() throws Exception {
    Path cpu = lib("cpu", "libtorch.so", "libtorch_cpu.so");
    Path cuda = lib("cuda", "libtorch.so", "libtorch_cpu.so", "libtorch_cuda.so");
    assertThat(LibtorchOverride.find(cpu.toString(), "2.7.1")).isEqualTo(new LibtorchOverride(cpu, null, false));
    assertThat(LibtorchOverride.find(cpu.toString(), "2.7.1").flavor()).isEqualTo("cpu");
    LibtorchOverride c = LibtorchOverride.find(cuda.resolve("libtorch.so").toString(), "2.7.1");
    assertThat(c.dir()).isEqualTo(cuda);
    assertThat(c.flavor()).isEqualTo("cu128");
    // a path list, as DJL reads it: the first entry holding libtorch wins
    String list = tmp.resolve("missing") + File.pathSeparator + File.pathSeparator + cuda + File.pathSeparator + cpu;
    assertThat(LibtorchOverride.find(list, "2.7.1").dir()).isEqualTo(cuda);
  }

  @Test
  void theVersionAnInstallationStatesMustBeTheJniLibrarys() throws Exception {
    Path archive = lib("libtorch", "libtorch.so", "libtorch_cuda.so");
    Files.writeString(archive.resolveSibling("build-version"), "2.7.1+cu128\n");
    assertThat(LibtorchOverride.find(archive.toString(), "2.7.1").version()).isEqualTo("2.7.1+cu128");
    Path pip = lib("torch", "libtorch.so");
    Files.writeString(pip.resolveSibling("version.py"), "from typing import Optional\n__version__ = '2.6.0+cu124'\ngit_version = 'x'\n");
    assertThatThrownBy(() -> LibtorchOverride.find(pip.toString(), "2.7.1")).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("PYTORCH_LIBRARY_PATH=" + pip + ": libtorch 2.6.0+cu124, but the bundled JNI library needs 2.7.1");
    Files.writeString(pip.resolveSibling("version.py"), "__version__ = \"2.7.10\"\n");
    assertThatThrownBy(() -> LibtorchOverride.find(pip.toString(), "2.7.1")).hasMessageContaining("libtorch 2.7.10, but");
    Files.writeString(pip.resolveSibling("version.py"), "__version__ = \"2.7.1\"\n");
    assertThat(LibtorchOverride.find(pip.toString(), "2.7.1").version()).isEqualTo("2.7.1");
  }

  @Test
  void aPathWithoutLibtorchIsRejectedRatherThanSkipped() throws Exception {
    Path empty = lib("empty", "libc10.so");
    assertThatThrownBy(() -> LibtorchOverride.find(empty.toString(), "2.7.1")).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("PYTORCH_LIBRARY_PATH=" + empty + ": no libtorch.so there; name the lib folder of a libtorch 2.7.1"
            + " (such as .../site-packages/torch/lib of a pip torch)");
  }
}
