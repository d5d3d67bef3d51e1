package io.reasonrank.rewardserver;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * One reward call in verl's shape (docs/reference-behaviour.md §6): {@code compute_score(solution_str, ground_truth,
 * extra_info['initial_list'], extra_info['final_list'], extra_info['relevant_docids'])} as a JSON object
 * {@code {"solution_str", "ground_truth", "initial_list", "final_list", "relevant_docids"}}.
 * {@code final_list} may be absent (the reward never reads it); docids must be JSON strings, as pytrec_eval requires.
 */
public record RewardCall(
    String solutionStr, String groundTruth, List<String> initialList, List<String> finalList, List<String> relevantDocids) {

  public RewardCall {
    if (solutionStr == null) throw new IllegalArgumentException("solution_str must not be null");
    if (groundTruth == null) throw new IllegalArgumentException("ground_truth must not be null");
    initialList = List.copyOf(initialList);
    finalList = finalList == null ? List.of() : List.copyOf(finalList);
    relevantDocids = List.copyOf(relevantDocids);
  }

  /** A row that does not have verl's shape; {@link #field()} names the offending field. */
  public static final class BadRowException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final String field;

    public BadRowException(String field, String message) {
      super(message);
      this.field = field;
    }

    public String field() {
      return field;
    }
  }

  /** Reads one JSON object; a wrong or missing field raises {@link BadRowException} with a one-line message. */
  public static RewardCall fromJson(JsonNode row) {
    if (row == null || !row.isObject()) throw new BadRowException("", "expected a JSON object");
    return new RewardCall(
        text(row, "solution_str"),
        text(row, "ground_truth"),
        strings(row, "initial_list", true),
        strings(row, "final_list", false),
        strings(row, "relevant_docids", true));
  }

  private static String text(JsonNode row, String field) {
    JsonNode v = row.get(field);
    if (v == null || v.isNull()) throw new BadRowException(field, "missing field '" + field + "'");
    if (!v.isTextual()) throw new BadRowException(field, "field '" + field + "' must be a string, got " + v.getNodeType());
    return v.textValue();
  }

  private static List<String> strings(JsonNode row, String field, boolean required) {
    JsonNode v = row.get(field);
    if (v == null || v.isNull()) {
      if (required) throw new BadRowException(field, "missing field '" + field + "'");
      return List.of();
    }
    if (!v.isArray()) throw new BadRowException(field, "field '" + field + "' must be an array of strings, got " + v.getNodeType());
    List<String> out = new ArrayList<>(v.size());
    for (int i = 0; i < v.size(); i++) {
      JsonNode e = v.get(i);
      if (!e.isTextual()) {
        throw new BadRowException(field, "field '" + field + "'[" + i + "] must be a string, got " + e.getNodeType());
      }
      out.add(e.textValue());
    }
    return out;
  }
}
