package io.reasonrank.export;

import io.reasonrank.format.InputException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * Training configurations with the paper's hyper-parameters, ready to edit (docs/reference-behaviour.md §7–§8): LLaMA-Factory SFT YAMLs for
 * 7B full ({@code qwen_full_sft.yaml}) and 32B LoRA ({@code qwen_lora_sft.yaml}), and verl GRPO launch scripts
 * ({@code train_grpo.sh}, {@code train_grpo_lora.sh}). They are resources under {@code io/reasonrank/export/configs/}; comments cite
 * docs/reference-behaviour.md and mark the paper/yaml discrepancies and every value that is ours.
 */
public final class TrainingConfigs {
  private TrainingConfigs() {}

  public static final List<String> FILES = List.of("qwen_full_sft.yaml", "qwen_lora_sft.yaml", "train_grpo.sh", "train_grpo_lora.sh");

  /** The text of one bundled file. */
  public static String text(String name) {
    try (InputStream in = resource(name)) {
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Copies the files into {@code dir} (created if needed); scripts are made executable where the file system allows.
   *
   * @throws InputException when a file exists and {@code overwrite} is false
   */
  public static List<Path> write(Path dir, boolean overwrite) {
    try {
      Files.createDirectories(dir);
      for (String name : FILES) {
        if (!overwrite && Files.exists(dir.resolve(name))) {
          throw InputException.at(dir.resolve(name), "exists; pass --force to overwrite");
        }
      }
      List<Path> out = new java.util.ArrayList<>();
      for (String name : FILES) {
        Path target = dir.resolve(name);
        try (InputStream in = resource(name)) {
          Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
        if (name.endsWith(".sh")) {
          try {
            Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxr-xr-x"));
          } catch (UnsupportedOperationException ignored) {
            // not a POSIX file system: the user runs it with bash
          }
        }
        out.add(target);
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the configs to " + dir, e);
    }
  }

  private static InputStream resource(String name) {
    InputStream in = TrainingConfigs.class.getResourceAsStream("configs/" + name);
    if (in == null) throw new IllegalStateException("missing bundled config io/reasonrank/export/configs/" + name);
    return in;
  }
}
