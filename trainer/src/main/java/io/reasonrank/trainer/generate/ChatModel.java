package io.reasonrank.trainer.generate;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.reasonrank.llm.tokenizer.HfTokenizer;
import io.reasonrank.prompt.ListwisePrompts;
import io.reasonrank.trainer.model.Checkpoint;
import io.reasonrank.trainer.model.Qwen2Model;
import io.reasonrank.trainer.model.TorchRuntime;
import java.nio.file.Path;
import java.util.Set;

/**
 * A checkpoint with its tokenizer, answering chat turns. The prompt is {@link ListwisePrompts#finalPrompt}, the
 * string the reranker sends to a model (ChatML, then {@code fix_text} over the whole), so a trained model sees at
 * inference what it saw in training. Generation stops at {@code <|im_end|>} or {@code <|endoftext|>}.
 */
public final class ChatModel implements AutoCloseable {
  private final NDManager manager;
  private final Qwen2Model model;
  private final HfTokenizer tokenizer;
  private final Generator generator;

  private ChatModel(NDManager manager, Qwen2Model model, HfTokenizer tokenizer) {
    this.manager = manager;
    this.model = model;
    this.tokenizer = tokenizer;
    this.generator = new Generator(model, Set.of(Checkpoint.IM_END, Checkpoint.END_OF_TEXT));
  }

  /** Loads {@code dir} on the CPU; its {@code tokenizer.json} when present, else the bundled Qwen2.5 tokenizer. */
  public static ChatModel load(Path dir) {
    return load(dir, Device.cpu());
  }

  /**
   * Loads {@code dir} onto {@code device}.
   *
   * @throws IllegalArgumentException when libtorch cannot use {@code device} ({@link TorchRuntime#require})
   */
  public static ChatModel load(Path dir, Device device) {
    TorchRuntime.require(device);
    NDManager m = TorchRuntime.newManager(device);
    try {
      Qwen2Model model = Checkpoint.load(dir, m, DataType.FLOAT32);
      HfTokenizer tok = Checkpoint.tokenizer(dir);
      return new ChatModel(m, model, tok);
    } catch (RuntimeException e) {
      m.close();
      throw e;
    }
  }

  public Qwen2Model model() {
    return model;
  }

  public HfTokenizer tokenizer() {
    return tokenizer;
  }

  /** A reply: its text, token count, and whether a stop token ended it (else the token limit did). */
  public record Reply(String text, int tokens, boolean stopped) {}

  public Reply reply(String system, String user, Sampling sampling) {
    return complete(ListwisePrompts.finalPrompt(system, user), sampling);
  }

  /** Continues a raw prompt string (special tokens in it are matched as tokens). */
  public Reply complete(String prompt, Sampling sampling) {
    long[] ids = tokenizer.encode(prompt);
    for (long id : ids) {
      if (id >= model.config().vocabSize()) {
        throw new io.reasonrank.format.InputException("the prompt has token id " + id + " but the model's vocab_size is "
            + model.config().vocabSize() + ": its tokenizer does not fit it");
      }
    }
    Generator.Output out = generator.generate(ids, sampling);
    return new Reply(tokenizer.decode(out.ids()), out.ids().length, out.stopped());
  }

  @Override
  public void close() {
    model.close();
    manager.close();
    tokenizer.close();
  }
}
