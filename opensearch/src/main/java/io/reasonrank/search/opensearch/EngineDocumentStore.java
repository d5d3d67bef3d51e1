package io.reasonrank.search.opensearch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reasonrank.index.IndexFields;
import io.reasonrank.model.Document;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Passages by docid from an engine index's {@code _source} ({@code id}, {@code title}, {@code text}, as
 * {@link BulkLoader} stores them), fetched with {@code _mget} in batches, so a reranker needs no local
 * corpus.
 */
public final class EngineDocumentStore {
  private static final int BATCH = 1000;

  private final RestTransport rest;
  private final String index;

  public EngineDocumentStore(RestTransport rest, String index) {
    this.rest = rest;
    this.index = index;
  }

  /** The documents of {@code ids} that the index has (absent ids are simply missing from the map). */
  public Map<String, Document> getAll(Collection<String> ids) {
    List<String> unique = List.copyOf(new LinkedHashSet<>(ids));
    Map<String, Document> out = new HashMap<>(unique.size() * 2);
    String path = RestTransport.segment(index) + "/_mget";
    for (int from = 0; from < unique.size(); from += BATCH) {
      ObjectNode body = RestTransport.JSON.createObjectNode();
      ArrayNode arr = body.putArray("ids");
      unique.subList(from, Math.min(unique.size(), from + BATCH)).forEach(arr::add);
      JsonNode docs = rest.send("POST", path + "?_source_includes=id,title,text", body.toString()).body().path("docs");
      for (JsonNode d : docs) {
        if (!d.path("found").asBoolean(false)) continue;
        JsonNode src = d.path("_source");
        String id = src.path(IndexFields.ID).asText(d.path("_id").asText());
        out.put(id, new Document(id, src.path(IndexFields.TITLE).asText(""), src.path(IndexFields.TEXT).asText("")));
      }
    }
    return out;
  }
}
