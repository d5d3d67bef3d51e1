package io.reasonrank.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reasonrank.io.Json;
import io.reasonrank.llm.openai.Endpoint;
import io.reasonrank.model.Candidate;
import io.reasonrank.model.RerankRequest;
import io.reasonrank.prompt.PromptMode;
import io.reasonrank.rerank.RerankResult;
import io.reasonrank.rerank.ScoreMode;
import io.reasonrank.rerank.WindowSettings;
import io.reasonrank.rerank.WindowTrace;
import io.reasonrank.text.Sha256;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * {@code <output>.partial.jsonl}: a header {@code {"fingerprint": …}}, then one row per finished query
 * ({@code qid}, {@code ranked} [[docid, score]…], {@code traces}). Rows are appended and flushed by the scheduler's
 * (serial) listener as each query ends; a row cut short by a kill is ignored on resume. A checkpoint written under
 * other settings is set aside (renamed {@code .stale}) rather than resumed.
 */
public final class Checkpoint implements AutoCloseable {
  private final Map<String, RerankResult> done;
  private final BufferedWriter writer;

  private Checkpoint(Map<String, RerankResult> done, BufferedWriter writer) {
    this.done = done;
    this.writer = writer;
  }

  /** The finished queries read from the file, by qid. */
  public Map<String, RerankResult> done() {
    return done;
  }

  /**
   * Opens (or starts) the checkpoint: resumes the rows of a file made under the same {@code fingerprint}; sets a file
   * made under other settings aside ({@code .stale}) and tells {@code onStale} so in one line.
   */
  public static Checkpoint open(Path file, String fingerprint, List<RerankRequest> requests, Consumer<String> onStale) throws IOException {
    Map<String, RerankResult> done = new HashMap<>();
    boolean resume = false;
    if (Files.isRegularFile(file)) {
      List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      JsonNode head = lines.isEmpty() ? null : parse(lines.getFirst());
      if (head != null && fingerprint.equals(head.path("fingerprint").asText())) {
        resume = true;
        Map<String, RerankRequest> byQid = new HashMap<>();
        for (RerankRequest r : requests) byQid.put(r.query().id(), r);
        for (String line : lines.subList(1, lines.size())) {
          JsonNode row = parse(line);
          if (row == null) continue; // the last row, cut short by a kill
          RerankRequest req = byQid.get(row.path("qid").asText());
          if (req != null) done.put(req.query().id(), restore(req, row));
        }
      } else {
        Path stale = sibling(file, ".stale");
        Files.move(file, stale, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        onStale.accept(file + " was made with other settings; moved to " + stale + " and starting over");
      }
    }
    BufferedWriter w;
    if (resume) {
      // drop a torn last row so that appended rows start on a line of their own
      String text = Files.readString(file, StandardCharsets.UTF_8);
      int cut = text.lastIndexOf('\n') + 1;
      if (cut < text.length()) Files.writeString(file, text.substring(0, cut), StandardCharsets.UTF_8);
      w = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    } else {
      w = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
      w.write(Json.MAPPER.createObjectNode().put("fingerprint", fingerprint).toString());
      w.write('\n');
      w.flush();
    }
    return new Checkpoint(done, w);
  }

  private static JsonNode parse(String line) {
    try {
      JsonNode n = Json.MAPPER.readTree(line);
      return n != null && n.isObject() ? n : null;
    } catch (IOException e) {
      return null;
    }
  }

  /** The finished query's candidates, matched to the input's by docid (duplicates in input order). */
  private static RerankResult restore(RerankRequest req, JsonNode row) {
    Map<String, ArrayDeque<Candidate>> byDocid = new HashMap<>();
    for (Candidate c : req.candidates()) byDocid.computeIfAbsent(c.docid(), k -> new ArrayDeque<>()).add(c);
    List<Candidate> ranked = new ArrayList<>();
    for (JsonNode e : row.path("ranked")) {
      ArrayDeque<Candidate> q = byDocid.get(e.path(0).asText());
      if (q == null || q.isEmpty()) return null;
      ranked.add(q.poll().withScore(e.path(1).asDouble()));
    }
    List<WindowTrace> traces = new ArrayList<>();
    for (JsonNode t : row.path("traces")) traces.add(TraceRows.fromJson(t));
    return new RerankResult(req.query().id(), ranked, traces);
  }

  /** Appends a finished query and flushes, so that a kill loses at most the row being written. */
  public void append(RerankResult r, String strategy) {
    ObjectNode o = Json.MAPPER.createObjectNode().put("qid", r.qid());
    var ranked = o.putArray("ranked");
    for (Candidate c : r.ranked()) ranked.addArray().add(c.docid()).add(c.score());
    var traces = o.putArray("traces");
    for (WindowTrace t : r.windows()) traces.add(TraceRows.toJson(r.qid(), strategy, t));
    try {
      writer.write(o.toString());
      writer.write('\n');
      writer.flush();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Closes the file; the rows written are kept. */
  @Override
  public void close() throws IOException {
    writer.close();
  }

  /** {@code file} with {@code suffix} appended to its name, beside it ({@code run.txt} → {@code run.txt.partial.jsonl}). */
  public static Path sibling(Path file, String suffix) {
    Path abs = file.toAbsolutePath();
    return abs.resolveSibling(abs.getFileName() + suffix);
  }

  /**
   * The settings that decide a run's output, hashed: a checkpoint made under other settings is not resumed. The
   * requests count by content (an edited input of the same length must not resume stale rows), and so does a
   * tokenizer given as a path.
   */
  public static String fingerprint(PromptMode mode, Strategy strategy, ScoreMode scoreMode, WindowSettings s, int passageTokens,
      String model, String backend, Endpoint endpoint, Integer maxTokens, List<RerankRequest> requests, Path tokenizerPath) {
    ObjectNode o = Json.MAPPER.createObjectNode();
    o.put("mode", mode.id()).put("strategy", strategy.id()).put("score_mode", scoreMode.name()).put("window", s.windowSize())
        .put("step", s.step()).put("top", s.topK()).put("max_passage_tokens", passageTokens).put("model", model)
        .put("backend", backend).put("endpoint", endpoint.name()).put("max_tokens", maxTokens == null ? 0 : maxTokens);
    o.put("requests_sha256", InputFingerprint.requests(requests));
    if (tokenizerPath != null) o.put("tokenizer_sha256", InputFingerprint.path(tokenizerPath));
    return Sha256.hex(o.toString());
  }
}
