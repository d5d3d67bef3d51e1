package io.reasonrank.trainer.model;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reasonrank.format.InputException;
import io.reasonrank.io.Json;
import io.reasonrank.llm.tokenizer.HfTokenizer;
import io.reasonrank.trainer.safetensors.Safetensors;
import io.reasonrank.trainer.safetensors.StDtype;
import io.reasonrank.trainer.safetensors.Tensor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A checkpoint directory in the Hugging Face layout: {@code config.json}, {@code model.safetensors} or shards
 * {@code model-0000i-of-0000n.safetensors} with {@code model.safetensors.index.json}, and the tokenizer files.
 */
public final class Checkpoint {
  private Checkpoint() {}

  public static final String CONFIG = "config.json";
  public static final String WEIGHTS = "model.safetensors";
  public static final String INDEX = "model.safetensors.index.json";
  /** Files copied along from a source checkpoint when present. */
  public static final List<String> TOKENIZER_FILES = List.of("tokenizer.json", "tokenizer_config.json", "vocab.json", "merges.txt",
      "special_tokens_map.json", "added_tokens.json", "generation_config.json");
  /** Shard size used when saving (transformers' default {@code max_shard_size} is 5 GB). */
  public static final long DEFAULT_SHARD_BYTES = 5_000_000_000L;

  /** Reads the weights of a checkpoint directory (single file or sharded) as F32 tensors. */
  public static Map<String, Tensor> readTensors(Path dir) {
    Path single = dir.resolve(WEIGHTS), index = dir.resolve(INDEX);
    if (Files.isRegularFile(single)) return Safetensors.read(single);
    if (!Files.isRegularFile(index)) throw InputException.at(dir, "no " + WEIGHTS + " or " + INDEX + " in this directory");
    JsonNode root;
    try {
      root = Json.MAPPER.readTree(index.toFile());
    } catch (IOException e) {
      throw InputException.at(index, "not valid JSON: " + e.getMessage());
    }
    JsonNode map = root == null ? null : root.get("weight_map");
    if (map == null || !map.isObject()) throw InputException.at(index, "no weight_map object");
    Map<String, List<String>> byFile = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = map.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      byFile.computeIfAbsent(e.getValue().asText(), k -> new ArrayList<>()).add(e.getKey());
    }
    Map<String, Tensor> out = new LinkedHashMap<>();
    for (Map.Entry<String, List<String>> f : byFile.entrySet()) {
      Path shard = dir.resolve(f.getKey());
      if (!Files.isRegularFile(shard)) throw InputException.at(index, "shard " + f.getKey() + " is missing");
      Map<String, Tensor> part = Safetensors.read(shard);
      for (String name : f.getValue()) {
        Tensor t = part.get(name);
        if (t == null) throw InputException.at(shard, "tensor " + name + " listed in " + INDEX + " is not in this shard");
        out.put(name, t);
      }
    }
    return out;
  }

  /** Loads a model from a checkpoint directory. */
  public static Qwen2Model load(Path dir, NDManager manager, DataType dtype) {
    if (!Files.isDirectory(dir)) throw InputException.at(dir, "model directory not found");
    Path cfgFile = dir.resolve(CONFIG);
    if (!Files.isRegularFile(cfgFile)) throw InputException.at(dir, "no " + CONFIG + " in this directory");
    Qwen2Config config = Qwen2Config.read(cfgFile);
    Map<String, Tensor> tensors = readTensors(dir);
    try {
      return Qwen2Model.fromTensors(config, tensors, manager, dtype);
    } catch (IllegalArgumentException e) {
      throw InputException.at(dir, e.getMessage());
    }
  }

  /**
   * Writes {@code model} as a Hugging Face checkpoint in F32, its LoRA adapters (if any) merged into the weights: what
   * a training run leaves as its model.
   */
  public static void saveModel(Path dir, Qwen2Model model, Path tokenizerSource) {
    save(dir, model.config(), model.loraConfig() != null ? model.mergedTensors() : model.toTensors(), StDtype.F32, DEFAULT_SHARD_BYTES,
        tokenizerSource);
  }

  /**
   * Writes config, weights and tokenizer files. Tokenizer files come from {@code tokenizerSource} when it has them
   * (a checkpoint being fine-tuned keeps its own), else the bundled Qwen2.5 tokenizer is written.
   */
  public static void save(Path dir, Qwen2Config config, Map<String, Tensor> tensors, StDtype dtype, long shardBytes, Path tokenizerSource) {
    try {
      Files.createDirectories(dir);
      ObjectNode cfg = config.toJson();
      cfg.put("torch_dtype", switch (dtype) { case F32 -> "float32"; case F16 -> "float16"; case BF16 -> "bfloat16"; });
      Json.MAPPER.writerWithDefaultPrettyPrinter().writeValue(dir.resolve(CONFIG).toFile(), cfg);
      writeWeights(dir, tensors, dtype, shardBytes);
      writeTokenizer(dir, tokenizerSource);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write checkpoint " + dir, e);
    }
  }

  static void writeWeights(Path dir, Map<String, Tensor> tensors, StDtype dtype, long shardBytes) throws IOException {
    Map<String, Tensor> sorted = new TreeMap<>(tensors);
    long total = 0;
    List<Map<String, Tensor>> shards = new ArrayList<>();
    Map<String, Tensor> current = new LinkedHashMap<>();
    long currentBytes = 0;
    for (Map.Entry<String, Tensor> e : sorted.entrySet()) {
      long bytes = (long) e.getValue().data().length * dtype.bytes();
      if (!current.isEmpty() && currentBytes + bytes > shardBytes) {
        shards.add(current);
        current = new LinkedHashMap<>();
        currentBytes = 0;
      }
      current.put(e.getKey(), e.getValue());
      currentBytes += bytes;
      total += bytes;
    }
    shards.add(current);
    Files.deleteIfExists(dir.resolve(INDEX));
    if (shards.size() == 1) {
      Safetensors.write(dir.resolve(WEIGHTS), shards.get(0), dtype);
      return;
    }
    Files.deleteIfExists(dir.resolve(WEIGHTS));
    ObjectNode index = Json.MAPPER.createObjectNode();
    index.putObject("metadata").put("total_size", total);
    ObjectNode map = index.putObject("weight_map");
    for (int i = 0; i < shards.size(); i++) {
      String name = String.format("model-%05d-of-%05d.safetensors", i + 1, shards.size());
      Safetensors.write(dir.resolve(name), shards.get(i), dtype);
      for (String t : shards.get(i).keySet()) map.put(t, name);
    }
    Json.MAPPER.writerWithDefaultPrettyPrinter().writeValue(dir.resolve(INDEX).toFile(), index);
  }

  private static void writeTokenizer(Path dir, Path source) throws IOException {
    if (source != null && Files.isRegularFile(source.resolve("tokenizer.json"))) {
      if (source.toAbsolutePath().normalize().equals(dir.toAbsolutePath().normalize())) return;
      for (String f : TOKENIZER_FILES) {
        if (Files.isRegularFile(source.resolve(f))) Files.copy(source.resolve(f), dir.resolve(f), StandardCopyOption.REPLACE_EXISTING);
      }
      return;
    }
    Files.write(dir.resolve("tokenizer.json"), qwen25TokenizerJson());
    Json.MAPPER.writerWithDefaultPrettyPrinter().writeValue(dir.resolve("tokenizer_config.json").toFile(), tokenizerConfig());
    ObjectNode gen = Json.MAPPER.createObjectNode().put("bos_token_id", 151643).put("pad_token_id", 151643);
    gen.putArray("eos_token_id").add(151645).add(151643);
    Json.MAPPER.writerWithDefaultPrettyPrinter().writeValue(dir.resolve("generation_config.json").toFile(), gen);
  }

  /** Token ids that end a generation: {@code <|im_end|>} and {@code <|endoftext|>}. */
  public static final long IM_END = 151645, END_OF_TEXT = 151643;

  /** ChatML as the reference renders it (system and user turns, generation prompt); what the checkpoint is trained on. */
  static final String CHAT_TEMPLATE = "{% for message in messages %}{{'<|im_start|>' + message['role'] + '\\n' + message['content']"
      + " + '<|im_end|>' + '\\n'}}{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}";

  private static ObjectNode tokenizerConfig() {
    ObjectNode o = Json.MAPPER.createObjectNode();
    o.put("tokenizer_class", "Qwen2Tokenizer").put("model_max_length", 131072).put("eos_token", "<|im_end|>")
        .put("pad_token", "<|endoftext|>").putNull("bos_token").put("add_bos_token", false).put("clean_up_tokenization_spaces", false)
        .put("errors", "replace").put("split_special_tokens", false).put("chat_template", CHAT_TEMPLATE);
    return o;
  }

  /**
   * The tokenizer of checkpoint {@code dir}: its {@code tokenizer.json} when present, else the bundled Qwen2.5 one
   * (which {@link #save} writes into a checkpoint whose source has none).
   */
  public static HfTokenizer tokenizer(Path dir) {
    return Files.isRegularFile(dir.resolve("tokenizer.json")) ? HfTokenizer.load(dir) : HfTokenizer.qwen25();
  }

  /** The Qwen2.5 {@code tokenizer.json} that {@code HfTokenizer.qwen25()} loads. */
  public static byte[] qwen25TokenizerJson() {
    return Qwen25Json.BYTES.clone();
  }

  /** Derived once per JVM: parsing the 7 MB file dominates writing a small checkpoint. */
  private static final class Qwen25Json {
    static final byte[] BYTES = HfTokenizer.qwen25Json();
  }
}
