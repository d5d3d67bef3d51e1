package io.reasonrank.trainer.gguf;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import io.reasonrank.format.InputException;
import io.reasonrank.io.Json;
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
import java.util.regex.Pattern;

/**
 * Converts a checkpoint directory to GGUF the way {@code convert_hf_to_gguf.py} does for {@code Qwen2ForCausalLM}:
 * tensor names {@code token_embd}, {@code blk.N.attn_q} …, {@code output_norm}, {@code output} (absent when tied);
 * the vocabulary padded to {@code vocab_size} with {@code [PADn]} tokens of type unused; added tokens that are
 * special or look like {@code <|…|>} typed control, other added tokens user-defined; BOS {@code <|endoftext|>}, EOS
 * {@code <|im_end|>}, no BOS added.
 */
public final class GgufExporter {
  private GgufExporter() {}

  private static final Pattern LOOKS_SPECIAL = Pattern.compile("<\\|.*\\|>");
  private static final int NORMAL = 1, CONTROL = 3, USER_DEFINED = 4, UNUSED = 5;

  /** Writes {@code out}; returns its size in bytes. */
  public static long export(Path modelDir, Path out, boolean f16) {
    if (!Files.isDirectory(modelDir)) throw InputException.at(modelDir, "model directory not found");
    Qwen2Config c = Qwen2Config.read(modelDir.resolve(Checkpoint.CONFIG));
    Map<String, Tensor> w = Checkpoint.readTensors(modelDir);
    Vocab vocab;
    try (InputStream in = Files.isRegularFile(modelDir.resolve("tokenizer.json"))
        ? Files.newInputStream(modelDir.resolve("tokenizer.json")) : new ByteArrayInputStream(Checkpoint.qwen25TokenizerJson())) {
      vocab = Vocab.read(in);
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
      types[i] = NORMAL;
    }
    int bos = -1, eos = -1;
    for (Added a : vocab.added()) {
      byId[a.id()] = a.content();
      types[a.id()] = a.special() || LOOKS_SPECIAL.matcher(a.content()).matches() ? CONTROL : USER_DEFINED;
      if (a.content().equals("<|endoftext|>")) bos = a.id();
      if (a.content().equals("<|im_end|>")) eos = a.id();
    }
    for (int i = 0; i < n; i++) {
      if (byId[i] == null) {
        byId[i] = "[PAD" + i + "]";
        types[i] = UNUSED;
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

  record Added(int id, String content, boolean special) {}

  /** The BPE vocabulary by id, the added tokens and the merges of a {@code tokenizer.json}, read as a stream. */
  record Vocab(List<String> base, List<Added> added, List<String> merges) {
    int size() {
      int max = base.size();
      for (Added a : added) max = Math.max(max, a.id() + 1);
      return max;
    }

    static Vocab read(InputStream in) throws IOException {
      List<String> base = new ArrayList<>();
      List<Added> added = new ArrayList<>();
      List<String> merges = new ArrayList<>();
      try (JsonParser p = Json.MAPPER.getFactory().createParser(in)) {
        if (p.nextToken() != JsonToken.START_OBJECT) throw new InputException("tokenizer.json is not a JSON object");
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String field = p.currentName();
          p.nextToken();
          if (field.equals("added_tokens")) {
            for (JsonNode a : (JsonNode) p.readValueAsTree()) {
              added.add(new Added(a.get("id").asInt(), a.get("content").asText(), a.get("special").asBoolean()));
            }
          } else if (field.equals("model")) {
            while (p.nextToken() == JsonToken.FIELD_NAME) {
              String key = p.currentName();
              JsonToken value = p.nextToken();
              if (key.equals("vocab") && value == JsonToken.START_OBJECT) {
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                  String piece = p.currentName();
                  int id = p.nextIntValue(-1);
                  if (id != base.size()) throw new InputException("tokenizer.json: vocab ids are not dense at " + piece + " = " + id);
                  base.add(piece);
                }
              } else if (key.equals("merges") && value == JsonToken.START_ARRAY) {
                while (p.nextToken() != JsonToken.END_ARRAY) {
                  if (p.currentToken() == JsonToken.VALUE_STRING) {
                    merges.add(p.getText());
                  } else {
                    merges.add(p.nextTextValue() + " " + p.nextTextValue());
                    p.nextToken();
                  }
                }
              } else {
                p.skipChildren();
              }
            }
          } else {
            p.skipChildren();
          }
        }
      }
      if (base.isEmpty() || merges.isEmpty()) throw new InputException("tokenizer.json has no BPE vocab or merges");
      return new Vocab(base, added, merges);
    }
  }
}
