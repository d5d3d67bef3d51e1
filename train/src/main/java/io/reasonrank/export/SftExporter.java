package io.reasonrank.export;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reasonrank.format.InputException;
import io.reasonrank.io.Json;
import io.reasonrank.prompt.ListwiseTranslator;
import io.reasonrank.prompt.PromptMode;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * The SFT set in LLaMA-Factory's alpaca format (docs/reference-behaviour.md §8): {@code DIR/NAME.json}, a JSON array of
 * {@code {"instruction", "output", "system"}} (no {@code input} column), and the {@code DIR/dataset_info.json} entry
 * {@code "NAME": {"file_name": "NAME.json", "columns": {"prompt": "instruction", "response": "output", "system":
 * "system"}}}, merged into an existing {@code dataset_info.json} so LLaMA-Factory's own {@code data/} folder can be
 * the target.
 *
 * <p>{@code instruction} is the §1.3 user message ({@link TrainingWindow}), {@code system} the reasoning system
 * prompt, {@code output} {@link TrainingWindow#sftOutput}. LLaMA-Factory's {@code qwen} template wraps them in ChatML
 * and trains on the response only.
 */
public final class SftExporter {
  /** The reference's dataset name (docs/reference-behaviour.md §8). */
  public static final String DEFAULT_NAME = "reasonrank_sft-data";
  public static final String DATASET_INFO = "dataset_info.json";

  private final ListwiseTranslator translator;

  /** @param translator must be in mode {@code rank_GPT_reasoning} (the released models' prompt) */
  public SftExporter(ListwiseTranslator translator) {
    this.translator = Objects.requireNonNull(translator, "translator");
    if (translator.mode() != PromptMode.RANK_GPT_REASONING) {
      throw new IllegalArgumentException("SFT prompts use mode rank_GPT_reasoning, got " + translator.mode());
    }
  }

  /** Writes the set and the entry; returns the number of examples. */
  public int export(Path input, Path outputDir, String name) {
    if (name == null || name.isBlank() || name.contains("/") || name.contains("\\")) {
      throw new InputException("--dataset-name must be a plain name, got '" + name + "'");
    }
    List<ExampleReader.Numbered> rows = ExampleReader.read(input);
    try {
      Files.createDirectories(outputDir);
      Path data = outputDir.resolve(name + ".json");
      try (OutputStream os = Files.newOutputStream(data);
           JsonGenerator g = Json.MAPPER.getFactory().createGenerator(os)) {
        g.writeStartArray();
        for (ExampleReader.Numbered r : rows) {
          TrainingWindow w = TrainingWindow.of(r.example(), translator, input, r.line());
          g.writeRaw('\n');
          g.writeStartObject();
          g.writeStringField("instruction", w.user());
          g.writeStringField("output", w.sftOutput(r.example().reasoning()));
          g.writeStringField("system", w.system());
          g.writeEndObject();
        }
        g.writeRaw('\n');
        g.writeEndArray();
        g.writeRaw('\n');
      }
      writeDatasetInfo(outputDir.resolve(DATASET_INFO), name);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the SFT set to " + outputDir, e);
    }
    return rows.size();
  }

  /** The §8 entry for {@code name}. */
  public static ObjectNode datasetInfoEntry(String name) {
    ObjectNode e = Json.MAPPER.createObjectNode().put("file_name", name + ".json");
    e.putObject("columns").put("prompt", "instruction").put("response", "output").put("system", "system");
    return e;
  }

  private static void writeDatasetInfo(Path file, String name) throws IOException {
    ObjectNode info;
    if (Files.exists(file)) {
      JsonNode existing;
      try {
        existing = Json.MAPPER.readTree(file.toFile());
      } catch (IOException e) {
        throw InputException.at(file, "existing dataset_info.json is not valid JSON: " + e.getMessage());
      }
      if (existing == null || !existing.isObject()) throw InputException.at(file, "existing dataset_info.json is not a JSON object");
      info = (ObjectNode) existing;
    } else {
      info = Json.MAPPER.createObjectNode();
    }
    info.set(name, datasetInfoEntry(name));
    Json.MAPPER.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), info);
  }
}
