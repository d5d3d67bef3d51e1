package io.reasonrank.reproduce;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.reasonrank.format.InputException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Loads reproduction YAML files: the built-in ones under {@code reproduce/} on the classpath, or a file. */
public final class Reproductions {
  private Reproductions() {}

  public static final String RESOURCE_DIR = "reproduce";

  private static final ObjectMapper YAML = JsonMapper.builder(new YAMLFactory())
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .build();
  static final String FIELDS = "name, description, steps, run, qrels, expected, tolerance, relevance_level, score_precision";
  private static final Map<String, String> SHAPES = Map.of(
      "name", "a string", "description", "a string", "run", "a string (a path)", "qrels", "a string (a path)",
      "steps", "a list of argument lists, e.g. [[eval, --run, x]]", "expected", "a mapping of measure: number, e.g. {map: 0.1234}",
      "tolerance", "a number", "relevance_level", "an integer", "score_precision", "float or double");
  private static final Pattern VAR = Pattern.compile("\\$\\{([A-Za-z0-9_.-]+)}");

  /** Parses one YAML document; {@code where} names it in errors. */
  public static Reproduction parse(String yaml, String where) {
    Reproduction r;
    try {
      r = YAML.readValue(yaml, Reproduction.class);
    } catch (UnrecognizedPropertyException e) {
      // records are built after the whole mapping is read, so Jackson's location is the mapping's end: name the field instead
      throw new InputException(where + ": unknown field '" + e.getPropertyName() + "'; fields: " + FIELDS);
    } catch (MismatchedInputException e) {
      // a value of the wrong shape: say which field and what it must be, not which Java type Jackson wanted
      int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
      StringBuilder path = new StringBuilder();
      for (JsonMappingException.Reference ref : e.getPath()) {
        if (ref.getFieldName() != null) path.append(path.isEmpty() ? "" : ".").append(ref.getFieldName());
        else if (ref.getIndex() >= 0) path.append('[').append(ref.getIndex()).append(']');
      }
      String root = e.getPath().isEmpty() ? "" : String.valueOf(e.getPath().get(0).getFieldName());
      String got = e instanceof InvalidFormatException f ? ", got '" + f.getValue() + "'" : "";
      throw new InputException(where + (line > 0 ? ":" + line : "") + ": '" + path + "' must be "
          + (root.equals("expected") && e.getPath().size() > 1 ? "a number" : SHAPES.getOrDefault(root, "a value of another shape")) + got);
    } catch (JsonProcessingException e) {
      int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
      throw new InputException(where + ":" + line + ": invalid reproduction: " + e.getOriginalMessage().lines().findFirst().orElse(""));
    }
    if (r == null) throw new InputException(where + ": empty reproduction file");
    if (r.run() == null || r.qrels() == null) throw new InputException(where + ": 'run' and 'qrels' are required");
    if (r.expected().isEmpty()) throw new InputException(where + ": 'expected' must list at least one measure");
    if (r.tolerance() < 0) throw new InputException(where + ": 'tolerance' must be >= 0");
    return r;
  }

  public static Reproduction read(Path file) {
    try {
      return parse(Files.readString(file), file.toString());
    } catch (NoSuchFileException e) {
      throw InputException.at(file, "no such file");
    } catch (IOException e) {
      throw InputException.at(file, "cannot read: " + e.getMessage());
    }
  }

  /** Names of the built-in reproductions, sorted. */
  public static List<String> builtInNames() {
    URL url = Reproductions.class.getClassLoader().getResource(RESOURCE_DIR);
    if (url == null) return List.of();
    try {
      URI uri = url.toURI();
      if (uri.getScheme().equals("jar")) {
        FileSystem fs;
        try {
          fs = FileSystems.newFileSystem(uri, Map.of());
        } catch (FileSystemAlreadyExistsException e) {
          fs = FileSystems.getFileSystem(uri);
        }
        return list(fs.getPath(RESOURCE_DIR));
      }
      return list(Path.of(uri));
    } catch (URISyntaxException | IOException e) {
      throw new IllegalStateException("cannot list built-in reproductions at " + url, e);
    }
  }

  private static List<String> list(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml"))
          .map(n -> n.substring(0, n.length() - ".yaml".length())).sorted().toList();
    }
  }

  /** A built-in reproduction by name, or a YAML file when {@code nameOrPath} ends in .yaml/.yml. */
  public static Reproduction load(String nameOrPath) {
    if (nameOrPath.endsWith(".yaml") || nameOrPath.endsWith(".yml")) return read(Path.of(nameOrPath));
    try (InputStream in = Reproductions.class.getClassLoader().getResourceAsStream(RESOURCE_DIR + "/" + nameOrPath + ".yaml")) {
      if (in == null) {
        throw new InputException("unknown reproduction '" + nameOrPath + "'; known: " + String.join(", ", builtInNames()));
      }
      return parse(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8), RESOURCE_DIR + "/" + nameOrPath + ".yaml");
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The {@code ${var}} names used in {@code s} that {@code vars} does not define, in order of appearance. */
  public static List<String> missingVariables(String s, Map<String, String> vars) {
    List<String> out = new ArrayList<>();
    Matcher m = VAR.matcher(s);
    while (m.find()) if (!vars.containsKey(m.group(1)) && !out.contains(m.group(1))) out.add(m.group(1));
    return out;
  }

  /** Replaces every {@code ${var}}; an unknown variable is an error naming it. */
  public static String substitute(String s, Map<String, String> vars, String where) {
    Matcher m = VAR.matcher(s);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      String v = vars.get(m.group(1));
      if (v == null) throw new InputException(where + ": unknown variable ${" + m.group(1) + "}; known: " + String.join(", ", vars.keySet()) + " (add --set name=value)");
      m.appendReplacement(sb, Matcher.quoteReplacement(v));
    }
    m.appendTail(sb);
    return sb.toString();
  }

  static List<String> substituteAll(List<String> args, Map<String, String> vars, String where) {
    List<String> out = new ArrayList<>();
    for (String a : args) out.add(substitute(a, vars, where));
    return out;
  }
}
