package io.reasonrank.synth;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.reasonrank.format.InputException;
import io.reasonrank.format.Run;
import io.reasonrank.io.Json;
import io.reasonrank.llm.Completion;
import io.reasonrank.llm.LlmBackend;
import io.reasonrank.llm.LlmException;
import io.reasonrank.llm.LlmRequest;
import io.reasonrank.model.Document;
import io.reasonrank.model.Query;
import io.reasonrank.model.ScoredDoc;
import io.reasonrank.prompt.ListwisePrompts;
import io.reasonrank.prompt.ListwiseTranslator;
import io.reasonrank.prompt.ParsePath;
import io.reasonrank.prompt.ParsedAnswer;
import io.reasonrank.prompt.PassageTokenizer;
import io.reasonrank.prompt.PromptMode;
import io.reasonrank.rerank.schedule.Progress;
import io.reasonrank.text.PythonChars;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Teacher synthesis of training windows (docs/reference-behaviour.md §9, §13.10): for every query, the top {@code listSize}
 * candidates of a first-stage run become one window; the teacher labels each passage pointwise
 * ({@link RelevanceJudgePrompt}, giving {@code relevant_docids}) and ranks the whole window listwise with the exact
 * ReasonRank reasoning prompt (mode {@code rank_GPT_reasoning}, §1; RankGPT-style, without a gold answer, as the
 * paper prompted R1), giving {@code reasoning} (the text inside {@code <think>}) and {@code final_list} (the parsed
 * permutation, §4, as docids). Rows are {@link TrainingExample}s, so {@code reasonrank filter} applies next.
 *
 * <p><b>Crash safety.</b> Each finished query's row is appended and flushed at once. A restart reads the output,
 * truncates a partial last line (a kill mid-write), and skips the queries already there, so a row is never lost
 * nor written twice. Rows are appended in completion order and, at the end of every run, rewritten in topic order
 * (a temporary file moved over the output), which makes an interrupted-and-resumed run byte-identical to an
 * uninterrupted one. Teacher calls of the queries in flight at a crash are asked again unless the backend is
 * wrapped in a completion cache (any {@link LlmBackend} decorator; the SQLite {@code CachingBackend} is the
 * intended one); with a deterministic or cached teacher the rows are the same either way.
 *
 * <p>A query whose calls fail after the backend's retries is not written; it is counted and a rerun retries it.
 * Calls are bounded by {@link SynthesisOptions#concurrency()} across all queries.
 */
public final class Synthesizer {

  /** The final accounting of a run. {@code cost} is in dollars from the options' prices. */
  public record Summary(
      int queries,
      int resumed,
      int written,
      int failed,
      int withoutHits,
      long calls,
      long failedCalls,
      long promptTokens,
      long completionTokens,
      double cost,
      long unparsedJudgments,
      long answersWithoutPattern,
      double seconds) {

    /** One line for the end of a run. */
    public String describe() {
      return String.format(java.util.Locale.ROOT,
          "%d queries: %d written, %d resumed, %d failed, %d without run hits | %d teacher calls (%d failed),"
              + " %d prompt + %d completion tokens, $%.4f | %d unparsed pointwise judgments (counted not relevant),"
              + " %d listwise answers without <think>…<answer> | %.1f s",
          queries, written, resumed, failed, withoutHits, calls, failedCalls, promptTokens, completionTokens, cost,
          unparsedJudgments, answersWithoutPattern, seconds);
    }
  }

  private final LlmBackend teacher;
  private final SynthesisOptions options;
  private final ListwiseTranslator translator;

  private final AtomicLong calls = new AtomicLong();
  private final AtomicLong failedCalls = new AtomicLong();
  private final AtomicLong promptTokens = new AtomicLong();
  private final AtomicLong completionTokens = new AtomicLong();
  private final AtomicLong unparsedJudgments = new AtomicLong();
  private final AtomicLong answersWithoutPattern = new AtomicLong();

  /**
   * @param teacher the teacher model; wrap it in a completion cache to make resumes free of repeated calls
   * @param tokenizer the Qwen tokenizer for the 512-token passage cut (docs/reference-behaviour.md §1.5)
   */
  public Synthesizer(LlmBackend teacher, PassageTokenizer tokenizer, SynthesisOptions options) {
    this.teacher = Objects.requireNonNull(teacher, "teacher");
    this.options = Objects.requireNonNull(options, "options");
    this.translator = new ListwiseTranslator(PromptMode.RANK_GPT_REASONING, tokenizer, options.maxPassageTokens());
  }

  /** One planned window: the query and its candidates in run order. */
  record Window(Query query, List<Document> docs) {}

  /**
   * Synthesizes one row per topic that has run hits, resuming from {@code output} if it exists.
   *
   * @param docs the corpus: a docid to its document (title kept: the row stores the rendered raw content,
   *     {@code "Title: … Content: …"}, §1.5)
   * @param log one-line progress messages (rate, ETA, tokens, cost) and warnings
   * @throws InputException for duplicate topics, a candidate missing from the corpus, or an output that is not
   *     this run's
   */
  public Summary run(List<Query> topics, Run run, Function<String, Optional<Document>> docs, Path output,
      Consumer<String> log) {
    return run(topics, run, docs, output, log, (done, total, detail) -> log.accept("synth: " + done + "/" + total + " queries " + detail));
  }

  /**
   * Told how far a run is, at most every two seconds and once at the end.
   *
   * <p>{@code detail} is the progress line after its count: failed queries, rate, ETA, calls, tokens and cost.
   */
  @FunctionalInterface
  public interface ProgressListener {
    void progress(int done, int total, String detail);
  }

  /**
   * As {@link #run(List, Run, Function, Path, Consumer)}, with progress going to {@code progress} instead of
   * {@code log} (a progress bar, for example); {@code log} still gets the warnings and failed queries.
   */
  public Summary run(List<Query> topics, Run run, Function<String, Optional<Document>> docs, Path output,
      Consumer<String> log, ProgressListener progressListener) {
    long t0 = System.nanoTime();
    String name = output.getFileName().toString();
    if (name.endsWith(".gz")) throw new InputException("--output must be plain JSONL (it is appended to and resumed): " + output);
    List<Window> windows = plan(topics, run, docs);
    int withoutHits = topics.size() - windows.size();
    if (withoutHits > 0) log.accept("synth: warning: " + withoutHits + " topics have no run hits and are skipped");
    Set<String> planned = new LinkedHashSet<>();
    windows.forEach(w -> planned.add(w.query().id()));
    Set<String> done = resumeState(output, planned);
    List<Window> pending = windows.stream().filter(w -> !done.contains(w.query().id())).toList();
    if (!done.isEmpty()) log.accept("synth: resuming " + output + ": " + done.size() + " of " + windows.size() + " queries already done");

    ProgressLine progress = new ProgressLine(pending.size(), progressListener);
    int written = 0;
    int failed = 0;
    Semaphore callSlots = new Semaphore(options.concurrency(), true);
    Semaphore querySlots = new Semaphore(options.concurrency(), true);
    try (BufferedWriter out = Files.newBufferedWriter(output, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
             StandardOpenOption.APPEND);
         ExecutorService exec = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<Boolean>> results = new ArrayList<>(pending.size());
      for (Window w : pending) {
        querySlots.acquireUninterruptibly();
        results.add(exec.submit(() -> {
          try {
            TrainingExample ex = synthesize(w, exec, callSlots);
            String line = Json.MAPPER.writeValueAsString(ex.toJson()) + "\n";
            synchronized (out) {
              out.write(line);
              out.flush();
            }
            progress.done(true, stats());
            return true;
          } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + output, e);
          } catch (LlmException e) {
            log.accept("synth: query " + w.query().id() + " failed: " + oneLine(e.getMessage()));
            progress.done(false, stats());
            return false;
          } finally {
            querySlots.release();
          }
        }));
      }
      for (Future<Boolean> f : results) {
        if (join(f)) written++;
        else failed++;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + output, e);
    }
    sortInTopicOrder(output, planned);
    Stats s = stats();
    return new Summary(windows.size(), done.size(), written, failed, withoutHits, s.calls, s.failedCalls, s.promptTokens,
        s.completionTokens, s.cost, unparsedJudgments.get(), answersWithoutPattern.get(), (System.nanoTime() - t0) / 1e9);
  }

  private List<Window> plan(List<Query> topics, Run run, Function<String, Optional<Document>> docs) {
    Set<String> seen = new java.util.HashSet<>();
    List<Window> out = new ArrayList<>();
    for (Query q : topics) {
      if (!seen.add(q.id())) throw new InputException("topics: query id '" + q.id() + "' appears twice");
      List<ScoredDoc> hits = run.hits(q.id());
      if (hits == null || hits.isEmpty()) continue;
      // the run's own order is the first-stage ranking; a repeated docid would make final_list ambiguous
      LinkedHashMap<String, Document> list = new LinkedHashMap<>();
      for (ScoredDoc h : hits) {
        if (list.size() == options.listSize()) break;
        if (list.containsKey(h.docid())) continue;
        Document d = docs.apply(h.docid()).orElseThrow(() -> new InputException(
            "run: docid '" + h.docid() + "' (query " + q.id() + ") is not in the corpus"));
        list.put(h.docid(), d);
      }
      out.add(new Window(q, List.copyOf(list.values())));
    }
    return out;
  }

  /** One window: n pointwise calls and one listwise call, all concurrent, bounded by {@code callSlots}. */
  private TrainingExample synthesize(Window w, ExecutorService exec, Semaphore callSlots) {
    List<String> rendered = new ArrayList<>(w.docs().size());
    for (Document d : w.docs()) rendered.add(translator.renderPassage(d));
    String queryText = w.query().text();
    LlmRequest listwise = translator.toRequest(translator.assemble(queryText, rendered));
    listwise = new LlmRequest(listwise.messages(), listwise.prompt(), options.listwiseSampling());
    List<Future<Completion>> judgments = new ArrayList<>(rendered.size());
    for (String passage : rendered) {
      LlmRequest r = RelevanceJudgePrompt.request(queryText, passage, options.pointwiseSampling());
      judgments.add(exec.submit(() -> call(r, callSlots)));
    }
    LlmRequest lw = listwise;
    Future<Completion> ranking = exec.submit(() -> call(lw, callSlots));

    List<String> initial = w.docs().stream().map(Document::id).toList();
    List<String> relevant = new ArrayList<>();
    LlmException failure = null;
    for (int i = 0; i < judgments.size(); i++) {
      try {
        Optional<Boolean> verdict = RelevanceJudgePrompt.parse(join(judgments.get(i)).text());
        if (verdict.isEmpty()) unparsedJudgments.incrementAndGet();
        if (verdict.orElse(false)) relevant.add(initial.get(i));
      } catch (LlmException e) {
        if (failure == null) failure = e;
      }
    }
    String response;
    try {
      response = join(ranking).text();
    } catch (LlmException e) {
      throw failure != null ? failure : e;
    }
    if (failure != null) throw failure;

    ParsedAnswer parsed = translator.parse(response, initial.size());
    if (parsed.path() != ParsePath.PATTERN) answersWithoutPattern.incrementAndGet();
    List<String> finalList = parsed.permutation().stream().map(initial::get).toList();
    List<Document> passages = w.docs().stream().map(d -> Document.of(d.id(), ListwisePrompts.rawContent(d))).toList();
    return new TrainingExample(options.dataset(), w.query().id(), queryText, passages, initial, finalList, relevant,
        reasoning(response));
  }

  private Completion call(LlmRequest r, Semaphore callSlots) {
    callSlots.acquireUninterruptibly();
    try {
      Completion c = teacher.complete(r);
      calls.incrementAndGet();
      promptTokens.addAndGet(c.promptTokens());
      completionTokens.addAndGet(c.completionTokens());
      return c;
    } catch (LlmException e) {
      calls.incrementAndGet();
      failedCalls.incrementAndGet();
      throw e;
    } catch (RuntimeException e) {
      calls.incrementAndGet();
      failedCalls.incrementAndGet();
      throw new LlmException(e.toString(), false, e);
    } finally {
      callSlots.release();
    }
  }

  /**
   * The teacher's reasoning: the text between the first {@code <think>} and the following {@code </think>},
   * Python-stripped. Servers that prefill {@code <think>} return only the closing tag, so without an opening tag
   * everything before {@code </think>} is the reasoning; without {@code </think>} there is none.
   */
  static String reasoning(String response) {
    int open = response.indexOf("<think>");
    int from = open < 0 ? 0 : open + "<think>".length();
    int close = response.indexOf("</think>", from);
    return close < 0 ? "" : PythonChars.strip(response.substring(from, close));
  }

  /**
   * The qids already in {@code output}. A last line without its newline is a write cut by a crash: it is
   * truncated away. A row that is not this run's (unknown qid, or written twice) is an error: the output belongs
   * to another run.
   */
  static Set<String> resumeState(Path output, Set<String> planned) {
    Set<String> done = new LinkedHashSet<>();
    if (!Files.exists(output)) return done;
    try {
      byte[] bytes = Files.readAllBytes(output);
      int end = bytes.length;
      while (end > 0 && bytes[end - 1] != '\n') end--;
      if (end < bytes.length) {
        try (FileChannel ch = FileChannel.open(output, StandardOpenOption.WRITE)) {
          ch.truncate(end);
        }
      }
      String text = new String(bytes, 0, end, StandardCharsets.UTF_8);
      long lineNo = 0;
      for (String line : text.split("\n", -1)) {
        lineNo++;
        if (line.isBlank()) continue;
        JsonNode row;
        try {
          row = Json.MAPPER.readTree(line);
        } catch (JsonProcessingException e) {
          throw InputException.at(output, lineNo, "invalid JSON in the output being resumed: " + e.getOriginalMessage());
        }
        String qid = row.path("qid").asText(null);
        if (qid == null) throw InputException.at(output, lineNo, "row without 'qid' in the output being resumed");
        if (!planned.contains(qid)) {
          throw InputException.at(output, lineNo, "qid '" + qid + "' is not among this run's queries; is this another run's output?");
        }
        if (!done.add(qid)) throw InputException.at(output, lineNo, "qid '" + qid + "' is written twice");
      }
      return done;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + output, e);
    }
  }

  /** Rewrites {@code output} with its rows in topic order, atomically (a crash leaves the unsorted file). */
  static void sortInTopicOrder(Path output, Set<String> planned) {
    try {
      Map<String, String> byQid = new HashMap<>();
      for (String line : Files.readAllLines(output, StandardCharsets.UTF_8)) {
        if (line.isBlank()) continue;
        byQid.put(Json.MAPPER.readTree(line).path("qid").asText(), line);
      }
      Path tmp = output.resolveSibling(output.getFileName() + ".sorting");
      try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
        for (String qid : planned) {
          String line = byQid.get(qid);
          if (line != null) w.write(line + "\n");
        }
      }
      Files.move(tmp, output, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot sort " + output, e);
    }
  }

  private record Stats(long calls, long failedCalls, long promptTokens, long completionTokens, double cost) {}

  private Stats stats() {
    long in = promptTokens.get();
    long out = completionTokens.get();
    return new Stats(calls.get(), failedCalls.get(), in, out,
        in / 1e6 * options.pricePerMillionIn() + out / 1e6 * options.pricePerMillionOut());
  }

  /** Throttled progress: done/total, rate, ETA, calls, tokens and cost, at most every two seconds plus the last. */
  private static final class ProgressLine {
    private final int total;
    private final ProgressListener listener;
    private final long start = System.nanoTime();
    private int done;
    private int failed;
    private long lastPrint;

    ProgressLine(int total, ProgressListener listener) {
      this.total = total;
      this.listener = listener;
    }

    synchronized void done(boolean ok, Stats s) {
      done++;
      if (!ok) failed++;
      long now = System.nanoTime();
      if (done < total && now - lastPrint < 2_000_000_000L) return;
      lastPrint = now;
      Progress p = new Progress(done, failed, total, Duration.ofNanos(now - start));
      long eta = p.eta().map(d -> Math.round(d.toMillis() / 1000.0)).orElse(0L);
      listener.progress(done, total, String.format(java.util.Locale.ROOT,
          "(%d failed) | %.2f q/s | ETA %d:%02d:%02d | %d calls, %d+%d tokens, $%.4f",
          failed, p.queriesPerSecond(), eta / 3600, eta / 60 % 60, eta % 60, s.calls, s.promptTokens,
          s.completionTokens, s.cost));
    }
  }

  private static <T> T join(Future<T> f) {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LlmException("interrupted", true, e);
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof RuntimeException r) throw r;
      throw new LlmException(String.valueOf(c), false, c);
    }
  }

  private static String oneLine(String s) {
    return s == null ? "" : s.replaceAll("\\s+", " ").strip();
  }
}
