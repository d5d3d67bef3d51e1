package io.reasonrank.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reasonrank.format.InputException;
import io.reasonrank.format.TextFiles;
import io.reasonrank.model.Candidate;
import io.reasonrank.model.Document;
import io.reasonrank.model.Query;
import io.reasonrank.model.RerankRequest;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * rank_llm's retrieve-results JSON: {@code [{query, hits: [{qid, docid, rank, score, content}]}]}.
 * {@code content} is the passage text; the query id comes from the first hit.
 */
public final class RankLlmResults {
  private RankLlmResults() {}

  public static List<RerankRequest> read(Path file) {
    JsonNode root;
    try (Reader r = TextFiles.reader(file)) {
      root = Json.MAPPER.readTree(r);
    } catch (JsonProcessingException e) {
      throw InputException.at(file, e.getLocation() == null ? 0 : e.getLocation().getLineNr(), "invalid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw InputException.at(file, "cannot read: " + e.getMessage());
    }
    if (root == null || !root.isArray()) throw InputException.at(file, "expected a JSON array of {query, hits}");
    List<RerankRequest> out = new ArrayList<>();
    int i = 0;
    for (JsonNode req : root) {
      String where = "entry " + i++;
      JsonNode q = req.get("query");
      JsonNode hits = req.get("hits");
      if (q == null || hits == null || !hits.isArray()) throw InputException.at(file, where + ": missing 'query' or 'hits'");
      String queryText = q.isTextual() ? q.asText() : q.path("text").asText();
      String qid = q.isObject() ? q.path("qid").asText("") : "";
      List<Candidate> cands = new ArrayList<>();
      for (JsonNode h : hits) {
        if (!h.hasNonNull("docid")) throw InputException.at(file, where + ": a hit has no 'docid'");
        if (qid.isEmpty()) qid = h.path("qid").asText("");
        cands.add(new Candidate(new Document(h.get("docid").asText(), "", h.path("content").asText("")), h.path("score").asDouble(0)));
      }
      if (qid.isEmpty()) throw InputException.at(file, where + ": no query id (hits carry 'qid')");
      out.add(new RerankRequest(new Query(qid, queryText), cands));
    }
    if (out.isEmpty()) throw InputException.at(file, "no queries");
    return out;
  }

  public static void write(Path file, List<RerankRequest> requests) {
    ArrayNode root = Json.MAPPER.createArrayNode();
    for (RerankRequest r : requests) {
      ObjectNode o = root.addObject();
      o.put("query", r.query().text());
      ArrayNode hits = o.putArray("hits");
      int rank = 1;
      for (Candidate c : r.candidates()) {
        String content = c.doc().title().isEmpty() ? c.doc().text() : "Title: " + c.doc().title() + " Content: " + c.doc().text();
        hits.addObject().put("content", content).put("qid", r.query().id()).put("docid", c.docid()).put("rank", rank++).put("score", c.score());
      }
    }
    try (Writer w = TextFiles.writer(file)) {
      Json.MAPPER.writeValue(w, root);
    } catch (IOException e) {
      throw TextFiles.unchecked(file, e);
    }
  }
}
