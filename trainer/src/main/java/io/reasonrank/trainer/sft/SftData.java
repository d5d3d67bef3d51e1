package io.reasonrank.trainer.sft;

import com.fasterxml.jackson.databind.JsonNode;
import io.reasonrank.format.InputException;
import io.reasonrank.io.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the SFT set as {@code export-sft} writes it: a JSON array of {@code {"instruction", "output", "system"}}, or a
 * directory with {@code dataset_info.json} whose single entry (or the entry named {@code reasonrank_sft-data}) names
 * the file and its column mapping.
 */
public final class SftData {
  private SftData() {}

  public static List<SftExample> read(Path path) {
    String prompt = "instruction", response = "output", system = "system";
    Path file = path;
    if (Files.isDirectory(path)) {
      Path info = path.resolve("dataset_info.json");
      if (!Files.isRegularFile(info)) throw InputException.at(path, "a directory needs a dataset_info.json");
      JsonNode root = readJson(info);
      JsonNode entry = root.size() == 1 ? root.elements().next() : root.get("reasonrank_sft-data");
      if (entry == null) throw InputException.at(info, "more than one dataset and none named reasonrank_sft-data; pass the JSON file instead");
      file = path.resolve(entry.path("file_name").asText());
      JsonNode cols = entry.path("columns");
      prompt = cols.path("prompt").asText(prompt);
      response = cols.path("response").asText(response);
      system = cols.path("system").asText(system);
    }
    if (!Files.isRegularFile(file)) throw InputException.at(file, "no such file");
    JsonNode arr = readJson(file);
    if (!arr.isArray()) throw InputException.at(file, "expected a JSON array of alpaca rows");
    List<SftExample> out = new ArrayList<>(arr.size());
    for (int i = 0; i < arr.size(); i++) {
      JsonNode r = arr.get(i);
      JsonNode p = r.get(prompt), o = r.get(response);
      if (p == null || !p.isTextual()) throw InputException.at(file, "row " + i + ": missing string field \"" + prompt + "\"");
      if (o == null || !o.isTextual()) throw InputException.at(file, "row " + i + ": missing string field \"" + response + "\"");
      out.add(new SftExample(r.path(system).asText(""), p.asText(), o.asText()));
    }
    if (out.isEmpty()) throw InputException.at(file, "no examples");
    return out;
  }

  private static JsonNode readJson(Path f) {
    try {
      return Json.MAPPER.readTree(f.toFile());
    } catch (IOException e) {
      throw InputException.at(f, "not valid JSON: " + e.getMessage());
    }
  }
}
