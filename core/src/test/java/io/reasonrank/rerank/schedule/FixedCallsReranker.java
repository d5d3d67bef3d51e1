package io.reasonrank.rerank.schedule;

import io.reasonrank.llm.Completion;
import io.reasonrank.llm.LlmBackend;
import io.reasonrank.llm.LlmException;
import io.reasonrank.llm.LlmRequest;
import io.reasonrank.llm.SamplingParams;
import io.reasonrank.model.RerankRequest;
import io.reasonrank.rerank.RerankResult;
import io.reasonrank.rerank.Reranker;
import io.reasonrank.rerank.WindowTrace;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToIntFunction;

/**
 * Test double of a window-by-window reranker: makes {@code calls(query)} sequential LLM calls, the
 * n-th with prompt {@code "<qid>#<n>"}, keeps the candidate order, and records each call in the trace
 * the way a real reranker does (a failed call is traced, not thrown). It stands in for the sliding
 * window (9 calls per query for 100 candidates, docs/reference-behaviour.md §3) where only the timing matters.
 */
public final class FixedCallsReranker implements Reranker {
  /** Called just before each LLM call is made; lets tests observe submission order. */
  public interface BeforeCall {
    void before(String qid, int call);
  }

  private final LlmBackend backend;
  private final ToIntFunction<String> calls;
  private final BeforeCall beforeCall;

  public FixedCallsReranker(LlmBackend backend, ToIntFunction<String> calls, BeforeCall beforeCall) {
    this.backend = backend;
    this.calls = calls;
    this.beforeCall = beforeCall;
  }

  public FixedCallsReranker(LlmBackend backend, int callsPerQuery) {
    this(backend, qid -> callsPerQuery, (qid, call) -> {});
  }

  public static String prompt(String qid, int call) {
    return qid + "#" + call;
  }

  @Override
  public RerankResult rerank(RerankRequest request) {
    String qid = request.query().id();
    int n = calls.applyAsInt(qid);
    List<WindowTrace> traces = new ArrayList<>(n);
    for (int call = 0; call < n; call++) {
      beforeCall.before(qid, call);
      long t0 = System.nanoTime();
      LlmRequest llm = new LlmRequest(List.of(), prompt(qid, call), SamplingParams.greedy(16));
      try {
        Completion c = backend.complete(llm);
        traces.add(trace(call, c.text(), false, null, c.completionTokens(), t0));
      } catch (LlmException e) {
        traces.add(trace(call, "", true, e.getMessage(), 0, t0));
      }
    }
    return new RerankResult(qid, request.candidates(), traces);
  }

  private static WindowTrace trace(int call, String response, boolean failed, String error, int tokens, long t0) {
    return new WindowTrace(call, call + 1, List.of(), "", response, "", List.of(), failed, error, 0, tokens, false,
        (System.nanoTime() - t0) / 1_000_000);
  }
}
