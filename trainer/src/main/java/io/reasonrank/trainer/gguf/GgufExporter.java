package io.reasonrank.trainer.gguf;

import io.reasonrank.format.InputException;
import io.reasonrank.llm.llamacpp.GgufVocab;
import io.reasonrank.llm.llamacpp.GgufWriter;
import io.reasonrank.trainer.model.Checkpoint;
import io.reasonrank.trainer.model.Qwen2Config;
import io.reasonrank.trainer.safetensors.Tensor;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Converts a checkpoint directory to GGUF the way {@code convert_hf_to_gguf.py} does for {@code Qwen2ForCausalLM}:
 * tensor names {@code token_embd}, {@code blk.N.attn_q} …, {@code output_norm}, {@code output} (absent when tied);
 * the vocabulary padded to {@code vocab_size} with {@code [PADn]} tokens of type unused; added tokens that are
 * special or look like {@code <|…|>} typed control, other added tokens user-defined; BOS {@code <|endoftext|>}, EOS
 * {@code <|im_end|>}, no BOS added.
 */
public final class GgufExporter {
  private GgufExporter() {}


  /** Writes {@code out}; returns its size in bytes. */
  public static long export(Path modelDir, Path out, boolean f16) {
    if (!Files.isDirectory(modelDir)) throw InputException.at(modelDir, "model directory not found");
    Qwen2Config c = Qwen2Config.read(modelDir.resolve(Checkpoint.CONFIG));
    Map<String, Tensor> w = Checkpoint.readTensors(modelDir);
    GgufVocab vocab;
    try (InputStream in = Files.isRegularFile(modelDir.resolve("tokenizer.json"))
        ? Files.newInputStream(modelDir.resolve("tokenizer.json")) : new ByteArrayInputStream(Checkpoint.qwen25TokenizerJson())) {
      vocab = GgufVocab.read(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the tokenizer of " + modelDir, e);
    }
    int n = c.vocabSize();
    if (vocab.size() > n) {
      throw InputException.at(modelDir, "vocab_size " + n + " is smaller than the tokenizer's " + vocab.size() + " tokens; GGUF needs the whole vocabulary");
    }
    List<String> tokens = new ArrayList<>(n);
    int[] types = new int[n];
    String[] byId = new String[n];
    for (int i = 0; i < vocab.base().size(); i++) {
      byId[i] = vocab.base().get(i);
      types[i] = GgufVocab.NORMAL;
    }
    int bos = -1, eos = -1;
    for (GgufVocab.Added a : vocab.added()) {
      byId[a.id()] = a.content();
      types[a.id()] = GgufVocab.type(a);
      if (a.content().equals("<|endoftext|>")) bos = a.id();
      if (a.content().equals("<|im_end|>")) eos = a.id();
    }
    for (int i = 0; i < n; i++) {
      if (byId[i] == null) {
        byId[i] = "[PAD" + i + "]";
        types[i] = GgufVocab.UNUSED;
      }
      tokens.add(byId[i]);
    }
    if (bos < 0 || eos < 0) throw InputException.at(modelDir, "the tokenizer has no <|endoftext|> or <|im_end|> token");
    String a = "qwen2";
    GgufWriter g = new GgufWriter()
        .string("general.architecture", a)
        .string("general.name", modelDir.toAbsolutePath().getFileName().toString())
        .u32("general.alignment", GgufWriter.ALIGNMENT)
        .u32("general.file_type", f16 ? 1 : 0)
        .u32(a + ".context_length", c.maxPositionEmbeddings())
        .u32(a + ".embedding_length", c.hiddenSize())
        .u32(a + ".block_count", c.numLayers())
        .u32(a + ".feed_forward_length", c.intermediateSize())
        .u32(a + ".attention.head_count", c.numHeads())
        .u32(a + ".attention.head_count_kv", c.numKvHeads())
        .f32(a + ".attention.layer_norm_rms_epsilon", (float) c.rmsNormEps())
        .f32(a + ".rope.freq_base", (float) c.ropeTheta())
        .string("tokenizer.ggml.model", "gpt2")
        .string("tokenizer.ggml.pre", "qwen2")
        .strings("tokenizer.ggml.tokens", tokens)
        .i32s("tokenizer.ggml.token_type", types)
        .strings("tokenizer.ggml.merges", vocab.merges())
        .u32("tokenizer.ggml.bos_token_id", bos)
        .u32("tokenizer.ggml.eos_token_id", eos)
        .u32("tokenizer.ggml.padding_token_id", bos)
        .bool("tokenizer.ggml.add_bos_token", false);
    int mat = f16 ? GgufWriter.GGML_F16 : GgufWriter.GGML_F32, f32 = GgufWriter.GGML_F32;
    add(g, w, "model.embed_tokens.weight", "token_embd.weight", mat);
    for (int l = 0; l < c.numLayers(); l++) {
      String p = "model.layers." + l + ".", q = "blk." + l + ".";
      add(g, w, p + "input_layernorm.weight", q + "attn_norm.weight", f32);
      add(g, w, p + "self_attn.q_proj.weight", q + "attn_q.weight", mat);
      add(g, w, p + "self_attn.q_proj.bias", q + "attn_q.bias", f32);
      add(g, w, p + "self_attn.k_proj.weight", q + "attn_k.weight", mat);
      add(g, w, p + "self_attn.k_proj.bias", q + "attn_k.bias", f32);
      add(g, w, p + "self_attn.v_proj.weight", q + "attn_v.weight", mat);
      add(g, w, p + "self_attn.v_proj.bias", q + "attn_v.bias", f32);
      add(g, w, p + "self_attn.o_proj.weight", q + "attn_output.weight", mat);
      add(g, w, p + "post_attention_layernorm.weight", q + "ffn_norm.weight", f32);
      add(g, w, p + "mlp.gate_proj.weight", q + "ffn_gate.weight", mat);
      add(g, w, p + "mlp.up_proj.weight", q + "ffn_up.weight", mat);
      add(g, w, p + "mlp.down_proj.weight", q + "ffn_down.weight", mat);
    }
    add(g, w, "model.norm.weight", "output_norm.weight", f32);
    if (!c.tieWordEmbeddings()) add(g, w, "lm_head.weight", "output.weight", mat);
    try {
      Path parent = out.toAbsolutePath().getParent();
      if (parent != null) Files.createDirectories(parent);
      return g.write(out);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + out, e);
    }
  }

  private static void add(GgufWriter g, Map<String, Tensor> w, String hf, String gguf, int type) {
    Tensor t = w.get(hf);
    if (t == null) throw new InputException("checkpoint has no tensor " + hf);
    g.tensor(gguf, type, t.data(), t.shape());
  }
}
