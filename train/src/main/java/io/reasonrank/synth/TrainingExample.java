package io.reasonrank.synth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reasonrank.model.Document;
import java.util.List;
import java.util.Objects;

/**
 * One self-contained training window of {@code reasonrank_data_13k} (docs/reference-behaviour.md §9): the query, the passages shown to
 * the model in {@code initial_list} order ({@code initial_list[i-1]} is {@code [i]}, at most 20), R1's listwise
 * ranking {@code final_list}, its pointwise positives {@code relevant_docids} and its {@code reasoning}. The SFT and
 * RL exports build prompts and gold answers from these rows.
 *
 * <p>JSON: {@code {"dataset","qid","query","passages":[{"docid","text"}],"initial_list","final_list",
 * "relevant_docids","reasoning"}}.
 */
public record TrainingExample(
    String dataset,
    String qid,
    String query,
    List<Document> passages,
    List<String> initialList,
    List<String> finalList,
    List<String> relevantDocids,
    String reasoning) {

  public TrainingExample {
    Objects.requireNonNull(dataset, "dataset");
    Objects.requireNonNull(qid, "qid");
    Objects.requireNonNull(query, "query");
    passages = List.copyOf(passages);
    initialList = List.copyOf(initialList);
    finalList = List.copyOf(finalList);
    relevantDocids = List.copyOf(relevantDocids);
    reasoning = reasoning == null ? "" : reasoning;
  }

  public ObjectNode toJson() {
    JsonNodeFactory f = JsonNodeFactory.instance;
    ObjectNode o = f.objectNode();
    o.put("dataset", dataset);
    o.put("qid", qid);
    o.put("query", query);
    ArrayNode ps = o.putArray("passages");
    for (Document d : passages) ps.addObject().put("docid", d.id()).put("text", d.text());
    strings(o.putArray("initial_list"), initialList);
    strings(o.putArray("final_list"), finalList);
    strings(o.putArray("relevant_docids"), relevantDocids);
    o.put("reasoning", reasoning);
    return o;
  }

  /** Reads a row written by {@link #toJson()}; a missing field raises {@link IllegalArgumentException} naming it. */
  public static TrainingExample fromJson(JsonNode o) {
    List<Document> passages = new java.util.ArrayList<>();
    for (JsonNode p : required(o, "passages")) passages.add(Document.of(required(p, "docid").asText(), required(p, "text").asText()));
    return new TrainingExample(required(o, "dataset").asText(), required(o, "qid").asText(), required(o, "query").asText(),
        passages, list(required(o, "initial_list")), list(required(o, "final_list")), list(required(o, "relevant_docids")),
        o.path("reasoning").asText(""));
  }

  private static JsonNode required(JsonNode o, String field) {
    JsonNode v = o.get(field);
    if (v == null || v.isNull()) throw new IllegalArgumentException("missing field '" + field + "'");
    return v;
  }

  private static List<String> list(JsonNode a) {
    List<String> out = new java.util.ArrayList<>(a.size());
    a.forEach(n -> out.add(n.asText()));
    return out;
  }

  private static void strings(ArrayNode a, List<String> values) {
    values.forEach(a::add);
  }
}
