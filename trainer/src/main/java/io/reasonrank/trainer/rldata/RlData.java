package io.reasonrank.trainer.rldata;

import com.fasterxml.jackson.databind.JsonNode;
import io.reasonrank.format.InputException;
import io.reasonrank.io.Json;
import io.reasonrank.io.JsonLines;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the RL set as {@code export-rl} writes it: verl parquet (through DuckDB, each struct column as JSON) or JSON
 * Lines rows of the same shape ({@code prompt} messages, {@code reward_model.ground_truth},
 * {@code extra_info.initial_list / final_list / relevant_docids}).
 */
public final class RlData {
  private RlData() {}

  public static List<RlRow> read(Path file) {
    if (!Files.isRegularFile(file)) throw InputException.at(file, "no such file");
    List<RlRow> out = new ArrayList<>();
    if (file.getFileName().toString().endsWith(".parquet")) {
      String sql = "SELECT to_json(prompt)::VARCHAR, to_json(reward_model)::VARCHAR, to_json(extra_info)::VARCHAR FROM read_parquet('"
          + file.toAbsolutePath().toString().replace("'", "''") + "')";
      try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
        long n = 0;
        while (rs.next()) {
          n++;
          JsonNode row = Json.MAPPER.createObjectNode()
              .set("prompt", Json.MAPPER.readTree(rs.getString(1)));
          ((com.fasterxml.jackson.databind.node.ObjectNode) row).set("reward_model", Json.MAPPER.readTree(rs.getString(2)));
          ((com.fasterxml.jackson.databind.node.ObjectNode) row).set("extra_info", Json.MAPPER.readTree(rs.getString(3)));
          out.add(row(row, file, n));
        }
      } catch (SQLException e) {
        throw InputException.at(file, "cannot read parquet: " + e.getMessage().lines().findFirst().orElse(""));
      } catch (IOException e) {
        throw InputException.at(file, "bad JSON in a struct column: " + e.getMessage());
      }
    } else {
      JsonLines.forEach(file, (JsonNode row, Long line) -> out.add(row(row, file, line)));
    }
    if (out.isEmpty()) throw InputException.at(file, "no rows");
    return out;
  }

  static RlRow row(JsonNode r, Path file, long line) {
    String system = "", user = null;
    JsonNode prompt = r.get("prompt");
    if (prompt == null || !prompt.isArray()) throw InputException.at(file, line, "\"prompt\" must be an array of {role, content}");
    for (JsonNode m : prompt) {
      if (m.path("role").asText().equals("system")) system = m.path("content").asText();
      else if (m.path("role").asText().equals("user")) user = m.path("content").asText();
    }
    if (user == null) throw InputException.at(file, line, "\"prompt\" has no user message");
    JsonNode gt = r.path("reward_model").get("ground_truth");
    if (gt == null || !gt.isTextual()) throw InputException.at(file, line, "missing reward_model.ground_truth");
    JsonNode extra = r.path("extra_info");
    return new RlRow(system, user, gt.asText(), strings(extra, "initial_list", file, line), strings(extra, "final_list", file, line),
        strings(extra, "relevant_docids", file, line));
  }

  private static List<String> strings(JsonNode extra, String field, Path file, long line) {
    JsonNode a = extra.get(field);
    if (a == null || !a.isArray()) throw InputException.at(file, line, "missing extra_info." + field);
    List<String> out = new ArrayList<>();
    for (JsonNode x : a) out.add(x.asText());
    return out;
  }
}
