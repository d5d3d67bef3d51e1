package io.reasonrank.format;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/** UTF-8 readers and writers that are gzip-transparent by the {@code .gz} extension. */
public final class TextFiles {
  private TextFiles() {}

  public static BufferedReader reader(Path file) {
    try {
      InputStream in = Files.newInputStream(file);
      if (isGzip(file)) in = new GZIPInputStream(in, 1 << 16);
      return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
    } catch (NoSuchFileException e) {
      throw InputException.at(file, "no such file");
    } catch (IOException e) {
      throw InputException.at(file, "cannot read: " + e.getMessage());
    }
  }

  public static BufferedWriter writer(Path file) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) Files.createDirectories(parent);
      OutputStream out = Files.newOutputStream(file);
      if (isGzip(file)) out = new GZIPOutputStream(out, 1 << 16);
      return new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
    } catch (IOException e) {
      throw InputException.at(file, "cannot write: " + e.getMessage());
    }
  }

  public static boolean isGzip(Path file) {
    return file.getFileName().toString().endsWith(".gz");
  }

  public static UncheckedIOException unchecked(Path file, IOException e) {
    return new UncheckedIOException(file + ": " + e.getMessage(), e);
  }
}
