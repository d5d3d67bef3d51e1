package io.reasonrank.trainer.model;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A libtorch the user installed, named by {@code PYTORCH_LIBRARY_PATH}: the way to a GPU, since the bundled natives are
 * the CPU build. DJL loads such a folder ahead of the class path, but on its own it skips a wrong path in silence
 * (falling back to the CPU build) and looks for a JNI library of flavor {@code cpu-precxx11}, which pytorch-jni
 * 2.7.1-0.36.0 does not carry (it has {@code cpu} and {@code cu128}). So this class, before the engine starts,
 * rejects a folder without {@code libtorch.so} or with another libtorch version than the JNI library was built for,
 * and, unless {@code PYTORCH_FLAVOR} is set, names the JNI flavor from the folder's contents.
 *
 * @param dir the folder holding {@code libtorch.so}
 * @param version the version the installation states ({@code ../build-version} of a libtorch archive,
 *     {@code ../version.py} of a pip {@code torch}), or null when it states none
 * @param cuda whether the folder holds {@code libtorch_cuda.so}
 */
public record LibtorchOverride(Path dir, String version, boolean cuda) {
  private static final String LIBTORCH = System.mapLibraryName("torch");
  private static final Pattern PIP_VERSION = Pattern.compile("(?m)^__version__\\s*=\\s*['\"]([^'\"]+)['\"]");

  /** The JNI flavor DJL should extract: {@code cu128} for a CUDA build, else {@code cpu}. */
  public String flavor() {
    return cuda ? "cu128" : "cpu";
  }

  /** From {@code PYTORCH_LIBRARY_PATH}, checked against the bundled JNI library; empty when the variable is unset. */
  static Optional<LibtorchOverride> fromEnvironment() {
    String value = System.getenv("PYTORCH_LIBRARY_PATH");
    if (value == null || value.isBlank()) return Optional.empty();
    return Optional.of(find(value, jniTorchVersion()));
  }

  /**
   * Reads the first entry of {@code value} (a path list, as DJL splits it) that is {@code libtorch.so} or a folder
   * holding it.
   *
   * @param requiredVersion the libtorch version (x.y.z) the JNI library needs
   * @throws IllegalArgumentException when no entry holds libtorch, or the installation states another version
   */
  public static LibtorchOverride find(String value, String requiredVersion) {
    for (String entry : value.split(File.pathSeparator)) {
      if (entry.isEmpty()) continue;
      Path p = Path.of(entry).toAbsolutePath().normalize();
      Path dir = Files.isRegularFile(p) && p.getFileName().toString().equals(LIBTORCH) ? p.getParent()
          : Files.isRegularFile(p.resolve(LIBTORCH)) ? p : null;
      if (dir == null) continue;
      String version = statedVersion(dir);
      if (version != null && !version.equals(requiredVersion) && !version.startsWith(requiredVersion + "+")) {
        throw new IllegalArgumentException("PYTORCH_LIBRARY_PATH=" + value + ": libtorch " + version + ", but the bundled JNI library needs "
            + requiredVersion);
      }
      return new LibtorchOverride(dir, version, Files.isRegularFile(dir.resolve(System.mapLibraryName("torch_cuda"))));
    }
    throw new IllegalArgumentException("PYTORCH_LIBRARY_PATH=" + value + ": no " + LIBTORCH + " there; name the lib folder of a libtorch "
        + requiredVersion + " (such as .../site-packages/torch/lib of a pip torch)");
  }

  /** Tells DJL which JNI flavor to extract, unless the user already did. */
  void apply() {
    if (System.getenv("PYTORCH_FLAVOR") == null && System.getProperty("PYTORCH_FLAVOR") == null) System.setProperty("PYTORCH_FLAVOR", flavor());
  }

  private static String statedVersion(Path dir) {
    Path root = dir.getParent();
    if (root == null) return null;
    try {
      Path archive = root.resolve("build-version");
      if (Files.isRegularFile(archive)) return Files.readString(archive).strip();
      Path pip = root.resolve("version.py");
      if (Files.isRegularFile(pip)) {
        Matcher m = PIP_VERSION.matcher(Files.readString(pip));
        if (m.find()) return m.group(1);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return null;
  }

  /** The libtorch version of the bundled JNI library: {@code jni_version=2.7.1-0.36.0} gives {@code 2.7.1}. */
  static String jniTorchVersion() {
    try (InputStream in = LibtorchOverride.class.getResourceAsStream("/jnilib/pytorch.properties")) {
      if (in == null) throw new IllegalStateException("pytorch-jni is not on the class path (no /jnilib/pytorch.properties)");
      Properties p = new Properties();
      p.load(in);
      String v = p.getProperty("jni_version", "");
      int dash = v.indexOf('-');
      return dash < 0 ? v : v.substring(0, dash);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
