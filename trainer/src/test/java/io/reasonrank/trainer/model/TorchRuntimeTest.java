package io.reasonrank.trainer.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.List;
import org.junit.jupiter.api.Test;

class TorchRuntimeTest {
  @Test
  void deviceNamesAreCpuGpuOrGpuColonIndex() {
    assertThat(TorchRuntime.device("cpu")).isEqualTo(Device.cpu());
    assertThat(TorchRuntime.device("gpu")).isEqualTo(Device.gpu(0));
    assertThat(TorchRuntime.device("gpu:0")).isEqualTo(Device.gpu(0));
    assertThat(TorchRuntime.device("gpu:12")).isEqualTo(Device.gpu(12));
    for (String n : List.of("cpu", "gpu:0", "gpu:3")) assertThat(TorchRuntime.name(TorchRuntime.device(n))).isEqualTo(n);
    for (String bad : List.of("", "GPU", "cuda:0", "gpu:", "gpu:-1", "gpu:x", "gpu0", "gpu:1234", "cpu:0")) {
      assertThatThrownBy(() -> TorchRuntime.device(bad)).isInstanceOf(IllegalArgumentException.class)
          .hasMessage("device must be cpu, gpu or gpu:N, got \"" + bad + "\"");
    }
  }

  @Test
  void theCpuAlwaysWorksAndManagersPlaceArraysOnTheirDevice() {
    TorchRuntime.require(Device.cpu());
    try (NDManager m = TorchRuntime.newManager(Device.cpu()); NDArray a = m.create(new float[] {1, 2})) {
      assertThat(a.getDevice()).isEqualTo(Device.cpu());
      assertThat(m.newSubManager().getDevice()).isEqualTo(Device.cpu());
    }
    TorchRuntime.Info info = TorchRuntime.info();
    assertThat(info.version()).startsWith(LibtorchOverride.jniTorchVersion());
    assertThat(List.copyOf(info.features())).isSorted();
  }

  @Test
  void aGpuOnTheCpuBuildIsAOneLineErrorNamingTheLibrary() {
    TorchRuntime.Info info = TorchRuntime.info();
    assumeFalse(info.cuda(), "this libtorch has CUDA; SftGpuTest covers it");
    assertThat(TorchRuntime.gpus()).isEmpty();
    assertThatThrownBy(() -> TorchRuntime.require(Device.gpu(1))).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("device gpu:1: libtorch " + info.version() + " from " + info.path()
            + " has no CUDA (the bundled natives are the CPU build; docs/trainer.md, \"Training on a GPU\")");
  }
}
