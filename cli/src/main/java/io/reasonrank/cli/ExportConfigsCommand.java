package io.reasonrank.cli;

import io.reasonrank.export.TrainingConfigs;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code reasonrank export-configs}: LLaMA-Factory SFT YAMLs and verl GRPO scripts with the paper's hyper-parameters (docs/reference-behaviour.md §7–§8). */
@Command(
    name = "export-configs",
    mixinStandardHelpOptions = true,
    description = {
      "Write qwen_full_sft.yaml (7B), qwen_lora_sft.yaml (32B LoRA), train_grpo.sh and train_grpo_lora.sh with the",
      "reference's hyper-parameters (docs/reference-behaviour.md §7-§8), commented with their sources and the paper/yaml discrepancies, ready to edit."
    })
public final class ExportConfigsCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--output-dir", required = true, paramLabel = "DIR", description = "Folder to write the four files into (created if missing).")
  Path outputDir;

  @Option(names = "--force", description = "overwrite existing files")
  boolean force;

  @Override
  public Integer call() {
    OutputPaths.checkWritableDirectory("--output-dir", outputDir);
    for (Path p : TrainingConfigs.write(outputDir, force)) spec.commandLine().getErr().println("export-configs: wrote " + p);
    spec.commandLine().getErr().flush();
    return 0;
  }
}
