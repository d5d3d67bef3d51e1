package io.reasonrank.service.engine;

import io.reasonrank.model.Document;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One query and its documents in request order. A document's position in {@code documents} is its index in
 * every answer; its {@link Document#id()} is carried through unchanged (the HTTP dialects set it to the
 * position). {@code deadline} is when the answer is due; {@code requestId} names the request in logs and traces.
 */
public record EngineRequest(String requestId, String query, List<Document> documents, Instant deadline) {
  public EngineRequest {
    Objects.requireNonNull(requestId, "requestId");
    Objects.requireNonNull(query, "query");
    documents = List.copyOf(documents);
    Objects.requireNonNull(deadline, "deadline");
  }
}
