package io.reasonrank.llm.llamacpp;

import static org.assertj.core.api.Assertions.assertThat;

import io.reasonrank.text.Sha256;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Model files are identified by content: size plus the first and last MiB for big files, the whole file for small ones. */
class ModelFileIdentityTest {
  @TempDir Path dir;

  private Path file(String folder, long size, long flipAt) throws IOException {
    Path p = Files.createDirectories(dir.resolve(folder)).resolve("model.gguf");
    try (RandomAccessFile f = new RandomAccessFile(p.toFile(), "rw")) {
      f.setLength(size);
      if (flipAt >= 0) {
        f.seek(flipAt);
        f.write(1);
      }
    }
    return p;
  }

  @Test
  void smallFilesAreHashedWhole() throws Exception {
    Path p = Files.writeString(dir.resolve("model.gguf"), "GGUF tiny");
    assertThat(ModelFileIdentity.sha256(p)).isEqualTo(Sha256.hex("9\nGGUF tiny"));
    assertThat(ModelFileIdentity.modelName(p)).isEqualTo("model.gguf@" + Sha256.hex("9\nGGUF tiny").substring(0, 16));
    assertThat(ModelFileIdentity.sha256(file("a", 2 * ModelFileIdentity.EDGE, -1)))
        .isNotEqualTo(ModelFileIdentity.sha256(file("b", 2 * ModelFileIdentity.EDGE, ModelFileIdentity.EDGE)));
  }

  @Test
  void bigFilesOfOneNameDifferByHeaderTailOrSize() throws Exception {
    long size = 5L * ModelFileIdentity.EDGE + 17;
    String base = ModelFileIdentity.modelName(file("base", size, -1));
    assertThat(ModelFileIdentity.modelName(file("same", size, -1))).isEqualTo(base);
    assertThat(ModelFileIdentity.modelName(file("head", size, 100))).isNotEqualTo(base);
    assertThat(ModelFileIdentity.modelName(file("tail", size, size - 1))).isNotEqualTo(base);
    assertThat(ModelFileIdentity.modelName(file("longer", size + 1, -1))).isNotEqualTo(base);
    // documented limit: a change only between the first and last MiB, at the same size, is not seen
    assertThat(ModelFileIdentity.modelName(file("middle", size, 2L * ModelFileIdentity.EDGE))).isEqualTo(base);
  }

  @Test
  void bigFilesHashTheSizeTheFirstAndTheLastMib() throws Exception {
    long size = 3L * ModelFileIdentity.EDGE + 5;
    Path p = file("x", size, size - 3);
    byte[] all = Files.readAllBytes(p);
    MessageDigest md = MessageDigest.getInstance("SHA-256");
    md.update((size + "\n").getBytes(StandardCharsets.US_ASCII));
    md.update(all, 0, ModelFileIdentity.EDGE);
    md.update(all, (int) size - ModelFileIdentity.EDGE, ModelFileIdentity.EDGE);
    assertThat(ModelFileIdentity.sha256(p)).isEqualTo(HexFormat.of().formatHex(md.digest()));
  }
}
