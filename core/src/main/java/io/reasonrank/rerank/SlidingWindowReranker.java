package io.reasonrank.rerank;

import io.reasonrank.llm.Completion;
import io.reasonrank.llm.LlmBackend;
import io.reasonrank.llm.LlmException;
import io.reasonrank.llm.LlmRequest;
import io.reasonrank.model.Candidate;
import io.reasonrank.model.Document;
import io.reasonrank.model.RerankRequest;
import io.reasonrank.prompt.ListwiseTranslator;
import io.reasonrank.prompt.ParsedAnswer;
import io.reasonrank.prompt.PassageTokenizer;
import io.reasonrank.prompt.PromptMode;
import io.reasonrank.prompt.RenderedPrompt;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * ReasonRank's sliding-window listwise reranking (spec §3; {@code rerank/rankllm.py::sliding_windows}):
 * windows of {@link WindowSettings#windowSize()} passages move from the bottom of the top-k list to the
 * top in steps of {@link WindowSettings#step()}, so relevant passages bubble upward. Each window is one
 * LLM call built and parsed by a {@link ListwiseTranslator}; its permutation is applied in place
 * ({@code receive_permutation}) before the next window is rendered.
 *
 * <p>With {@link ScoreMode#POSITIONAL} (the reference's rule) scores stay attached to positions:
 * {@code candidates[ws + j] = cut[perm[j]]} with {@code score = cut[j].score}.
 *
 * <p>A call that throws {@link LlmException} leaves its window in input order and is recorded as
 * {@code failed} in the {@link WindowTrace}; the query goes on. The reranker holds no per-query state and
 * may serve many queries from many threads; each query's calls are made in order on the calling thread.
 */
public final class SlidingWindowReranker implements Reranker {
  /** {@link WindowTrace#parsePath()} of a window whose LLM call failed. */
  public static final String FAILED_PATH = "FAILED";

  private final LlmBackend backend;
  private final ListwiseTranslator translator;
  private final WindowSettings settings;
  private final ScoreMode scoreMode;
  private final Consumer<WindowTrace> listener;

  public SlidingWindowReranker(LlmBackend backend, ListwiseTranslator translator, WindowSettings settings, ScoreMode scoreMode) {
    this(backend, translator, settings, scoreMode, t -> {});
  }

  private SlidingWindowReranker(LlmBackend backend, ListwiseTranslator translator, WindowSettings settings,
      ScoreMode scoreMode, Consumer<WindowTrace> listener) {
    this.backend = Objects.requireNonNull(backend, "backend");
    this.translator = Objects.requireNonNull(translator, "translator");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.scoreMode = Objects.requireNonNull(scoreMode, "scoreMode");
    this.listener = Objects.requireNonNull(listener, "listener");
  }

  /** A builder with the reference's defaults (mode {@code rank_GPT_reasoning}, 20/10/100/1, positional scores). */
  public static Builder builder(LlmBackend backend) {
    return new Builder(backend);
  }

  public WindowSettings settings() {
    return settings;
  }

  public ListwiseTranslator translator() {
    return translator;
  }

  public ScoreMode scoreMode() {
    return scoreMode;
  }

  @Override
  public RerankResult rerank(RerankRequest request) {
    List<Candidate> list = new ArrayList<>(request.candidates());
    List<WindowTrace> traces = new ArrayList<>();
    // With step < window every passage sits in about two windows; rendering (ftfy + tokenization) is
    // a pure function of the document, so each is rendered once per query.
    Map<Document, String> rendered = new HashMap<>();
    for (WindowSettings.Window w : settings.allWindows(list.size())) {
      traces.add(rerankWindow(request.query().text(), list, w.start(), w.end(), rendered));
    }
    if (scoreMode == ScoreMode.BY_NEW_RANK) {
      int n = list.size();
      for (int i = 0; i < n; i++) list.set(i, list.get(i).withScore(n - i));
    }
    return new RerankResult(request.query().id(), list, traces);
  }

  private WindowTrace rerankWindow(String queryText, List<Candidate> list, int start, int end, Map<Document, String> memo) {
    List<Candidate> cut = List.copyOf(list.subList(start, end));
    List<String> docidsBefore = cut.stream().map(Candidate::docid).toList();
    List<String> passages = new ArrayList<>(cut.size());
    for (Candidate c : cut) passages.add(memo.computeIfAbsent(c.doc(), translator::renderPassage));
    RenderedPrompt rendered = translator.assemble(queryText, passages);
    LlmRequest llmRequest = translator.toRequest(rendered);
    String sha = sha256Hex(rendered.prompt());
    long t0 = System.nanoTime();
    Completion completion;
    try {
      completion = backend.complete(llmRequest);
    } catch (LlmException e) {
      WindowTrace failed = new WindowTrace(start, end, docidsBefore, sha, "", FAILED_PATH, identity(cut.size()), true,
          String.valueOf(e.getMessage()), 0, 0, false, (System.nanoTime() - t0) / 1_000_000);
      listener.accept(failed);
      return failed;
    }
    long millis = (System.nanoTime() - t0) / 1_000_000;
    ParsedAnswer parsed = translator.parse(completion.text(), cut.size());
    List<Integer> perm = parsed.permutation();
    for (int j = 0; j < cut.size(); j++) {
      Candidate moved = cut.get(perm.get(j));
      list.set(start + j, scoreMode == ScoreMode.POSITIONAL ? moved.withScore(cut.get(j).score()) : moved);
    }
    // The reference counts prompt tokens itself (len(tokenizer.encode(prompt)), §1.8) when the server does not say.
    int promptTokens = completion.promptTokens() > 0 ? completion.promptTokens() : translator.tokenizer().countTokens(rendered.prompt());
    WindowTrace trace = new WindowTrace(start, end, docidsBefore, sha, completion.text(), parsed.path().name(), perm, false,
        null, promptTokens, completion.completionTokens(), false, millis);
    listener.accept(trace);
    return trace;
  }

  /** Hex SHA-256 of the UTF-8 prompt, the key the golden traces use to find the first diverging window. */
  public static String sha256Hex(String s) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JDK", e);
    }
  }

  private static List<Integer> identity(int n) {
    List<Integer> ids = new ArrayList<>(n);
    for (int i = 0; i < n; i++) ids.add(i);
    return ids;
  }

  /** Wires a reranker the way a CLI does: backend, mode, tokenizer, passage length, window/step/top/passes, score mode. */
  public static final class Builder {
    private final LlmBackend backend;
    private PromptMode mode = PromptMode.RANK_GPT_REASONING;
    private PassageTokenizer tokenizer;
    private Integer maxPassageTokens;
    private int windowSize = WindowSettings.DEFAULT.windowSize();
    private int step = WindowSettings.DEFAULT.step();
    private int topK = WindowSettings.DEFAULT.topK();
    private int passes = WindowSettings.DEFAULT.passes();
    private ScoreMode scoreMode = ScoreMode.POSITIONAL;
    private Consumer<WindowTrace> listener = t -> {};

    private Builder(LlmBackend backend) {
      this.backend = Objects.requireNonNull(backend, "backend");
    }

    public Builder mode(PromptMode mode) {
      this.mode = Objects.requireNonNull(mode, "mode");
      return this;
    }

    public Builder tokenizer(PassageTokenizer tokenizer) {
      this.tokenizer = Objects.requireNonNull(tokenizer, "tokenizer");
      return this;
    }

    /** Passage truncation in model tokens (see {@link io.reasonrank.prompt.PassageLength}); required. */
    public Builder maxPassageTokens(int maxPassageTokens) {
      this.maxPassageTokens = maxPassageTokens;
      return this;
    }

    public Builder windowSize(int windowSize) {
      this.windowSize = windowSize;
      return this;
    }

    public Builder step(int step) {
      this.step = step;
      return this;
    }

    public Builder topK(int topK) {
      this.topK = topK;
      return this;
    }

    public Builder passes(int passes) {
      this.passes = passes;
      return this;
    }

    public Builder settings(WindowSettings settings) {
      this.windowSize = settings.windowSize();
      this.step = settings.step();
      this.topK = settings.topK();
      this.passes = settings.passes();
      return this;
    }

    public Builder scoreMode(ScoreMode scoreMode) {
      this.scoreMode = Objects.requireNonNull(scoreMode, "scoreMode");
      return this;
    }

    /** Called after every window (from the thread reranking that query), e.g. to drive a progress bar. */
    public Builder onWindow(Consumer<WindowTrace> listener) {
      this.listener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    public SlidingWindowReranker build() {
      if (tokenizer == null) throw new IllegalStateException("tokenizer is required");
      if (maxPassageTokens == null) throw new IllegalStateException("maxPassageTokens is required (100 for TREC/BEIR, 512 for BRIGHT/R2MED)");
      return new SlidingWindowReranker(backend, new ListwiseTranslator(mode, tokenizer, maxPassageTokens),
          new WindowSettings(windowSize, step, topK, passes), scoreMode, listener);
    }
  }
}
