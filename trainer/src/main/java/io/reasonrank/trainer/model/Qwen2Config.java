package io.reasonrank.trainer.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reasonrank.format.InputException;
import io.reasonrank.io.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The fields of a Hugging Face Qwen2 {@code config.json} the decoder uses, plus the whole JSON object so that a saved
 * checkpoint keeps every other field. {@code head_dim} is {@code hidden_size / num_attention_heads} (Qwen2 has no
 * separate field).
 */
public record Qwen2Config(
    int vocabSize,
    int hiddenSize,
    int intermediateSize,
    int numLayers,
    int numHeads,
    int numKvHeads,
    double ropeTheta,
    double rmsNormEps,
    boolean tieWordEmbeddings,
    int maxPositionEmbeddings,
    double initializerRange,
    ObjectNode json) {

  public Qwen2Config {
    positive("vocab_size", vocabSize);
    positive("hidden_size", hiddenSize);
    positive("intermediate_size", intermediateSize);
    positive("num_hidden_layers", numLayers);
    positive("num_attention_heads", numHeads);
    positive("num_key_value_heads", numKvHeads);
    if (hiddenSize % numHeads != 0) {
      throw new IllegalArgumentException("hidden_size " + hiddenSize + " is not a multiple of num_attention_heads " + numHeads);
    }
    if (numHeads % numKvHeads != 0) {
      throw new IllegalArgumentException("num_attention_heads " + numHeads + " is not a multiple of num_key_value_heads " + numKvHeads);
    }
    if ((hiddenSize / numHeads) % 2 != 0) throw new IllegalArgumentException("head dim " + hiddenSize / numHeads + " must be even for rotary embeddings");
    if (!(ropeTheta > 0)) throw new IllegalArgumentException("rope_theta must be > 0, got " + ropeTheta);
    if (!(rmsNormEps > 0)) throw new IllegalArgumentException("rms_norm_eps must be > 0, got " + rmsNormEps);
    json = json == null ? Json.MAPPER.createObjectNode() : json.deepCopy();
  }

  private static void positive(String field, int v) {
    if (v <= 0) throw new IllegalArgumentException(field + " must be > 0, got " + v);
  }

  public int headDim() {
    return hiddenSize / numHeads;
  }

  /** Query heads per KV head. */
  public int groups() {
    return numHeads / numKvHeads;
  }

  /** Reads {@code config.json}; a missing required field or a non-Qwen2 model type is an {@link InputException}. */
  public static Qwen2Config read(Path file) {
    JsonNode root;
    try {
      root = Json.MAPPER.readTree(file.toFile());
    } catch (IOException e) {
      throw InputException.at(file, "cannot read config: " + e.getMessage());
    }
    if (root == null || !root.isObject()) throw InputException.at(file, "config is not a JSON object");
    try {
      return fromJson((ObjectNode) root);
    } catch (IllegalArgumentException e) {
      throw InputException.at(file, e.getMessage());
    }
  }

  public static Qwen2Config fromJson(ObjectNode o) {
    String type = o.path("model_type").asText("qwen2");
    if (!type.equals("qwen2")) throw new IllegalArgumentException("model_type must be qwen2, got '" + type + "'");
    if (o.path("use_sliding_window").asBoolean(false)) {
      throw new IllegalArgumentException("use_sliding_window=true is not supported");
    }
    JsonNode scaling = o.path("rope_scaling");
    if (!scaling.isMissingNode() && !scaling.isNull()) throw new IllegalArgumentException("rope_scaling is not supported");
    int hidden = req(o, "hidden_size");
    int heads = req(o, "num_attention_heads");
    return new Qwen2Config(req(o, "vocab_size"), hidden, req(o, "intermediate_size"), req(o, "num_hidden_layers"), heads,
        o.path("num_key_value_heads").asInt(heads), o.path("rope_theta").asDouble(10000.0), o.path("rms_norm_eps").asDouble(1e-6),
        o.path("tie_word_embeddings").asBoolean(false), o.path("max_position_embeddings").asInt(32768),
        o.path("initializer_range").asDouble(0.02), o);
  }

  private static int req(ObjectNode o, String field) {
    JsonNode n = o.get(field);
    if (n == null || !n.canConvertToInt()) throw new IllegalArgumentException("missing integer field " + field);
    return n.asInt();
  }

  /** Throws an {@link InputException}, its message starting with {@code where}, when an id is outside the vocabulary. */
  public void requireInVocabulary(long[] ids, String where) {
    for (long id : ids) {
      if (id >= vocabSize) throw new InputException(where + "token id " + id + " is outside the model's vocab_size " + vocabSize);
    }
  }

  /** The JSON to save: the original object with the decoder's fields as they are here. */
  public ObjectNode toJson() {
    ObjectNode o = json.deepCopy();
    o.put("model_type", "qwen2");
    if (!o.has("architectures")) o.putArray("architectures").add("Qwen2ForCausalLM");
    o.put("vocab_size", vocabSize).put("hidden_size", hiddenSize).put("intermediate_size", intermediateSize)
        .put("num_hidden_layers", numLayers).put("num_attention_heads", numHeads).put("num_key_value_heads", numKvHeads)
        .put("rope_theta", ropeTheta).put("rms_norm_eps", rmsNormEps).put("tie_word_embeddings", tieWordEmbeddings)
        .put("max_position_embeddings", maxPositionEmbeddings).put("initializer_range", initializerRange);
    if (!o.has("hidden_act")) o.put("hidden_act", "silu");
    o.put("torch_dtype", "float32");
    return o;
  }

  public void write(Path file) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    Json.MAPPER.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), toJson());
  }
}
