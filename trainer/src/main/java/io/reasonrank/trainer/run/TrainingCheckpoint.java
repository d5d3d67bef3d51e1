package io.reasonrank.trainer.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reasonrank.format.InputException;
import io.reasonrank.io.Json;
import io.reasonrank.trainer.model.Checkpoint;
import io.reasonrank.trainer.model.Qwen2Model;
import io.reasonrank.trainer.optim.AdamW;
import io.reasonrank.trainer.safetensors.Safetensors;
import io.reasonrank.trainer.safetensors.StDtype;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * {@code OUTPUT/checkpoint-STEP/}: {@code trainer_state.json} (step, settings, the run's own state), the optimizer
 * moments ({@code optimizer.safetensors}), and the trained weights: a full Hugging Face checkpoint, or under LoRA
 * {@code adapter_model.safetensors} with a PEFT {@code adapter_config.json}. Written to a temporary directory and
 * renamed, so a checkpoint is complete or absent.
 */
public final class TrainingCheckpoint {
  private TrainingCheckpoint() {}

  public static final String STATE = "trainer_state.json";
  public static final String OPTIMIZER = "optimizer.safetensors";
  public static final String ADAPTER = "adapter_model.safetensors";
  private static final Pattern NAME = Pattern.compile("checkpoint-(\\d+)");

  /** Writes {@code output/checkpoint-STEP}; returns it. */
  public static Path save(Path output, int step, ObjectNode settings, ObjectNode runState, Qwen2Model model, AdamW optimizer, Path tokenizerSource) {
    Path dir = output.resolve("checkpoint-" + step);
    Path tmp = output.resolve(".checkpoint-" + step + ".tmp");
    try {
      deleteTree(tmp);
      Files.createDirectories(tmp);
      if (model.loraConfig() != null) {
        Safetensors.write(tmp.resolve(ADAPTER), model.loraTensors(), StDtype.F32);
        ObjectNode a = Json.MAPPER.createObjectNode().put("peft_type", "LORA").put("task_type", "CAUSAL_LM")
            .put("r", model.loraConfig().rank()).put("lora_alpha", model.loraConfig().alpha())
            .put("lora_dropout", model.loraConfig().dropout()).put("bias", "none");
        model.loraConfig().targets().stream().sorted().forEach(a.putArray("target_modules")::add);
        Json.MAPPER.writerWithDefaultPrettyPrinter().writeValue(tmp.resolve("adapter_config.json").toFile(), a);
      } else {
        Checkpoint.save(tmp, model.config(), model.toTensors(), StDtype.F32, Checkpoint.DEFAULT_SHARD_BYTES, tokenizerSource);
      }
      Safetensors.write(tmp.resolve(OPTIMIZER), optimizer.state(), StDtype.F32);
      ObjectNode state = Json.MAPPER.createObjectNode().put("step", step).put("optimizer_steps", optimizer.steps());
      state.set("settings", settings);
      state.set("run", runState);
      Json.MAPPER.writerWithDefaultPrettyPrinter().writeValue(tmp.resolve(STATE).toFile(), state);
      deleteTree(dir);
      Files.move(tmp, dir, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write checkpoint " + dir, e);
    }
  }

  /** The checkpoint with the highest step under {@code output}, if any. */
  public static Optional<Path> latest(Path output) {
    if (!Files.isDirectory(output)) return Optional.empty();
    try (Stream<Path> s = Files.list(output)) {
      return s.filter(p -> NAME.matcher(p.getFileName().toString()).matches() && Files.isRegularFile(p.resolve(STATE)))
          .max(Comparator.comparingLong(TrainingCheckpoint::step));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static long step(Path p) {
    Matcher m = NAME.matcher(p.getFileName().toString());
    return m.matches() ? Long.parseLong(m.group(1)) : -1;
  }

  public static JsonNode readState(Path dir) {
    try {
      return Json.MAPPER.readTree(dir.resolve(STATE).toFile());
    } catch (IOException e) {
      throw InputException.at(dir.resolve(STATE), "cannot read: " + e.getMessage());
    }
  }

  /**
   * Restores weights and optimizer from {@code dir} into a model built like the checkpointed one, after checking that
   * the settings match (a resumed run with other settings would not continue the same run).
   */
  public static JsonNode restore(Path dir, ObjectNode settings, Qwen2Model model, AdamW optimizer) {
    JsonNode state = readState(dir);
    JsonNode saved = state.path("settings");
    JsonNode current;
    try {
      current = Json.MAPPER.readTree(Json.MAPPER.writeValueAsString(settings)); // numbers typed as when read back
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = current.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!e.getValue().equals(saved.get(e.getKey()))) {
        throw InputException.at(dir, "was written with " + e.getKey() + " = " + saved.get(e.getKey()) + ", this run has " + e.getValue()
            + "; resume with the same settings or use another --output");
      }
    }
    if (model.loraConfig() != null) {
      model.setLoraTensors(Safetensors.read(dir.resolve(ADAPTER)));
    } else {
      var tensors = Checkpoint.readTensors(dir);
      for (Map.Entry<String, ai.djl.ndarray.NDArray> e : model.parameters().entrySet()) {
        var t = tensors.get(e.getKey());
        if (t == null) throw InputException.at(dir, "checkpoint has no tensor " + e.getKey());
        e.getValue().set(t.data());
      }
    }
    optimizer.load(Safetensors.read(dir.resolve(OPTIMIZER)), state.path("optimizer_steps").asLong());
    return state;
  }

  /** Deletes {@code p} and everything under it; nothing when it does not exist. */
  public static void deleteTree(Path p) throws IOException {
    if (!Files.exists(p)) return;
    try (Stream<Path> s = Files.walk(p)) {
      for (Path x : s.sorted(Comparator.reverseOrder()).toList()) Files.delete(x);
    }
  }
}
