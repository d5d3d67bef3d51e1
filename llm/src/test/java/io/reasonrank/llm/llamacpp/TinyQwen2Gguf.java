package io.reasonrank.llm.llamacpp;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.zip.GZIPInputStream;

/**
 * A tiny random-weight {@code qwen2} model with the real Qwen vocabulary (151,669 tokens, 151,387
 * merges from the shared {@code tokenizer.json.gz}), so llama.cpp tokenizes exactly like a real Qwen
 * GGUF while the weights stay small: hidden 64, 2 blocks, 4 heads / 2 KV heads, FFN 128, F16
 * matrices, F32 norms and biases, and tied embeddings (no {@code output.weight}), ≈25 MB.
 *
 * <p>With tied embeddings and small weights the logits are dominated by the input embedding, so the
 * model only repeats the last prompt token (docs/llamacpp-binding.md §5). The block matrices are
 * therefore drawn with a larger standard deviation ({@link #BLOCK_STD}), which makes the greedy text
 * vary without paying 20 MB for a separate output matrix.
 *
 * <p>{@link Variant#LLAMA_8K} writes an arch-{@code llama} model with a cut-down 8,026-token
 * vocabulary instead; only the benchmark uses it, to compare (the tokenizer parity test needs the full
 * vocabulary).
 */
final class TinyQwen2Gguf {
  static final int HIDDEN = 64, BLOCKS = 2, HEADS = 4, KV_HEADS = 2, FFN = 128, CONTEXT = 4096;
  static final double EMBED_STD = 0.02, BLOCK_STD = 0.5;

  private TinyQwen2Gguf() {}

  /**
   * Which model to write: the tests' {@code qwen2} with the full vocabulary, or (for the benchmark's
   * comparison only) arch {@code llama} with the first {@code baseTokens} base tokens plus the 26 added
   * ones renumbered after them, keeping only the merges whose parts and result stay in the vocabulary.
   */
  record Variant(String arch, int baseTokens) {
    static final Variant QWEN2_FULL = new Variant("qwen2", Integer.MAX_VALUE);
    static final Variant LLAMA_8K = new Variant("llama", 8000);
  }

  /**
   * Writes a tiny random model for trying the llama.cpp path end to end without real weights:
   * {@code bin/bench llm io.reasonrank.llm.llamacpp.TinyQwen2Gguf OUT.gguf}, then
   * {@code bin/quickstart --gguf OUT.gguf --queries 2}. Its rankings are noise; its prompts, tokenizer and calls are real.
   */
  public static void main(String[] args) throws IOException {
    if (args.length != 1) throw new IllegalArgumentException("usage: TinyQwen2Gguf OUT.gguf");
    Path tokenizer = Path.of(System.getProperty("reasonrank.shared.data", "../shared/data"), "qwen-tokenizer", "tokenizer.json.gz");
    write(tokenizer, Path.of(args[0]), 42);
    System.out.println("wrote " + args[0]);
  }

  /** Writes the qwen2 full-vocabulary model to {@code out}; never name it {@code llama*} (the native loader deletes such files). */
  static void write(Path tokenizerJsonGz, Path out, long seed) throws IOException {
    write(tokenizerJsonGz, out, seed, Variant.QWEN2_FULL);
  }

  static void write(Path tokenizerJsonGz, Path out, long seed, Variant variant) throws IOException {
    GgufVocab v;
    try (InputStream in = new GZIPInputStream(Files.newInputStream(tokenizerJsonGz), 1 << 16)) {
      v = GgufVocab.read(in);
    }
    int n = v.base().size() + v.added().size();
    String[] tokens = new String[n];
    int[] types = new int[n];
    for (int i = 0; i < v.base().size(); i++) {
      tokens[i] = v.base().get(i);
      types[i] = GgufVocab.NORMAL;
    }
    for (int i = 0; i < v.added().size(); i++) {
      GgufVocab.Added a = v.added().get(i);
      if (a.id() != v.base().size() + i) throw new IllegalStateException("added token " + a.content() + " has id " + a.id());
      tokens[a.id()] = a.content();
      types[a.id()] = GgufVocab.type(a);
    }
    List<String> merges = v.merges();
    int bos = 151643, eos = 151645;
    int base = v.base().size();
    if (variant.baseTokens() < base) {
      int keep = variant.baseTokens();
      String[] small = new String[keep + v.added().size()];
      int[] smallTypes = new int[small.length];
      System.arraycopy(tokens, 0, small, 0, keep);
      System.arraycopy(tokens, base, small, keep, v.added().size());
      System.arraycopy(types, 0, smallTypes, 0, keep);
      System.arraycopy(types, base, smallTypes, keep, v.added().size());
      java.util.Set<String> kept = java.util.Set.of(small);
      merges.removeIf(m -> {
        String[] lr = m.split(" ", 2);
        return !kept.contains(lr[0]) || !kept.contains(lr[1]) || !kept.contains(lr[0] + lr[1]);
      });
      bos = bos - base + keep;
      eos = eos - base + keep;
      tokens = small;
      types = smallTypes;
      n = small.length;
    }
    String a = variant.arch();

    GgufWriter w = new GgufWriter()
        .string("general.architecture", a)
        .string("general.name", "tiny-random-" + a)
        .u32("general.alignment", GgufWriter.ALIGNMENT)
        .u32(a + ".context_length", CONTEXT)
        .u32(a + ".embedding_length", HIDDEN)
        .u32(a + ".block_count", BLOCKS)
        .u32(a + ".feed_forward_length", FFN)
        .u32(a + ".attention.head_count", HEADS)
        .u32(a + ".attention.head_count_kv", KV_HEADS)
        .f32(a + ".attention.layer_norm_rms_epsilon", 1e-6f)
        .f32(a + ".rope.freq_base", 1e6f)
        .string("tokenizer.ggml.model", "gpt2")
        .string("tokenizer.ggml.pre", "qwen2")
        .strings("tokenizer.ggml.tokens", List.of(tokens))
        .i32s("tokenizer.ggml.token_type", types)
        .strings("tokenizer.ggml.merges", merges)
        .u32("tokenizer.ggml.bos_token_id", bos)
        .u32("tokenizer.ggml.eos_token_id", eos)
        .u32("tokenizer.ggml.padding_token_id", bos)
        .bool("tokenizer.ggml.add_bos_token", false);

    SplittableRandom rnd = new SplittableRandom(seed);
    int headDim = HIDDEN / HEADS, kvDim = headDim * KV_HEADS;
    int f16 = GgufWriter.GGML_F16, f32 = GgufWriter.GGML_F32;
    w.tensor("token_embd.weight", f16, gaussian(rnd, (long) n * HIDDEN, EMBED_STD), n, HIDDEN);
    w.tensor("output_norm.weight", f32, ones(HIDDEN), HIDDEN);
    for (int b = 0; b < BLOCKS; b++) {
      String p = "blk." + b + ".";
      w.tensor(p + "attn_norm.weight", f32, ones(HIDDEN), HIDDEN)
          .tensor(p + "attn_q.weight", f16, gaussian(rnd, HIDDEN * HIDDEN, BLOCK_STD), HIDDEN, HIDDEN)
          .tensor(p + "attn_k.weight", f16, gaussian(rnd, kvDim * HIDDEN, BLOCK_STD), kvDim, HIDDEN)
          .tensor(p + "attn_v.weight", f16, gaussian(rnd, kvDim * HIDDEN, BLOCK_STD), kvDim, HIDDEN);
      if (a.equals("qwen2")) { // qwen2 requires q/k/v biases; llama has none
        w.tensor(p + "attn_q.bias", f32, gaussian(rnd, HIDDEN, EMBED_STD), HIDDEN)
            .tensor(p + "attn_k.bias", f32, gaussian(rnd, kvDim, EMBED_STD), kvDim)
            .tensor(p + "attn_v.bias", f32, gaussian(rnd, kvDim, EMBED_STD), kvDim);
      }
      w.tensor(p + "attn_output.weight", f16, gaussian(rnd, HIDDEN * HIDDEN, BLOCK_STD), HIDDEN, HIDDEN)
          .tensor(p + "ffn_norm.weight", f32, ones(HIDDEN), HIDDEN)
          .tensor(p + "ffn_gate.weight", f16, gaussian(rnd, FFN * HIDDEN, BLOCK_STD), FFN, HIDDEN)
          .tensor(p + "ffn_up.weight", f16, gaussian(rnd, FFN * HIDDEN, BLOCK_STD), FFN, HIDDEN)
          .tensor(p + "ffn_down.weight", f16, gaussian(rnd, HIDDEN * FFN, BLOCK_STD), HIDDEN, FFN);
    }
    w.write(out);
  }

  private static float[] gaussian(SplittableRandom rnd, long n, double std) {
    float[] a = new float[Math.toIntExact(n)];
    for (int i = 0; i < a.length; i++) a[i] = (float) (rnd.nextGaussian() * std);
    return a;
  }

  private static float[] ones(int n) {
    float[] a = new float[n];
    java.util.Arrays.fill(a, 1f);
    return a;
  }
}
