package io.reasonrank.cli;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reasonrank.format.InputException;
import io.reasonrank.io.Json;
import io.reasonrank.io.JsonLines;
import io.reasonrank.prompt.PromptMode;
import io.reasonrank.trainer.generate.ChatModel;
import io.reasonrank.trainer.generate.Sampling;
import io.reasonrank.trainer.model.Checkpoint;
import io.reasonrank.trainer.model.Qwen2Config;
import io.reasonrank.trainer.model.Qwen2Model;
import io.reasonrank.trainer.model.TopLogits;
import io.reasonrank.trainer.model.TorchRuntime;
import io.reasonrank.trainer.run.StepSeeds;
import io.reasonrank.trainer.safetensors.StDtype;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code reasonrank train}: the embedded trainer for Qwen2 checkpoints in the Hugging Face layout (docs/trainer.md).
 * Each subcommand is a thin shell over {@code io.reasonrank.trainer}.
 */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    description = "Train and run Qwen2 checkpoints (Hugging Face layout) on the JVM with libtorch: init, logits, generate, sft, grpo, export-gguf, windows, devices.",
    subcommands = {
      TrainCommand.Init.class,
      TrainCommand.Logits.class,
      TrainCommand.Generate.class,
      TrainSftCommand.class,
      TrainGrpoCommand.class,
      TrainCommand.ExportGguf.class,
      TrainWindowsCommand.class,
      TrainCommand.Devices.class,
    })
public final class TrainCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  static StDtype dtype(String name) {
    try {
      return StDtype.parse(name);
    } catch (IllegalArgumentException e) {
      throw new UserException("--dtype: " + e.getMessage());
    }
  }

  /** Output to a file, or to picocli's stdout writer (left open). */
  static BufferedWriter open(Path output, CommandSpec spec) throws IOException {
    Writer sink = output == null ? spec.commandLine().getOut() : Files.newBufferedWriter(output, StandardCharsets.UTF_8);
    return new BufferedWriter(sink, 1 << 16);
  }

  @Command(name = "init", mixinStandardHelpOptions = true,
      description = "Write a random-weight checkpoint (config.json, model.safetensors, Qwen2.5 tokenizer files) for a Qwen2 config.")
  static final class Init implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--config", required = true, paramLabel = "CONFIG.json", description = "a Hugging Face Qwen2 config.json")
    Path config;

    @Option(names = "--output", required = true, paramLabel = "DIR", description = "the new checkpoint folder")
    Path output;

    @Option(names = "--seed", defaultValue = "0", description = "weight seed (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--dtype", defaultValue = "f32", description = "f32, f16 or bf16 on disk (default ${DEFAULT-VALUE})")
    String dtype;

    @Override
    public Integer call() {
      if (!Files.isRegularFile(config)) throw new InputException(config + ": no such file");
      Qwen2Config c = Qwen2Config.read(config);
      StDtype d = dtype(dtype);
      long start = System.nanoTime();
      Checkpoint.save(output, c, Qwen2Model.randomTensors(c, seed), d, Checkpoint.DEFAULT_SHARD_BYTES, null);
      long params = Qwen2Model.shapes(c).values().stream().mapToLong(s -> { long n = 1; for (long x : s) n *= x; return n; }).sum();
      spec.commandLine().getErr().printf("train init: %s, %,d parameters (%s), seed %d, in %.1f s%n", output, params, d, seed,
          (System.nanoTime() - start) / 1e9);
      return 0;
    }
  }

  @Command(name = "logits", mixinStandardHelpOptions = true,
      description = {"Last-position logits of each row {\"ids\": [token ids]}: one row {\"top\": [[id, logit], ...], \"logsumexp\": x},",
          "logits in descending order."})
  static final class Logits implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "DIR", description = "checkpoint folder (config.json, model.safetensors or shards, tokenizer.json)")
    Path model;

    @Option(names = "--input", required = true, paramLabel = "FILE.jsonl", description = "rows {\"ids\": [token ids]}")
    Path input;

    @Mixin TorchOptions torch;

    @Option(names = "--top", defaultValue = "20", paramLabel = "K", description = "logits per row (default ${DEFAULT-VALUE})")
    int top;

    @Option(names = "--output", paramLabel = "FILE", description = "default: stdout")
    Path output;

    @Override
    public Integer call() throws IOException {
      if (top <= 0) throw new UserException("--top must be > 0, got " + top);
      torch.validate();
      if (!Files.isRegularFile(input)) throw new InputException(input + ": no such file");
      java.util.List<long[]> rows = new java.util.ArrayList<>();
      JsonLines.forEach(input, (JsonNode row, Long line) -> {
        JsonNode ids = row.get("ids");
        if (ids == null || !ids.isArray() || ids.isEmpty()) throw InputException.at(input, line, "\"ids\" must be a non-empty array of token ids");
        long[] a = new long[ids.size()];
        for (int i = 0; i < a.length; i++) {
          if (!ids.get(i).canConvertToLong()) throw InputException.at(input, line, "\"ids\"[" + i + "] is not an integer");
          a[i] = ids.get(i).asLong();
        }
        rows.add(a);
      });
      ai.djl.Device device = torch.apply();
      try (NDManager m = TorchRuntime.newManager(device); Qwen2Model mdl = Checkpoint.load(model, m, DataType.FLOAT32);
           BufferedWriter out = open(output, spec)) {
        int v = mdl.config().vocabSize();
        for (int r = 0; r < rows.size(); r++) {
          for (long id : rows.get(r)) {
            if (id < 0 || id >= v) throw InputException.at(input, r + 1, "token id " + id + " outside the vocabulary of " + v);
          }
        }
        for (long[] ids : rows) {
          TopLogits t = TopLogits.of(mdl.lastLogits(ids), top);
          ObjectNode o = Json.MAPPER.createObjectNode();
          ArrayNode arr = o.putArray("top");
          for (int i = 0; i < t.ids().length; i++) arr.addArray().add(t.ids()[i]).add(t.logits()[i]);
          o.put("logsumexp", t.logSumExp());
          out.write(Json.MAPPER.writeValueAsString(o));
          out.write('\n');
        }
        out.flush();
        if (output != null) out.close();
      }
      spec.commandLine().getErr().printf("train logits: %d rows%n", rows.size());
      return 0;
    }
  }

  @Command(name = "generate", mixinStandardHelpOptions = true,
      description = {"Generate replies with the inference prompt (ChatML + fix_text, as rerank sends it).",
          "--input rows: {\"system\",\"user\"} or {\"system\",\"instruction\"} (LLaMA-Factory) or {\"prompt\": [messages]} (verl).",
          "Output rows: {\"response\", \"tokens\", \"stopped\"}."})
  static final class Generate implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "DIR", description = "checkpoint folder (config.json, model.safetensors or shards, tokenizer.json)")
    Path model;

    @Option(names = "--prompt", paramLabel = "TEXT", description = "one user message")
    String prompt;

    @Option(names = "--input", paramLabel = "FILE.jsonl", description = "one prompt per row (formats above)")
    Path input;

    @Option(names = "--system", paramLabel = "TEXT", description = "system prompt for --prompt (default: the rank_GPT_reasoning system prompt)")
    String system;

    @Option(names = "--max-new-tokens", defaultValue = "3172", description = "default ${DEFAULT-VALUE} (the reasoning mode's budget)")
    int maxNewTokens;

    @Option(names = "--temperature", defaultValue = "0", description = "0 = greedy (default ${DEFAULT-VALUE})")
    double temperature;

    @Option(names = "--top-p", defaultValue = "1", description = "nucleus sampling mass when sampling (default ${DEFAULT-VALUE})")
    double topP;

    @Option(names = "--seed", defaultValue = "0", description = "sampling seed; each row of --input draws from its own stream, keyed by the seed and the row number (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--output", paramLabel = "FILE", description = "default: stdout")
    Path output;

    @Mixin TorchOptions torch;

    @Override
    public Integer call() throws IOException {
      if ((prompt == null) == (input == null)) throw new UserException("give exactly one of --prompt and --input");
      torch.validate();
      Sampling s;
      try {
        s = new Sampling(maxNewTokens, temperature, topP, seed);
      } catch (IllegalArgumentException e) {
        throw new UserException(e.getMessage());
      }
      java.util.List<String[]> turns = new java.util.ArrayList<>();
      String sys = system == null ? PromptMode.RANK_GPT_REASONING.systemPrompt() : system;
      if (prompt != null) turns.add(new String[] {sys, prompt});
      else {
        if (!Files.isRegularFile(input)) throw new InputException(input + ": no such file");
        JsonLines.forEach(input, (JsonNode row, Long line) -> turns.add(turn(row, input, line, sys)));
      }
      ai.djl.Device device = torch.apply();
      int i = 0;
      try (ChatModel chat = ChatModel.load(model, device); BufferedWriter out = open(output, spec)) {
        for (String[] t : turns) {
          // each row gets its own stream, so a row's reply does not depend on the rows before it; keyed by (seed, row)
          // rather than seed + row, so that passes with seeds 1, 2, ... share no stream between rows
          ChatModel.Reply r = chat.reply(t[0], t[1], new Sampling(s.maxNewTokens(), s.temperature(), s.topP(), StepSeeds.mix(s.seed(), 0, i++)));
          out.write(Json.MAPPER.writeValueAsString(Json.MAPPER.createObjectNode().put("response", r.text()).put("tokens", r.tokens())
              .put("stopped", r.stopped())));
          out.write('\n');
          out.flush();
        }
        if (output != null) out.close();
      } catch (UncheckedIOException e) {
        throw e.getCause();
      }
      spec.commandLine().getErr().printf("train generate: %d replies%n", turns.size());
      return 0;
    }

    static String[] turn(JsonNode row, Path file, long line, String defaultSystem) {
      JsonNode messages = row.has("prompt") ? row.get("prompt") : row.get("messages");
      if (messages != null && messages.isArray()) {
        String sys = defaultSystem, user = null;
        for (JsonNode m : messages) {
          String role = m.path("role").asText();
          if (role.equals("system")) sys = m.path("content").asText();
          else if (role.equals("user")) user = m.path("content").asText();
        }
        if (user == null) throw InputException.at(file, line, "no user message in \"prompt\"");
        return new String[] {sys, user};
      }
      JsonNode user = row.has("user") ? row.get("user") : row.get("instruction");
      if (user == null || !user.isTextual()) throw InputException.at(file, line, "need \"user\", \"instruction\" or \"prompt\"");
      return new String[] {row.path("system").asText(defaultSystem), user.asText()};
    }
  }

  @Command(name = "export-gguf", mixinStandardHelpOptions = true,
      description = "Write a checkpoint as a llama.cpp GGUF file (arch qwen2, F16 or F32 matrices, the checkpoint's tokenizer).")
  static final class ExportGguf implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "DIR", description = "checkpoint folder (config.json, model.safetensors or shards, tokenizer.json)")
    Path model;

    @Option(names = "--output", required = true, paramLabel = "FILE.gguf")
    Path output;

    @Option(names = "--dtype", defaultValue = "f16", description = "f16 or f32 matrices (default ${DEFAULT-VALUE}); norms and biases are F32")
    String dtype;

    @Override
    public Integer call() {
      StDtype d = dtype(dtype);
      if (d == StDtype.BF16) throw new UserException("--dtype: GGUF export writes f16 or f32");
      long start = System.nanoTime();
      long bytes = io.reasonrank.trainer.gguf.GgufExporter.export(model, output, d == StDtype.F16);
      spec.commandLine().getErr().printf("train export-gguf: %s, %,d bytes, in %.1f s%n", output, bytes, (System.nanoTime() - start) / 1e9);
      return 0;
    }
  }

  @Command(name = "devices", mixinStandardHelpOptions = true,
      description = {"Which libtorch this process loads, from where, and the devices --device can name.",
          "A GPU needs a CUDA build of libtorch 2.7.1 named by PYTORCH_LIBRARY_PATH (docs/trainer.md, \"Training on a GPU\")."})
  static final class Devices implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      TorchRuntime.Info info;
      try {
        info = TorchRuntime.info();
      } catch (IllegalArgumentException e) {
        throw new UserException(e.getMessage());
      }
      java.util.List<ai.djl.Device> gpus = TorchRuntime.gpus();
      PrintWriter out = spec.commandLine().getOut();
      out.printf("libtorch %s from %s%n", info.version(), info.path());
      out.printf("features: %s%n", String.join(" ", info.features()));
      out.printf("devices: cpu%s%n", gpus.stream().map(d -> " " + TorchRuntime.name(d)).collect(java.util.stream.Collectors.joining()));
      if (gpus.isEmpty()) {
        out.println(info.cuda() ? "no GPU: this libtorch has CUDA but could not use gpu:0 (check the driver and CUDA_VISIBLE_DEVICES)"
            : "no GPU: this libtorch is a CPU build; for a GPU set PYTORCH_LIBRARY_PATH to the lib folder of a CUDA libtorch 2.7.1");
      }
      out.flush();
      return 0;
    }
  }
}
