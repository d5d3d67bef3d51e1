package io.reasonrank.trainer.safetensors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reasonrank.format.InputException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsTest {
  @TempDir Path dir;

  private static Map<String, Tensor> sample() {
    Map<String, Tensor> m = new LinkedHashMap<>();
    m.put("b.weight", new Tensor(new long[] {2, 3}, new float[] {1f, -2.5f, 0.1f, 3e-3f, 65504f, -0f}));
    m.put("a.bias", new Tensor(new long[] {3}, new float[] {0.5f, 1.0f / 3, -7f}));
    return m;
  }

  @Test
  void f32RoundTripIsExact() {
    Safetensors.write(dir.resolve("x.safetensors"), sample(), StDtype.F32);
    assertThat(Safetensors.read(dir.resolve("x.safetensors"))).isEqualTo(sample());
  }

  @Test
  void f16AndBf16RoundTripToTheirPrecision() {
    for (StDtype d : new StDtype[] {StDtype.F16, StDtype.BF16}) {
      Path f = dir.resolve(d + ".safetensors");
      Safetensors.write(f, sample(), d);
      Map<String, Tensor> back = Safetensors.read(f);
      for (String k : sample().keySet()) {
        float[] want = sample().get(k).data(), got = back.get(k).data();
        for (int i = 0; i < want.length; i++) {
          float expect = d == StDtype.F16 ? Float.float16ToFloat(Float.floatToFloat16(want[i])) : StDtype.fromBf16(StDtype.toBf16(want[i]));
          assertThat(got[i]).as("%s %s[%d]", d, k, i).isEqualTo(expect);
          assertThat((double) got[i]).isCloseTo(want[i], org.assertj.core.data.Offset.offset(Math.abs(want[i]) * (d == StDtype.F16 ? 1e-3 : 8e-3)));
        }
      }
    }
  }

  @Test
  void readsAHandWrittenBf16FileLikeTorchWritesIt() throws Exception {
    // {"x":{"dtype":"BF16","shape":[2],"data_offsets":[0,4]}} then bf16 1.0 (0x3F80) and -2.0 (0xC000)
    byte[] json = "{\"x\":{\"dtype\":\"BF16\",\"shape\":[2],\"data_offsets\":[0,4]}}".getBytes(StandardCharsets.UTF_8);
    ByteBuffer b = ByteBuffer.allocate(8 + json.length + 4).order(ByteOrder.LITTLE_ENDIAN);
    b.putLong(json.length).put(json).putShort((short) 0x3F80).putShort((short) 0xC000);
    Files.write(dir.resolve("t.safetensors"), b.array());
    assertThat(Safetensors.read(dir.resolve("t.safetensors")).get("x").data()).containsExactly(1f, -2f);
  }

  @Test
  void headerIsPaddedAndCarriesFormatPt() throws Exception {
    Path f = dir.resolve("x.safetensors");
    Safetensors.write(f, sample(), StDtype.F32);
    byte[] all = Files.readAllBytes(f);
    long len = ByteBuffer.wrap(all, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    assertThat(len % 8).isZero();
    String header = new String(all, 8, (int) len, StandardCharsets.UTF_8);
    assertThat(header).startsWith("{\"__metadata__\":{\"format\":\"pt\"},\"a.bias\"");
    assertThat(all.length).isEqualTo(8 + len + 9 * 4);
  }

  @Test
  void badFilesAreOneLineErrors() throws Exception {
    Files.write(dir.resolve("bad.safetensors"), new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9});
    assertThatThrownBy(() -> Safetensors.read(dir.resolve("bad.safetensors"))).isInstanceOf(InputException.class)
        .hasMessageContaining("not a safetensors file");
    byte[] json = "{\"x\":{\"dtype\":\"I8\",\"shape\":[1],\"data_offsets\":[0,1]}}".getBytes(StandardCharsets.UTF_8);
    ByteBuffer b = ByteBuffer.allocate(8 + json.length + 1).order(ByteOrder.LITTLE_ENDIAN);
    b.putLong(json.length).put(json).put((byte) 1);
    Files.write(dir.resolve("i8.safetensors"), b.array());
    assertThatThrownBy(() -> Safetensors.read(dir.resolve("i8.safetensors")))
        .hasMessageEndingWith("tensor x: unsupported dtype 'I8' (F32, F16 or BF16)");
  }
}
