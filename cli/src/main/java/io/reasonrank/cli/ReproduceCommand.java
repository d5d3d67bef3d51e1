package io.reasonrank.cli;

import io.reasonrank.reproduce.Reproduction;
import io.reasonrank.reproduce.ReproductionRunner;
import io.reasonrank.reproduce.Reproductions;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code reasonrank reproduce}: runs pinned reproductions (Anserini-style YAML, docs/reference-behaviour.md §13.4; schema
 * in docs/reproduce.md) and prints OK / OKish / FAIL per measure. Exit 0 when nothing fails, 1 otherwise.
 */
@Command(name = "reproduce", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Run pinned reproductions and compare their measures with the expected values "
        + "(OK: within 0.00005 of the 4-decimal value; OKish: within the file's tolerance; else FAIL).")
public final class ReproduceCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(arity = "0..*", paramLabel = "NAME", description = "Built-in reproduction names, or YAML files; none = all built-in ones.")
  List<String> names = new ArrayList<>();

  @Option(names = "--list", description = "List the built-in reproductions and exit.")
  boolean list;

  @Option(names = "--data", paramLabel = "DIR", description = "Shared data directory, $${data} in the YAML (default: ../shared/data from the working "
      + "directory, else beside the jar).")
  Path data;

  @Option(names = "--work", paramLabel = "DIR", description = "Work directory, $${work} in the YAML (default: a new temporary directory, deleted at the end).")
  Path work;

  @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Define a $${KEY} variable; repeatable.")
  Map<String, String> sets = new LinkedHashMap<>();

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    if (list) {
      for (String n : Reproductions.builtInNames()) out.printf("%-40s %s%n", n, Reproductions.load(n).description());
      out.flush();
      return 0;
    }
    List<Reproduction> todo = new ArrayList<>();
    for (String n : names.isEmpty() ? Reproductions.builtInNames() : names) todo.add(Reproductions.load(n));
    if (todo.isEmpty()) throw new UserException("no reproductions found");

    Map<String, String> vars = new LinkedHashMap<>();
    vars.put("data", dataDir().toString());
    OutputPaths.checkWritableDirectory("--work", work);
    Path w = work != null ? work : Files.createTempDirectory("reasonrank-reproduce");
    try {
      Files.createDirectories(w);
      vars.put("work", w.toAbsolutePath().toString());
      vars.putAll(sets);
      return runAll(todo, vars, out);
    } finally {
      if (work == null) ExitCleanup.deleteTree(w); // ours: outputs of a temporary work directory are not kept
    }
  }

  private int runAll(List<Reproduction> todo, Map<String, String> vars, PrintWriter out) {

    ReproductionRunner runner = new ReproductionRunner(ReasonRankCli::execute);
    int ok = 0, okish = 0, fail = 0, failedRepros = 0, skipped = 0;
    for (Reproduction r : todo) {
      out.printf("%s: %s%n", r.name(), r.description());
      out.flush();
      Map<String, String> rv = new LinkedHashMap<>(vars);
      rv.put("name", r.name());
      ReproductionRunner.Outcome o = runner.run(r, rv);
      if (o.skipped() != null) {
        out.printf("  SKIP    %s%n", o.skipped());
        skipped++;
        out.flush();
        continue;
      }
      if (o.error() != null) {
        out.printf("  FAIL    %s%n", o.error());
        fail++;
      }
      for (ReproductionRunner.Check c : o.checks()) {
        out.printf(Locale.ROOT, "  %-6s  %-14s expected %.4f  got %.4f  (%s)%n", c.status(), c.measure(), c.expected(), c.actual(),
            signedDelta(c.actual() - c.expected()));
        switch (c.status()) {
          case OK -> ok++;
          case OKish -> okish++;
          case FAIL -> fail++;
        }
      }
      if (o.failed()) failedRepros++;
      out.flush();
    }
    out.printf("%d reproduction(s): %d OK, %d OKish, %d FAIL measure(s); %d reproduction(s) failed%s%n", todo.size(), ok, okish, fail,
        failedRepros, skipped > 0 ? ", " + skipped + " skipped" : "");
    out.flush();
    return failedRepros == 0 ? 0 : 1;
  }

  /** {@code %+.4f} without a negative zero: a difference that rounds to 0 reads +0.0000. */
  static String signedDelta(double d) {
    String s = String.format(Locale.ROOT, "%+.4f", d);
    return s.equals("-0.0000") ? "+0.0000" : s;
  }

  private Path dataDir() {
    if (data != null) {
      if (!Files.isDirectory(data)) throw new UserException("--data: no such directory: " + data);
      return data.toAbsolutePath().normalize();
    }
    List<Path> tried = new ArrayList<>();
    tried.add(Path.of("..", "shared", "data"));
    try {
      Path jar = Path.of(ReproduceCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      Path dir = jar.getParent();
      if (dir != null) {
        tried.add(dir.resolve("shared/data"));
        tried.add(dir.resolve("../shared/data"));
        // cli/target/reasonrank.jar -> project root beside ../shared
        tried.add(dir.resolve("../../../shared/data"));
      }
    } catch (Exception e) {
      // no code location (unusual class loader): only the working-directory candidate remains
    }
    for (Path p : tried) if (Files.isDirectory(p)) return p.toAbsolutePath().normalize();
    throw new UserException("shared data directory not found (tried " + tried + "); pass --data DIR");
  }
}
