package io.reasonrank.llm.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.reasonrank.io.RankLlmResults;
import io.reasonrank.model.Candidate;
import io.reasonrank.model.RerankRequest;
import io.reasonrank.rerank.RerankResult;
import io.reasonrank.rerank.WindowTrace;
import io.reasonrank.rerank.pointwise.PointwiseReranker;
import io.reasonrank.rerank.pointwise.Rank1Prompt;
import io.reasonrank.testing.SharedData;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The pointwise Rank1 baseline end to end: PointwiseReranker → OpenAiBackend → HTTP → the scripted Rank1 double. */
@Timeout(60)
class PointwiseOverOpenAiTest {
  private static RerankRequest dl19First;

  private final List<AutoCloseable> closeables = new ArrayList<>();

  @BeforeAll
  static void loadDl19() {
    dl19First = RankLlmResults.read(SharedData.path("rank_llm/retrieve_results_dl19.json")).getFirst();
  }

  @AfterEach
  void closeAll() throws Exception {
    for (AutoCloseable c : closeables.reversed()) c.close();
  }

  private OpenAiBackend backend(OpenAiTestServer.Responder responder) {
    OpenAiTestServer server = OpenAiTestServer.start(responder);
    closeables.add(server);
    OpenAiBackend b = OpenAiBackend.builder().baseUrl(server.baseUrl()).model(OpenAiTestServer.MODEL)
        .environment(k -> null).maxConcurrency(8).maxRetries(1).backoffBase(Duration.ofMillis(1))
        .backoffCap(Duration.ofMillis(2)).extraBodyField("skip_special_tokens", false).build();
    closeables.add(b);
    servers.add(server);
    return b;
  }

  private final List<OpenAiTestServer> servers = new ArrayList<>();

  /** The order the scripted double implies: p descending, ties by first-stage rank. */
  private static List<String> expectedOrder(RerankRequest r) {
    List<Integer> idx = new ArrayList<>();
    for (int i = 0; i < r.candidates().size(); i++) idx.add(i);
    idx.sort(Comparator.comparingDouble((Integer i) ->
        -ScriptedRank1Llm.probabilityTrue(r.query().text(), r.candidates().get(i).doc().text())).thenComparing(i -> i));
    return idx.stream().map(i -> r.candidates().get(i).docid()).toList();
  }

  @Test
  void reranksADl19QueryFromTheLastPositionLogprobs() {
    OpenAiBackend b = backend(ScriptedRank1Llm.responder(ScriptedRank1Llm.Options.vllm()));
    RerankResult res = PointwiseReranker.builder().backend(b).build().rerank(dl19First);

    assertThat(res.ranked()).extracting(Candidate::docid).containsExactlyElementsOf(expectedOrder(dl19First));
    Candidate top = res.ranked().getFirst();
    assertThat(top.score()).isCloseTo(ScriptedRank1Llm.probabilityTrue(dl19First.query().text(), top.doc().text()),
        within(1e-12));
    assertThat(res.windows()).hasSize(100).extracting(WindowTrace::parsePath).containsOnly("logprobs");
    assertThat(res.failedWindows()).isZero();

    OpenAiTestServer server = servers.getFirst();
    assertThat(server.generationCount()).isEqualTo(100);
    assertThat(server.maxInFlight()).isLessThanOrEqualTo(8);
    Candidate c0 = dl19First.candidates().getFirst();
    OpenAiTestServer.Request first = server.generationRequests().stream()
        .filter(r -> r.json().path("prompt").asText().equals(Rank1Prompt.build(dl19First.query().text(), c0.doc().text())))
        .findFirst().orElseThrow();
    JsonNode body = first.json();
    assertThat(body.path("temperature").asDouble()).isZero();
    assertThat(body.path("max_tokens").asInt()).isEqualTo(8192);
    assertThat(body.path("logprobs").asInt()).isEqualTo(20);
    assertThat(body.path("stop").toString()).isEqualTo("[\"</think> true\",\"</think> false\"]");
    assertThat(body.path("skip_special_tokens").isBoolean()).isTrue();
    assertThat(body.path("skip_special_tokens").asBoolean()).isFalse();

    // token accounting: the trace sums what the server reported
    long promptTokens = 0;
    long completion = 0;
    for (OpenAiTestServer.Request r : server.generationRequests()) {
      promptTokens += OpenAiTestServer.promptTokens(r.json().path("prompt").asText());
    }
    for (Candidate c : dl19First.candidates()) {
      completion += OpenAiTestServer.words(ScriptedRank1Llm.reasoning(dl19First.query().text(), c.doc().text())) + 2;
    }
    assertThat(PointwiseReranker.usage(res)).isEqualTo(new PointwiseReranker.Usage(100, promptTokens, completion, 0));
  }

  @Test
  void serverErrorsAreFlaggedNeutralAndTheQueryGoesOn() {
    String badDoc = dl19First.candidates().get(3).doc().text();
    OpenAiTestServer.Responder ok = ScriptedRank1Llm.responder(ScriptedRank1Llm.Options.vllm());
    OpenAiBackend b = backend(request -> request.isCompletions() && request.json().path("prompt").asText().contains(badDoc)
        ? OpenAiTestServer.Reply.error(500, "CUDA out of memory") : ok.respond(request));
    RerankResult res = PointwiseReranker.builder().backend(b).build().rerank(dl19First);

    assertThat(res.ranked()).hasSize(100);
    assertThat(res.failedWindows()).isEqualTo(1);
    WindowTrace failed = res.windows().get(3);
    assertThat(failed.failed()).isTrue();
    assertThat(failed.parsePath()).isEqualTo("failed");
    assertThat(failed.error()).contains("HTTP 500: CUDA out of memory").contains("after 2 attempts");
    String failedId = dl19First.candidates().get(3).docid();
    assertThat(res.ranked()).filteredOn(c -> c.docid().equals(failedId)).singleElement()
        .extracting(Candidate::score).isEqualTo(0.5);
    assertThat(servers.getFirst().generationCount()).isEqualTo(101); // one retry of the failing call
    assertThat(PointwiseReranker.usage(res).calls()).isEqualTo(100);
  }

  @Test
  void withoutLogprobsTheTextDecidesWhenTheServerKeepsTheStopString() {
    OpenAiBackend b = backend(ScriptedRank1Llm.responder(
        ScriptedRank1Llm.Options.vllm().withLogprobs(false).withStopStringInText(true)));
    RerankResult res = PointwiseReranker.builder().backend(b).topK(20).build().rerank(dl19First);
    assertThat(res.windows()).extracting(WindowTrace::parsePath).containsOnly("text");
    for (Candidate c : res.ranked().subList(0, 20)) {
      double p = ScriptedRank1Llm.probabilityTrue(dl19First.query().text(), c.doc().text());
      // ties (every text judgment is 1 or 0) are written one run-file step apart, in first-stage order
      assertThat(c.score()).isCloseTo(p >= 0.5 ? 1.0 : 0.0, org.assertj.core.api.Assertions.within(20 * PointwiseReranker.SCORE_STEP));
    }
    assertThat(res.ranked()).extracting(Candidate::score).isSortedAccordingTo((x, y) -> Double.compare(y, x))
        .doesNotHaveDuplicates();
    assertThat(res.ranked().subList(20, 100)).extracting(Candidate::docid)
        .containsExactlyElementsOf(dl19First.candidates().subList(20, 100).stream().map(Candidate::docid).toList());
  }

  @Test
  void withoutLogprobsAndWithTheStopStringStrippedEverythingIsNeutral() {
    OpenAiBackend b = backend(ScriptedRank1Llm.responder(ScriptedRank1Llm.Options.vllm().withLogprobs(false)));
    RerankResult res = PointwiseReranker.builder().backend(b).topK(10).build().rerank(dl19First);
    assertThat(res.windows()).extracting(WindowTrace::parsePath).containsOnly("neutral");
    assertThat(servers.getFirst().generationCount()).isEqualTo(10); // no forced call without any logprobs
    assertThat(res.ranked()).extracting(Candidate::docid)
        .containsExactlyElementsOf(dl19First.candidates().stream().map(Candidate::docid).toList());
  }

  @Test
  void aGenerationCutShortGetsTheForcedJudgmentCall() {
    OpenAiBackend b = backend(ScriptedRank1Llm.responder(ScriptedRank1Llm.Options.vllm().cutAfter(11)));
    RerankResult res = PointwiseReranker.builder().backend(b).topK(5).build().rerank(dl19First);
    assertThat(res.windows()).hasSize(10).extracting(WindowTrace::parsePath)
        .containsExactly("incomplete", "forced-logprobs", "incomplete", "forced-logprobs", "incomplete",
            "forced-logprobs", "incomplete", "forced-logprobs", "incomplete", "forced-logprobs");
    // the cut text "… in the passage.\n</think>" loses everything after its last '.', as in Rank1
    String q = dl19First.query().text();
    String p0 = dl19First.candidates().getFirst().doc().text();
    String expected = Rank1Prompt.build(q, p0) + "\n" + ScriptedRank1Llm.reasoning(q, p0).strip() + "\n</think>";
    OpenAiTestServer.Request forced = servers.getFirst().generationRequests().stream()
        .filter(r -> r.json().path("prompt").asText().equals(expected)).findFirst().orElseThrow();
    assertThat(forced.json().path("max_tokens").asInt()).isEqualTo(1);
    assertThat(forced.json().path("logprobs").asInt()).isEqualTo(20);
    List<String> top5 = expectedOrder(new RerankRequest(dl19First.query(), dl19First.candidates().subList(0, 5)));
    assertThat(res.ranked().subList(0, 5)).extracting(Candidate::docid).containsExactlyElementsOf(top5);
  }
}
