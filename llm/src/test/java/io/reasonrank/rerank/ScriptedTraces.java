package io.reasonrank.rerank;

import io.reasonrank.io.JsonLines;
import io.reasonrank.prompt.PromptMode;
import io.reasonrank.testing.SharedData;
import java.util.ArrayList;
import java.util.List;

/** The LLM calls of the reference's scripted DL19 runs ({@code golden/scripted_rerank_dl19.<mode>.trace.jsonl.gz}). */
final class ScriptedTraces {
  private ScriptedTraces() {}

  record Call(String qid, int start, int end, int fault, String promptSha256, String response, String cleaned,
      List<Integer> permutation, List<String> docidsBefore, List<String> docidsAfter) {
    String key() {
      return qid + " [" + start + "," + end + ")";
    }
  }

  static List<Call> read(PromptMode mode) {
    List<Call> calls = new ArrayList<>();
    JsonLines.forEach(SharedData.path("golden/scripted_rerank_dl19." + mode.id() + ".trace.jsonl.gz"), (n, line) -> {
      List<Integer> perm = new ArrayList<>();
      n.get("permutation").forEach(p -> perm.add(p.asInt()));
      List<String> before = new ArrayList<>();
      n.get("docids_before").forEach(d -> before.add(d.asText()));
      List<String> after = new ArrayList<>();
      n.get("docids_after").forEach(d -> after.add(d.asText()));
      calls.add(new Call(n.get("qid").asText(), n.get("window").get(0).asInt(), n.get("window").get(1).asInt(),
          n.get("fault").asInt(), n.get("prompt_sha256").asText(), n.get("response").asText(), n.get("cleaned").asText(),
          perm, before, after));
    });
    return calls;
  }
}
