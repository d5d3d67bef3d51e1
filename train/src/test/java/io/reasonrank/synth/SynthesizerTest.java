package io.reasonrank.synth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.reasonrank.format.InputException;
import io.reasonrank.format.Run;
import io.reasonrank.format.TrecRuns;
import io.reasonrank.io.Json;
import io.reasonrank.io.JsonlCorpus;
import io.reasonrank.io.Topics;
import io.reasonrank.llm.Completion;
import io.reasonrank.llm.LlmBackend;
import io.reasonrank.llm.LlmException;
import io.reasonrank.llm.LlmRequest;
import io.reasonrank.llm.openai.OpenAiBackend;
import io.reasonrank.llm.openai.OpenAiTestServer;
import io.reasonrank.llm.tokenizer.HfTokenizer;
import io.reasonrank.model.Document;
import io.reasonrank.model.Query;
import io.reasonrank.prompt.ListwisePrompts;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SynthesizerTest {
  static final HfTokenizer QWEN = HfTokenizer.qwenDefault();

  @TempDir Path dir;

  SynthesisOptions options(int concurrency) {
    SynthesisOptions d = SynthesisOptions.defaults("unit");
    return new SynthesisOptions("unit", 4, 512, concurrency, d.pointwiseSampling(), d.listwiseSampling(), 2.0, 8.0);
  }

  /** An in-process teacher (no HTTP) answering with {@link ScriptedTeacher}, failing prompts that {@code fail} selects. */
  static final class Teacher implements LlmBackend {
    final AtomicInteger calls = new AtomicInteger();
    volatile Function<String, Boolean> fail = p -> false;

    @Override
    public Completion complete(LlmRequest r) {
      calls.incrementAndGet();
      if (fail.apply(r.prompt())) throw new LlmException("HTTP 500 after 5 retries", true);
      String text = ScriptedTeacher.respond(r.prompt());
      return new Completion(text, OpenAiTestServer.words(r.prompt()), OpenAiTestServer.words(text), "stop");
    }

    @Override
    public String model() {
      return "scripted";
    }
  }

  Synthesizer.Summary run(LlmBackend teacher, SynthFixture fx, Path out, List<String> log) {
    Map<String, Document> corpus = JsonlCorpus.load(fx.corpus);
    return new Synthesizer(teacher, QWEN, options(3)).run(Topics.read(fx.topics), TrecRuns.read(fx.run).run(),
        id -> Optional.ofNullable(corpus.get(id)), out, log::add);
  }

  @Test
  void rowsCarryTeacherLabelsInTopicOrderWithAccounting() throws Exception {
    SynthFixture fx = new SynthFixture(dir, 6, 6);
    Path out = dir.resolve("out.jsonl");
    List<String> log = new ArrayList<>();
    try (OpenAiTestServer server = OpenAiTestServer.startLlm(ScriptedTeacher::respond);
         var teacher = OpenAiBackend.builder().baseUrl(server.baseUrl()).model(OpenAiTestServer.MODEL).maxConcurrency(3).build()) {
      Synthesizer.Summary s = run(teacher, fx, out, log);
      assertThat(s.queries()).isEqualTo(6);
      assertThat(s.written()).isEqualTo(6);
      assertThat(s.failed()).isZero();
      assertThat(s.calls()).isEqualTo(6 * 5).isEqualTo(server.generationCount());
      assertThat(server.maxInFlight()).isLessThanOrEqualTo(3);
      long in = 0;
      long outTok = 0;
      for (var r : server.generationRequests()) {
        in += OpenAiTestServer.promptTokens(r.prompt());
        outTok += OpenAiTestServer.words(ScriptedTeacher.respond(r.prompt()));
      }
      assertThat(s.promptTokens()).isEqualTo(in);
      assertThat(s.completionTokens()).isEqualTo(outTok);
      assertThat(s.cost()).isEqualTo(in / 1e6 * 2.0 + outTok / 1e6 * 8.0);
      assertThat(s.unparsedJudgments()).isZero();
      assertThat(s.answersWithoutPattern()).isZero();
      // the listwise call is the exact reasoning-mode prompt, 4 passages (list size), no gold answer
      String listwise = server.generationRequests().stream().map(OpenAiTestServer.Request::prompt)
          .filter(p -> p.contains("I will provide you with 4 passages") && p.contains("question number 1 about (1)")).findFirst().orElseThrow();
      assertThat(listwise).startsWith("<|im_start|>system\n" + ListwisePrompts.SYSTEM_PROMPT_REASONING + "<|im_end|>\n");
      assertThat(listwise).contains("\n\n[1] Title: T1 Content: passage 1 of query 1 unrelated\n");
    }
    assertThat(log).anyMatch(l -> l.startsWith("synth: 6/6 queries (0 failed)") && l.contains("q/s") && l.contains("ETA"));

    List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
    assertThat(lines).hasSize(6);
    for (int q = 1; q <= 6; q++) {
      JsonNode row = Json.MAPPER.readTree(lines.get(q - 1));
      TrainingExample ex = TrainingExample.fromJson(row);
      assertThat(ex.qid()).isEqualTo("q" + q);
      assertThat(ex.dataset()).isEqualTo("unit");
      assertThat(ex.query()).isEqualTo("question number " + q + " about [" + q + "] things?");
      assertThat(ex.initialList()).containsExactly("d" + q + "_1", "d" + q + "_2", "d" + q + "_3", "d" + q + "_4");
      List<String> gold = new ArrayList<>();
      List<String> other = new ArrayList<>();
      for (int k = 1; k <= 4; k++) ((q + k) % 3 == 0 ? gold : other).add("d" + q + "_" + k);
      assertThat(ex.relevantDocids()).isEqualTo(gold);
      List<String> expected = new ArrayList<>(gold);
      expected.addAll(other.reversed());
      assertThat(ex.finalList()).isEqualTo(expected);
      assertThat(ex.reasoning()).isEqualTo("Passages with gold come first: " + gold.size() + " of them.");
      assertThat(ex.passages().getFirst().text()).isEqualTo("Title: T1 Content: passage 1 of query " + q
          + ((q + 1) % 3 == 0 ? " with gold evidence" : " unrelated"));
    }
  }

  @Test
  void failedQueriesAreNotWrittenAndARerunCompletesThemWithoutRepeatingTheOthers() throws Exception {
    SynthFixture fx = new SynthFixture(dir, 5, 4);
    Teacher teacher = new Teacher();
    teacher.fail = p -> p.contains("question number 3 ") && p.contains("Passage: Title: T2");
    Path out = dir.resolve("out.jsonl");
    List<String> log = new ArrayList<>();
    Synthesizer.Summary first = run(teacher, fx, out, log);
    assertThat(first.written()).isEqualTo(4);
    assertThat(first.failed()).isEqualTo(1);
    assertThat(first.failedCalls()).isEqualTo(1);
    assertThat(log).anyMatch(l -> l.equals("synth: query q3 failed: HTTP 500 after 5 retries"));
    assertThat(Files.readAllLines(out)).hasSize(4).noneMatch(l -> l.contains("\"qid\":\"q3\""));

    teacher.fail = p -> false;
    int before = teacher.calls.get();
    Synthesizer.Summary second = run(teacher, fx, out, log);
    assertThat(second.resumed()).isEqualTo(4);
    assertThat(second.written()).isEqualTo(1);
    assertThat(teacher.calls.get() - before).isEqualTo(5);
    Path fresh = dir.resolve("fresh.jsonl");
    run(new Teacher(), fx, fresh, new ArrayList<>());
    assertThat(Files.readString(out)).isEqualTo(Files.readString(fresh));
  }

  @Test
  void resumeRefusesAnotherRunsOutputAndBadInput() throws Exception {
    SynthFixture fx = new SynthFixture(dir, 2, 4);
    Path out = dir.resolve("other.jsonl");
    Files.writeString(out, "{\"qid\":\"q1\"}\n{\"qid\":\"zz\"}\n");
    assertThatThrownBy(() -> run(new Teacher(), fx, out, new ArrayList<>())).isInstanceOf(InputException.class)
        .hasMessage(out + ":2: qid 'zz' is not among this run's queries; is this another run's output?");
    Files.writeString(out, "{\"qid\":\"q1\"}\n{\"qid\":\"q1\"}\n");
    assertThatThrownBy(() -> run(new Teacher(), fx, out, new ArrayList<>())).isInstanceOf(InputException.class)
        .hasMessage(out + ":2: qid 'q1' is written twice");

    Teacher t = new Teacher();
    Run run = TrecRuns.read(fx.run).run();
    assertThatThrownBy(() -> new Synthesizer(t, QWEN, options(1)).run(List.of(new Query("q1", "x")), run,
        id -> Optional.empty(), dir.resolve("a.jsonl"), m -> {}))
        .isInstanceOf(InputException.class).hasMessage("run: docid 'd1_1' (query q1) is not in the corpus");
    assertThatThrownBy(() -> new Synthesizer(t, QWEN, options(1)).run(List.of(new Query("q1", "x"), new Query("q1", "y")), run,
        id -> Optional.of(Document.of(id, "t")), dir.resolve("b.jsonl"), m -> {}))
        .isInstanceOf(InputException.class).hasMessage("topics: query id 'q1' appears twice");
    assertThatThrownBy(() -> new Synthesizer(t, QWEN, options(1)).run(List.of(), run, id -> Optional.empty(),
        dir.resolve("c.jsonl.gz"), m -> {}))
        .isInstanceOf(InputException.class).hasMessageStartingWith("--output must be plain JSONL");
    assertThat(t.calls.get()).isZero();
  }

  @Test
  void reasoningIsTheThinkBlock() {
    assertThat(Synthesizer.reasoning("<think>\n a b \n</think>\n<answer>[1]</answer>")).isEqualTo("a b");
    assertThat(Synthesizer.reasoning("prefilled thoughts</think><answer>[1]</answer>")).isEqualTo("prefilled thoughts");
    assertThat(Synthesizer.reasoning("[2] > [1]")).isEmpty();
  }

  @Test
  void optionsValidate() {
    SynthesisOptions d = SynthesisOptions.defaults("x");
    assertThatThrownBy(() -> new SynthesisOptions("x", 0, 512, 1, d.pointwiseSampling(), d.listwiseSampling(), 0, 0))
        .hasMessage("listSize must be >= 1, got 0");
    assertThatThrownBy(() -> new SynthesisOptions("x", 20, 512, 0, d.pointwiseSampling(), d.listwiseSampling(), 0, 0))
        .hasMessage("concurrency must be >= 1, got 0");
    assertThatThrownBy(() -> new SynthesisOptions("x", 20, 512, 1, d.pointwiseSampling(), d.listwiseSampling(), -1, 0))
        .hasMessage("prices must be >= 0, got -1.0 / 0.0");
    assertThatThrownBy(() -> new SynthesisOptions(" ", 20, 512, 1, d.pointwiseSampling(), d.listwiseSampling(), 0, 0))
        .hasMessage("dataset must not be blank");
  }
}
