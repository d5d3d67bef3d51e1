package io.reasonrank.llm.tokenizer;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.huggingface.tokenizers.jni.TokenizersLibrary;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reasonrank.format.InputException;
import io.reasonrank.io.Json;
import io.reasonrank.prompt.PassageTokenizer;
import io.reasonrank.prompt.PromptMode;
import java.io.ByteArrayInputStream;
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
 * token-based passage truncation (docs/reference-behaviour.md §1.5 step 5) and token counts (§1.8).
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
   * The Qwen3 byte-level BPE tokenizer shipped in this jar (Qwen3's {@code tokenizer.json}), the tokenizer of
   * reasonrank-8B (mode {@code rank_GPT_qwen3}). One shared instance, loaded on first use; {@link #close()} on it
   * does nothing.
   */
  public static HfTokenizer qwen3() {
    return Qwen3Holder.INSTANCE;
  }

  /**
   * The Qwen2.5 tokenizer of reasonrank-7B/32B (modes {@code rank_GPT_reasoning}, {@code rank_GPT}): the same BPE,
   * normalizer and pre-tokenizer as Qwen3, without Qwen3's added tokens 151665–151668 ({@code <tool_response>},
   * {@code </tool_response>}, {@code <think>}, {@code </think>}). The difference shows only in passages that contain
   * those strings: Qwen2.5 splits them into ordinary tokens, which moves a 512-token cut. Derived from the shipped
   * file at first use; shared like {@link #qwen3()}.
   */
  public static HfTokenizer qwen25() {
    return Qwen25Holder.INSTANCE;
  }

  /** Qwen3's tokenizer; kept for callers that predate {@link #forMode}. */
  public static HfTokenizer qwenDefault() {
    return qwen3();
  }

  /** The bundled tokenizer of the released checkpoint that a prompt mode is for (docs/reference-behaviour.md §1.5: the model's own tokenizer). */
  public static HfTokenizer forMode(PromptMode mode) {
    return mode == PromptMode.RANK_GPT_QWEN3 ? qwen3() : qwen25();
  }

  /** Ids of the added tokens Qwen3 has and Qwen2.5 lacks. */
  static final int FIRST_QWEN3_ONLY_ID = 151665;

  private static final class Qwen3Holder {
    static final HfTokenizer INSTANCE = new HfTokenizer(newInstance(bundledJson()), "classpath:" + QWEN_RESOURCE, true);
  }

  private static final class Qwen25Holder {
    static final HfTokenizer INSTANCE =
        new HfTokenizer(newInstance(qwen25Json()), "classpath:" + QWEN_RESOURCE + " (Qwen2.5 added tokens)", true);
  }

  /**
   * The {@code tokenizer.json} that {@link #qwen25()} loads, for callers that write it out (a checkpoint directory).
   * Derived from the shipped Qwen3 file on every call; callers that need it often keep the bytes.
   */
  public static byte[] qwen25Json() {
    return withoutQwen3OnlyTokens(bundledJson());
  }

  private static byte[] bundledJson() {
    try (InputStream raw = HfTokenizer.class.getResourceAsStream(QWEN_RESOURCE)) {
      if (raw == null) throw new IllegalStateException("missing resource " + QWEN_RESOURCE + " next to " + HfTokenizer.class.getName());
      try (InputStream in = new GZIPInputStream(raw, 1 << 16)) {
        return in.readAllBytes();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot load the bundled Qwen tokenizer", e);
    }
  }

  static byte[] withoutQwen3OnlyTokens(byte[] json) {
    try {
      ObjectNode root = (ObjectNode) Json.MAPPER.readTree(json);
      ArrayNode added = (ArrayNode) root.get("added_tokens");
      for (int i = added.size() - 1; i >= 0; i--) {
        if (added.get(i).path("id").asInt() >= FIRST_QWEN3_ONLY_ID) added.remove(i);
      }
      return Json.MAPPER.writeValueAsBytes(root);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot derive the Qwen2.5 tokenizer", e);
    }
  }

  private static HuggingFaceTokenizer newInstance(byte[] json) {
    try (InputStream in = new ByteArrayInputStream(json)) {
      return HuggingFaceTokenizer.newInstance(in, OPTIONS);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
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
