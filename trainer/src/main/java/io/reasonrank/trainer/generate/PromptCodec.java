package io.reasonrank.trainer.generate;

import io.reasonrank.llm.tokenizer.HfTokenizer;
import io.reasonrank.prompt.ListwisePrompts;

/** Turns a chat turn into prompt ids and generated ids into text; {@link #chatMl} is what the reranker sends. */
public interface PromptCodec {
  long[] prompt(String system, String user);

  String decode(long[] ids);

  /** The reranker's prompt ({@code ListwisePrompts.finalPrompt}) through the checkpoint's tokenizer. */
  static PromptCodec chatMl(HfTokenizer tok) {
    return new PromptCodec() {
      @Override
      public long[] prompt(String system, String user) {
        return tok.encode(ListwisePrompts.finalPrompt(system, user));
      }

      @Override
      public String decode(long[] ids) {
        return tok.decode(ids);
      }
    };
  }
}
