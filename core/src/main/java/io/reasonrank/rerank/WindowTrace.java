package io.reasonrank.rerank;

import java.util.List;

/**
 * One LLM call of a reranking and what came of it: the window {@code [start, end)} over the current
 * list, the raw response, how the answer was parsed, and the permutation applied (new window position
 * j holds old window index {@code permutation.get(j)}). A call that finally failed leaves the window in
 * input order, has {@code failed} set and its {@code error}.
 */
public record WindowTrace(
    int start,
    int end,
    List<String> docidsBefore,
    String promptSha256,
    String response,
    String parsePath,
    List<Integer> permutation,
    boolean failed,
    String error,
    int promptTokens,
    int completionTokens,
    boolean cached,
    long millis) {

  public WindowTrace {
    docidsBefore = List.copyOf(docidsBefore);
    permutation = List.copyOf(permutation);
  }
}
