package io.reasonrank.llm.llamacpp;

import de.kherud.llama.InferenceParameters;
import de.kherud.llama.LlamaIterator;
import de.kherud.llama.LlamaModel;
import de.kherud.llama.LlamaOutput;
import de.kherud.llama.ModelParameters;
import io.reasonrank.format.InputException;
import io.reasonrank.llm.Completion;
import io.reasonrank.llm.LlmBackend;
import io.reasonrank.llm.LlmException;
import io.reasonrank.llm.LlmRequest;
import io.reasonrank.llm.SamplingParams;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.concurrent.Semaphore;

/**
 * An {@link LlmBackend} that runs a GGUF model in process through llama.cpp ({@code de.kherud:llama}
 * 4.2.0, llama.cpp b4916, CPU build). It sends {@link LlmRequest#prompt()}, the chat-template rendering
 * the reference feeds vLLM (docs/reference-behaviour.md §1.6–1.7), as a raw completion prompt: no chat template is applied.
 *
 * <p><b>Sampling</b> (docs/reference-behaviour.md §2). A null {@code top_p}/{@code top_k}/{@code min_p} means vLLM's default
 * (1.0 / disabled / 0.0), set explicitly because llama.cpp's own defaults (0.95 / 40 / 0.05) would
 * change sampled output; temperature 0 is greedy, run as top_k 1 (see {@code topK}: a disabled top-k
 * sorts the whole vocabulary every token). Generation stops at any end-of-generation token
 * ({@code <|im_end|>}, {@code <|endoftext|>} for Qwen), at a stop string (excluded from the text, as in
 * vLLM), or after {@code max_tokens}. {@code min_tokens >= max_tokens} (the non-reasoning prompt, docs/reference-behaviour.md
 * §2) is honoured by ignoring EOS and stop strings, which is what vLLM's min_tokens does for a full
 * budget; a smaller positive {@code min_tokens} and {@code logprobs} have no llama.cpp equivalent in
 * this binding and are rejected.
 *
 * <p><b>Token accounting.</b> Prompt tokens are {@code encode(prompt).length} (plus one where the file
 * asks for a BOS token). The binding does not expose generated token ids, counts or the stop reason, so
 * they are read from the stream: llama.cpp streams one piece per sampled token (an end-of-generation
 * token as an empty piece), except that a token ending inside a UTF-8 sequence is held back and merged
 * with the next one. When the budget ran out (see {@code budgetExhausted}) the finish reason is
 * {@code length} and completion tokens are exactly {@code max_tokens}; otherwise it is {@code stop} and
 * completion tokens are the piece count, which falls short by one per multi-byte character split
 * across tokens.
 *
 * <p><b>Concurrency.</b> {@link #complete} may be called from any number of threads; a fair semaphore
 * keeps at most {@code parallel} requests inside llama.cpp (one per slot), so its task queue is never
 * flooded, and {@link #capacity()} reports {@code parallel}. Each slot owns {@code n_ctx / parallel}
 * tokens of context ({@link #contextLength()}); a request that would not fit fails fast instead of
 * letting llama.cpp silently shift (truncate) the context.
 *
 * <p><b>Lifetime.</b> One model is loaded per backend and reused. In 4.2.0 {@link #close()} only stops
 * the native task queue: the model and KV-cache memory are <em>not</em> freed, and the native server
 * thread is non-daemon, so a program using this backend must end with {@code System.exit}.
 * Prompt caching is off: reusing a slot's KV cache changes batch shapes and can change greedy output.
 */
public final class LlamaCppBackend implements LlmBackend {

  /** The default cap on the context taken from the file's {@code <arch>.context_length}. */
  public static final int DEFAULT_CONTEXT_CAP = 32_768;

  private final Path file;
  private final String modelName;
  private final GgufMetadata metadata;
  private final int contextSize;
  private final int parallel;
  private final int threads;
  private final Long seed;
  private final boolean verbose;
  private final LlamaModel model;
  private final Semaphore slots;
  private volatile boolean closed;

  private LlamaCppBackend(Builder b, GgufMetadata metadata, int contextSize) {
    this.file = b.file;
    this.metadata = metadata;
    this.modelName = b.modelName != null ? b.modelName : ModelFileIdentity.modelName(b.file);
    this.contextSize = contextSize;
    this.parallel = b.parallel;
    this.threads = b.threads;
    this.seed = b.seed;
    this.verbose = b.verbose;
    this.slots = new Semaphore(parallel, true);
    this.model = load();
  }

  /** A builder for the model at {@code gguf}; nothing is read until {@link Builder#build()}. */
  public static Builder builder(Path gguf) {
    return new Builder(gguf);
  }

  /**
   * The construction the CLI uses. {@code ctx} and {@code threads} of 0 mean the defaults (the file's
   * context length capped at {@link #DEFAULT_CONTEXT_CAP}; all available processors).
   *
   * @throws InputException for a bad option value or a file that is not a readable GGUF model
   * @throws LlmException when llama.cpp cannot load the model
   */
  public static LlamaCppBackend fromOptions(Path gguf, int ctx, int parallel, int threads, boolean verbose) {
    Builder b = builder(gguf).verbose(verbose);
    try {
      if (ctx != 0) b.contextSize(ctx);
      b.parallel(parallel);
      if (threads != 0) b.threads(threads);
    } catch (IllegalArgumentException e) {
      throw new InputException(e.getMessage());
    }
    return b.build();
  }

  private LlamaModel load() {
    ensureNativeLibrary();
    ModelParameters mp = new ModelParameters()
        .setModel(file.toString())
        .setCtxSize(contextSize)
        .setParallel(parallel)
        .setThreads(threads)
        .setThreadsBatch(threads);
    if (seed != null) mp.setSeed(seed);
    if (!verbose) mp.disableLog();
    try {
      return new LlamaModel(mp);
    } catch (RuntimeException e) {
      throw new LlmException("cannot load GGUF model " + file + ": " + oneLine(e)
          + (verbose ? "" : " (run with --verbose to see llama.cpp's log)"), false, e);
    }
  }

  private static final Object NATIVE_INIT = new Object();
  private static boolean nativeLoaded;

  /**
   * Loads the binding's native library once per JVM, guarding against two of its habits (docs/llamacpp-binding.md
   * §7.4): it extracts {@code libjllama.so} under a fixed name into {@code de.kherud.llama.tmpdir}
   * (default java.io.tmpdir) after deleting every {@code llama*}/{@code jllama*} file there, and it
   * announces the extraction on stdout. Without a configured directory we use a private temporary one,
   * so neither user files in /tmp nor a concurrent process's library are touched; and the announcement
   * goes to stderr, keeping stdout for results.
   */
  private static void ensureNativeLibrary() {
    synchronized (NATIVE_INIT) {
      if (nativeLoaded) return;
      String dir = System.getProperty("de.kherud.llama.tmpdir");
      try {
        if (dir == null) {
          Path tmp = Files.createTempDirectory("reasonrank-jllama-");
          tmp.toFile().deleteOnExit(); // registered before the library's own deleteOnExit, so it runs after it
          System.setProperty("de.kherud.llama.tmpdir", tmp.toString());
        } else {
          Files.createDirectories(Path.of(dir));
        }
      } catch (IOException e) {
        throw new LlmException("cannot create a directory for llama.cpp's native library"
            + (dir == null ? "" : " " + dir) + ": " + e.getMessage(), false, e);
      }
      PrintStream stdout = System.out;
      System.setOut(System.err);
      try {
        Class.forName(LlamaModel.class.getName(), true, LlamaCppBackend.class.getClassLoader());
      } catch (ClassNotFoundException | LinkageError e) {
        throw new LlmException("cannot load llama.cpp's native library: " + oneLine(e), false, e);
      } finally {
        System.setOut(stdout);
      }
      nativeLoaded = true;
    }
  }

  @Override
  public Completion complete(LlmRequest request) {
    Objects.requireNonNull(request, "request");
    if (closed) throw new LlmException("llama.cpp backend for " + file + " is closed", false);
    SamplingParams s = request.sampling();
    if (s.logprobs() != null) {
      throw new LlmException("logprobs are not supported by the llama.cpp backend (de.kherud:llama 4.2.0 does not"
          + " return them); use an OpenAI-compatible server", false);
    }
    boolean fullBudget = s.minTokens() != null && s.minTokens() >= s.maxTokens();
    if (s.minTokens() != null && s.minTokens() > 0 && !fullBudget) {
      throw new LlmException("min_tokens " + s.minTokens() + " < max_tokens " + s.maxTokens()
          + " is not supported by the llama.cpp backend (only min_tokens >= max_tokens)", false);
    }
    int promptTokens = countTokens(request.prompt());
    int perSlot = perSlotContext();
    if ((long) promptTokens + s.maxTokens() > perSlot) {
      throw new LlmException("prompt (" + promptTokens + " tokens) + max_tokens (" + s.maxTokens() + ") = "
          + (promptTokens + s.maxTokens()) + " exceeds the per-slot context of " + perSlot + " tokens (context "
          + contextSize + " / parallel " + parallel + ") of " + file.getFileName()
          + "; raise the context size or lower parallel or max_tokens", false);
    }
    InferenceParameters ip = inferenceParameters(request.prompt(), s, fullBudget);
    try {
      slots.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LlmException("interrupted while waiting for a llama.cpp slot", true, e);
    }
    try {
      return generate(ip, promptTokens, s, fullBudget);
    } finally {
      slots.release();
    }
  }

  private InferenceParameters inferenceParameters(String prompt, SamplingParams s, boolean fullBudget) {
    InferenceParameters ip = new InferenceParameters(prompt)
        .setNPredict(s.maxTokens())
        .setTemperature((float) s.temperature())
        .setTopP(s.topP() == null ? 1f : s.topP().floatValue())
        .setTopK(topK(s))
        .setMinP(s.minP() == null ? 0f : s.minP().floatValue())
        .setRepeatPenalty(1f)
        .setCachePrompt(false);
    if (seed != null) ip.setSeed((int) (long) seed);
    if (fullBudget) {
      ip.setIgnoreEos(true);
    } else if (!s.stop().isEmpty()) {
      ip.setStopStrings(s.stop().toArray(String[]::new));
    }
    return ip;
  }

  /**
   * llama.cpp's top-k with k disabled (0, vLLM's default -1) fully sorts the vocabulary for every token,
   * which costs ~50 ms per token for Qwen's 151k vocabulary on 2 cores; greedy decoding picks the argmax
   * whatever k is, so it uses k = 1 (same tokens, about 10x faster on the test model).
   */
  static int topK(SamplingParams s) {
    if (s.temperature() == 0) return 1;
    return s.topK() == null || s.topK() < 0 ? 0 : s.topK();
  }

  private Completion generate(InferenceParameters ip, int promptTokens, SamplingParams s, boolean fullBudget) {
    StringBuilder text = new StringBuilder();
    int pieces = 0;
    String lastPiece = "";
    LlamaIterator it = null;
    boolean done = false;
    try {
      it = model.generate(ip).iterator();
      while (it.hasNext()) {
        LlamaOutput out = it.next();
        text.append(out.text);
        // the last output is the final result: empty, it carries no token of its own
        if (it.hasNext()) {
          pieces++;
          lastPiece = out.text;
        }
      }
      done = true;
    } catch (RuntimeException e) {
      throw new LlmException("llama.cpp generation failed for " + file.getFileName() + ": " + oneLine(e)
          + (verbose ? "" : " (run with --verbose to see llama.cpp's log)"), false, e);
    } finally {
      if (it != null && !done) it.cancel();
    }
    boolean length = budgetExhausted(pieces, lastPiece, s, fullBudget);
    // an exhausted budget means exactly max_tokens were decoded, whatever the pieces say
    int completionTokens = length ? s.maxTokens() : pieces;
    return new Completion(text.toString(), promptTokens, completionTokens, length ? "length" : "stop");
  }

  /**
   * Whether generation ended because max_tokens ran out. The binding does not say why it stopped, so
   * this reads the stream: llama.cpp sends one piece per token except tokens held back inside a UTF-8
   * sequence, an end-of-generation token arrives as an empty piece (special tokens are not rendered,
   * like vLLM's skip_special_tokens), and a stop string is cut from the text. Hence: as many pieces as
   * the budget, or EOS and stop strings disabled, means the budget; an empty last piece means EOS or a
   * stop string found at a token start; a non-empty last piece with no stop strings can only be the
   * budget (short of pieces by held-back tokens). The one ambiguous case, stop strings set and a
   * non-empty last piece, is reported as {@code stop}: a budget ending there would need both a stop
   * string request and a multi-byte character split across tokens.
   */
  static boolean budgetExhausted(int pieces, String lastPiece, SamplingParams s, boolean fullBudget) {
    if (pieces >= s.maxTokens() || fullBudget) return true;
    if (lastPiece.isEmpty()) return false;
    return s.stop().isEmpty();
  }

  /** The number of tokens llama.cpp will see for {@code text} as a completion prompt. */
  public int countTokens(String text) {
    return tokenize(text).length + (metadata.addsBosToken() ? 1 : 0);
  }

  /**
   * The model's token ids for {@code text}, with special tokens such as {@code <|im_start|>} parsed and
   * no BOS added (llama.cpp's {@code tokenize_mixed(vocab, text, false, true)}).
   */
  public int[] tokenize(String text) {
    try {
      return model.encode(text);
    } catch (RuntimeException e) {
      throw new LlmException("llama.cpp tokenization failed for " + file.getFileName() + ": " + oneLine(e), false, e);
    }
  }

  /** The header of the loaded file. */
  public GgufMetadata metadata() {
    return metadata;
  }

  /**
   * The model file's name and content identity ({@link ModelFileIdentity#modelName}), unless the builder set another
   * name; part of every cache key, so two different files of one name never share cached answers.
   */
  @Override
  public String model() {
    return modelName;
  }

  @Override
  public int capacity() {
    return parallel;
  }

  /** The context of one slot: {@code n_ctx / parallel}, as llama.cpp's server divides it. */
  @Override
  public OptionalInt contextLength() {
    return OptionalInt.of(perSlotContext());
  }

  private int perSlotContext() {
    return contextSize / parallel;
  }

  /** The total context (all slots together), as passed to llama.cpp's {@code --ctx-size}. */
  public int contextSize() {
    return contextSize;
  }

  public int threads() {
    return threads;
  }

  /**
   * Stops the native task queue. In de.kherud:llama 4.2.0 this does not free the model or its context
   * (the native {@code delete} is commented out), so load one backend per process and reuse it.
   */
  @Override
  public synchronized void close() {
    if (closed) return;
    closed = true;
    model.close();
  }

  /** The file's training context ({@code <arch>.context_length}) capped at {@code cap}; {@code cap} if the file has none. */
  static int defaultContext(GgufMetadata meta, int cap) {
    return (int) Math.min(meta.contextLength().orElse(cap), cap);
  }

  private static String oneLine(Throwable e) {
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return m.strip().replaceAll("\\s*\\R\\s*", " ");
  }

  /** Options of a {@link LlamaCppBackend}; setters validate with exact messages. */
  public static final class Builder {
    private final Path file;
    private int contextSize;
    private int contextCap = DEFAULT_CONTEXT_CAP;
    private int parallel = 1;
    private int threads = Runtime.getRuntime().availableProcessors();
    private Long seed;
    private boolean verbose;
    private String modelName;

    private Builder(Path file) {
      this.file = Objects.requireNonNull(file, "model path");
    }

    /** The total context in tokens, shared by the slots; 0 (the default) = the file's context length, capped. */
    public Builder contextSize(int tokens) {
      if (tokens < 0) throw new IllegalArgumentException("context size must be >= 0 (0 = the model's), got " + tokens);
      this.contextSize = tokens;
      return this;
    }

    /** The cap applied to the file's context length when no context size is given. */
    public Builder contextCap(int tokens) {
      if (tokens <= 0) throw new IllegalArgumentException("context cap must be > 0, got " + tokens);
      this.contextCap = tokens;
      return this;
    }

    /** Parallel sequences (llama.cpp slots); each gets context size / parallel tokens. */
    public Builder parallel(int slots) {
      if (slots < 1) throw new IllegalArgumentException("parallel must be >= 1, got " + slots);
      this.parallel = slots;
      return this;
    }

    /** CPU threads for generation and prompt processing; more than the cores only slows llama.cpp down. */
    public Builder threads(int n) {
      int cores = Runtime.getRuntime().availableProcessors();
      if (n < 1 || n > cores) {
        throw new IllegalArgumentException("threads must be between 1 and " + cores + " (available processors), got " + n);
      }
      this.threads = n;
      return this;
    }

    /** The sampling seed for every request; unset, llama.cpp draws one per request. */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /** Keeps llama.cpp's log on stderr (about 200 lines per load plus lines per request). */
    public Builder verbose(boolean verbose) {
      this.verbose = verbose;
      return this;
    }

    /** The name {@link #model()} reports; defaults to the file name and its content identity. */
    public Builder modelName(String name) {
      if (name == null || name.isBlank()) throw new IllegalArgumentException("model name must not be blank");
      this.modelName = name;
      return this;
    }

    /**
     * Validates the file's GGUF header, then loads the model.
     *
     * @throws InputException when the file is missing or not GGUF, or the context is too small for the slots
     * @throws LlmException when llama.cpp cannot load it
     */
    public LlamaCppBackend build() {
      GgufMetadata meta = GgufMetadata.read(file);
      int ctx = contextSize != 0 ? contextSize : defaultContext(meta, contextCap);
      if (ctx < parallel) {
        throw new InputException("context size " + ctx + " is smaller than parallel " + parallel
            + " (each slot gets context size / parallel tokens)");
      }
      return new LlamaCppBackend(this, meta, ctx);
    }
  }
}
