package io.reasonrank.cli;

import io.reasonrank.format.InputException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code reasonrank} command. Each subcommand is one class in this package; user errors
 * ({@link InputException}, bad options) print one line and exit 2, never a stack trace.
 */
@Command(
    name = "reasonrank",
    mixinStandardHelpOptions = true,
    versionProvider = VersionInfo.class,
    description = "ReasonRank reasoning-intensive passage reranking: retrieve, rerank, evaluate, synthesize, reward.",
    subcommands = {
      CommandLine.HelpCommand.class,
      IndexCommand.class,
      SearchCommand.class,
      FuseCommand.class,
      ConvertCommand.class,
      EvalCommand.class,
      ReproduceCommand.class,
      PromptsCommand.class,
      RerankCommand.class,
      ServeCommand.class,
      GgufInfoCommand.class,
      RewardCommand.class,
      RewardServerCommand.class,
      MockLlmCommand.class,
      SynthCommand.class,
      FilterCommand.class,
      ImportDataCommand.class,
      ExportSftCommand.class,
      ExportRlCommand.class,
      ExportConfigsCommand.class,
      TrainCommand.class,
    })
public final class ReasonRankCli implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @CommandLine.Mixin Verbosity.Options verbosity;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  public static CommandLine commandLine() {
    Verbosity.reset();
    CommandLine cl = new CommandLine(new ReasonRankCli());
    cl.setExecutionExceptionHandler(ReasonRankCli::handleExecutionException);
    cl.setParameterExceptionHandler((ex, args) -> {
      PrintWriter err = ex.getCommandLine().getErr();
      err.println("reasonrank: " + ex.getMessage());
      if (ex instanceof CommandLine.UnmatchedArgumentException u) CommandLine.UnmatchedArgumentException.printSuggestions(u, err);
      err.println("Try '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help' for more information.");
      return 2;
    });
    cl.getHelpSectionMap().put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_COMMAND_LIST, new CommandList());
    return cl;
  }

  /** Runs the command line and returns its exit code, without calling {@code System.exit} (tests use this). */
  public static int execute(String... args) {
    return commandLine().execute(args);
  }

  // Lucene announces via JUL that the incubating Vector API is not enabled; that only matters for vector search, which we
  // do not use, so the console stays for results and progress. Held statically: JUL keeps loggers weakly.
  private static final java.util.logging.Logger LUCENE_LOG = java.util.logging.Logger.getLogger("org.apache.lucene");

  public static void main(String[] args) {
    LUCENE_LOG.setLevel(java.util.logging.Level.SEVERE);
    ExitCleanup.install();
    int code = execute(args);
    // llama.cpp's native server thread is non-daemon and would keep the JVM alive (docs/llamacpp-binding.md §7.1)
    System.exit(code);
  }

  private static int handleExecutionException(Exception ex, CommandLine cl, CommandLine.ParseResult parsed) {
    Throwable t = ex;
    while ((t instanceof UncheckedIOException || t instanceof java.util.concurrent.CompletionException
            || t instanceof java.util.concurrent.ExecutionException) && t.getCause() != null) {
      t = t.getCause();
    }
    if (t instanceof InputException || t instanceof UserException || t instanceof java.io.IOException) {
      cl.getErr().println("reasonrank: " + t.getMessage());
      return 2;
    }
    cl.getErr().println("reasonrank: internal error: " + t + (Verbosity.verbose() ? "" : " (--verbose shows the stack trace)"));
    if (Verbosity.verbose()) t.printStackTrace(cl.getErr());
    return 1;
  }
}
