package io.reasonrank.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reasonrank.format.InputException;
import io.reasonrank.io.Json;
import io.reasonrank.io.JsonLines;
import io.reasonrank.llm.tokenizer.HfTokenizer;
import io.reasonrank.model.Document;
import io.reasonrank.prompt.ListwiseTranslator;
import io.reasonrank.prompt.PromptMode;
import io.reasonrank.prompt.RenderedPrompt;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code reasonrank prompts}: renders listwise window prompts exactly as reranking sends them (docs/reference-behaviour.md §1),
 * for inspection, for feeding another inference stack, or for diffing against the reference.
 */
@Command(
    name = "prompts",
    mixinStandardHelpOptions = true,
    description = {
      "Render ReasonRank listwise prompts (byte-identical to the reference) through the reranker's own code path.",
      "Input rows: {\"query\", \"passages\": [{\"docid\", \"text\", \"title\"?}], \"mode\"?, \"max_passage_tokens\"}.",
      "  mode: rank_GPT_reasoning (default), rank_GPT or rank_GPT_qwen3; max_passage_tokens: 100 for TREC/BEIR, 512 for BRIGHT/R2MED.",
      "Output rows, in input order: {\"prompt\", \"user_message\", \"passages\": [each passage as placed after its \"[i] \"]}."
    })
public final class PromptsCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--input", required = true, paramLabel = "FILE", description = "JSONL rows (.gz allowed)")
  Path input;

  @Option(names = "--tokenizer", paramLabel = "DIR", description = "directory or file with tokenizer.json[.gz] (default: the bundled tokenizer of the row's mode: Qwen2.5, or Qwen3 for rank_GPT_qwen3)")
  Path tokenizerPath;

  @Option(names = "--output", paramLabel = "FILE", description = "JSONL prompts (default: stdout)")
  Path output;

  @Override
  public Integer call() throws IOException {
    OutputPaths.checkWritableFile("--output", output);
    if (!Files.isRegularFile(input)) throw new InputException(input + ": no such file");
    // A given tokenizer serves every row; otherwise each row's mode picks its checkpoint's bundled tokenizer.
    HfTokenizer given = tokenizerPath == null ? null : HfTokenizer.load(tokenizerPath);
    long start = System.nanoTime();
    long[] rows = {0};
    long[] passages = {0};
    // stdout is picocli's writer (tests capture it) and must stay open; a file is closed when done
    Writer sink = output == null ? spec.commandLine().getOut() : Files.newBufferedWriter(output, StandardCharsets.UTF_8);
    BufferedWriter out = new BufferedWriter(sink, 1 << 16);
    try (given) {
      JsonLines.forEach(input, (JsonNode row, Long line) -> {
        Row r = parse(row, line);
        HfTokenizer tokenizer = given != null ? given : TokenizerOption.load(null, r.mode());
        RenderedPrompt p = new ListwiseTranslator(r.mode(), tokenizer, r.maxPassageTokens()).render(r.query(), r.docs());
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("prompt", p.prompt());
        o.put("user_message", p.userMessage());
        p.passages().forEach(o.putArray("passages")::add);
        try {
          out.write(Json.MAPPER.writeValueAsString(o));
          out.write('\n');
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        passages[0] += r.docs().size();
        if (++rows[0] % 1000 == 0) {
          double secs = (System.nanoTime() - start) / 1e9;
          spec.commandLine().getErr().printf("prompts: %d rows, %.0f passages/s%n", rows[0], passages[0] / secs);
          spec.commandLine().getErr().flush();
        }
      });
      out.flush();
    } finally {
      if (output != null) out.close();
    }
    double secs = (System.nanoTime() - start) / 1e9;
    spec.commandLine().getErr().printf("prompts: %d rows (%d passages) in %.2f s%s%n", rows[0], passages[0], secs,
        output == null ? "" : " -> " + output);
    spec.commandLine().getErr().flush();
    return 0;
  }

  private record Row(String query, List<Document> docs, PromptMode mode, int maxPassageTokens) {}

  private Row parse(JsonNode row, long line) {
    JsonNode q = row.get("query");
    if (q == null || !q.isTextual()) throw InputException.at(input, line, "missing string field 'query'");
    JsonNode ps = row.get("passages");
    if (ps == null || !ps.isArray()) throw InputException.at(input, line, "missing array field 'passages'");
    if (ps.isEmpty()) throw InputException.at(input, line, "'passages' is empty");
    List<Document> docs = new ArrayList<>(ps.size());
    int i = 0;
    for (JsonNode p : ps) {
      JsonNode text = p.get("text");
      if (text == null || !text.isTextual()) throw InputException.at(input, line, "passages[" + i + "] has no string field 'text'");
      docs.add(new Document(p.path("docid").asText(""), p.path("title").asText(""), text.asText()));
      i++;
    }
    PromptMode mode = PromptMode.RANK_GPT_REASONING;
    if (row.hasNonNull("mode")) {
      try {
        mode = PromptMode.parse(row.get("mode").asText());
      } catch (IllegalArgumentException e) {
        throw InputException.at(input, line, e.getMessage());
      }
    }
    JsonNode max = row.get("max_passage_tokens");
    if (max == null || !max.canConvertToInt() || !max.isIntegralNumber() || max.asInt() < 1) {
      throw InputException.at(input, line, "'max_passage_tokens' must be a positive integer (100 for TREC/BEIR, 512 for BRIGHT/R2MED)");
    }
    return new Row(q.asText(), docs, mode, max.asInt());
  }
}
