package io.reasonrank.synth;

import com.fasterxml.jackson.databind.JsonNode;
import io.reasonrank.format.InputException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads the label fields of the released training rows ({@code dataset}, {@code qid}, id lists), naming file:line on error. */
final class LabelFields {
  private LabelFields() {}

  static String text(JsonNode row, String field, Path file, long line) {
    JsonNode v = row.get(field);
    if (v == null || v.isNull()) throw InputException.at(file, line, "missing field '" + field + "'");
    if (!v.isValueNode()) throw InputException.at(file, line, "field '" + field + "' must be a string");
    return v.asText();
  }

  /** A list of docids; numbers are read as their decimal text (the released ids are strings, qids may be numbers). */
  static List<String> ids(JsonNode row, String field, Path file, long line) {
    JsonNode v = row.get(field);
    if (v == null || v.isNull()) throw InputException.at(file, line, "missing field '" + field + "'");
    if (!v.isArray()) throw InputException.at(file, line, "field '" + field + "' must be an array of ids");
    List<String> out = new ArrayList<>(v.size());
    for (int i = 0; i < v.size(); i++) {
      JsonNode e = v.get(i);
      if (!(e.isTextual() || e.isIntegralNumber())) {
        throw InputException.at(file, line, "field '" + field + "'[" + i + "] must be a string id, got " + e.getNodeType());
      }
      out.add(e.asText());
    }
    return out;
  }
}
