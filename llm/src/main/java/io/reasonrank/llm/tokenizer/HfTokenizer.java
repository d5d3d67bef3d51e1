package io.reasonrank.llm.tokenizer;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.huggingface.tokenizers.jni.TokenizersLibrary;
import io.reasonrank.format.InputException;
import io.reasonrank.prompt.PassageTokenizer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * A Hugging Face {@code tokenizer.json} tokenizer (HF Rust tokenizers through DJL), used for the reference's
 * token-based passage truncation (spec §1.5 step 5) and token counts (§1.8).
 *
 * <p>DJL truncates to 512 tokens and may add special tokens by default; both are switched off here, so
 * {@link #tokenize} equals the reference's {@code tokenizer.tokenize(text)} (no special tokens added, no cut;
 * special tokens written in the text, such as {@code <|im_end|>}, are still matched as one token).
 *
 * <p>Truncation decodes the first n token ids with the Rust tokenizer's own {@code decode}, which runs the
 * tokens through the ByteLevel decoder exactly like transformers' {@code convert_tokens_to_string}: each
 * token's characters map back to bytes through the GPT-2 byte↔unicode table and the bytes are decoded with
 * {@code String::from_utf8_lossy}, so a cut inside a multibyte character gives U+FFFD. Neither applies
 * {@code clean_up_tokenization_spaces} (a Python-side step of {@code decode} only); the rendering goldens
 * confirm this on 4,387 texts and the BRIGHT window goldens on 64 cuts that end in U+FFFD.
 *
 * <p>Thread-safe: the native tokenizer is immutable after loading and every call allocates its own state.
 */
public final class HfTokenizer implements PassageTokenizer, AutoCloseable {
  private static final String QWEN_RESOURCE = "qwen/tokenizer.json.gz";
  private static final Map<String, String> OPTIONS =
      Map.of("addSpecialTokens", "false", "truncation", "false", "padding", "false");

  private final HuggingFaceTokenizer tokenizer;
  private final String source;
  private final boolean shared;

  private HfTokenizer(HuggingFaceTokenizer tokenizer, String source, boolean shared) {
    this.tokenizer = tokenizer;
    this.source = source;
    this.shared = shared;
  }

  /**
   * Loads {@code tokenizer.json} or {@code tokenizer.json.gz} from a directory, or a file with either name
   * ending.
   *
   * @throws InputException when no tokenizer file is there or it cannot be read
   */
  public static HfTokenizer load(Path dirOrFile) {
    Path file = dirOrFile;
    if (Files.isDirectory(dirOrFile)) {
      file = dirOrFile.resolve("tokenizer.json");
      if (!Files.isRegularFile(file)) file = dirOrFile.resolve("tokenizer.json.gz");
      if (!Files.isRegularFile(file)) throw InputException.at(dirOrFile, "no tokenizer.json or tokenizer.json.gz in this directory");
    } else if (!Files.isRegularFile(dirOrFile)) {
      throw InputException.at(dirOrFile, "tokenizer not found");
    }
    try (InputStream in = open(file)) {
      return new HfTokenizer(HuggingFaceTokenizer.newInstance(in, OPTIONS), file.toString(), false);
    } catch (IOException | RuntimeException e) {
      throw InputException.at(file, "cannot load tokenizer: " + e.getMessage());
    }
  }

  /**
   * The Qwen2/Qwen3 byte-level BPE tokenizer shipped in this jar (Qwen3's {@code tokenizer.json}; Qwen2.5
   * has the same BPE and lacks only the added tokens 151665–151668). One shared instance, loaded on first
   * use; {@link #close()} on it does nothing.
   */
  public static HfTokenizer qwenDefault() {
    return QwenHolder.INSTANCE;
  }

  private static final class QwenHolder {
    static final HfTokenizer INSTANCE = loadQwen();

    private static HfTokenizer loadQwen() {
      try (InputStream raw = HfTokenizer.class.getResourceAsStream(QWEN_RESOURCE)) {
        if (raw == null) throw new IllegalStateException("missing resource " + QWEN_RESOURCE + " next to " + HfTokenizer.class.getName());
        try (InputStream in = new GZIPInputStream(raw, 1 << 16)) {
          return new HfTokenizer(HuggingFaceTokenizer.newInstance(in, OPTIONS), "classpath:" + QWEN_RESOURCE, true);
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot load the bundled Qwen tokenizer", e);
      }
    }
  }

  private static InputStream open(Path file) throws IOException {
    InputStream in = Files.newInputStream(file);
    return file.getFileName().toString().endsWith(".gz") ? new GZIPInputStream(in, 1 << 16) : in;
  }

  /** Where this tokenizer was loaded from. */
  public String source() {
    return source;
  }

  /** Token ids without special tokens added (special tokens written in the text are matched). */
  public long[] encode(String text) {
    return ids(text);
  }

  /** The byte-level token strings of {@code text}, as HF {@code tokenizer.tokenize(text)}. */
  public List<String> tokenize(String text) {
    return Arrays.asList(tokenizer.encode(text, false, false).getTokens());
  }

  /** {@code convert_tokens_to_string} of the tokens with these ids (byte-level, lossy at a cut character). */
  public String decode(long[] ids) {
    return tokenizer.decode(ids, false);
  }

  @Override
  public int countTokens(String text) {
    return ids(text).length;
  }

  @Override
  public String truncate(String text, int maxTokens) {
    if (maxTokens < 0) throw new IllegalArgumentException("maxTokens must be >= 0, got " + maxTokens);
    long[] ids = ids(text);
    return decode(ids.length <= maxTokens ? ids : Arrays.copyOf(ids, maxTokens));
  }

  /**
   * Token ids through the bare JNI calls. {@link HuggingFaceTokenizer#encode} also copies type ids, word ids,
   * masks, token strings and char spans out of Rust on every call, which made truncation about 1.6x slower.
   */
  private long[] ids(String text) {
    long encoding = TokenizersLibrary.LIB.encode(tokenizer.getHandle(), text, false);
    try {
      return TokenizersLibrary.LIB.getTokenIds(encoding);
    } finally {
      TokenizersLibrary.LIB.deleteEncoding(encoding);
    }
  }

  @Override
  public void close() {
    if (!shared) tokenizer.close();
  }

  @Override
  public String toString() {
    return "HfTokenizer[" + source + "]";
  }
}
