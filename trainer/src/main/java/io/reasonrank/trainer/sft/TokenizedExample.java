package io.reasonrank.trainer.sft;

import io.reasonrank.llm.tokenizer.HfTokenizer;
import io.reasonrank.prompt.ListwisePrompts;
import java.util.Arrays;

/** Token ids of prompt then response; the loss covers positions {@code promptLength …}. */
public record TokenizedExample(long[] ids, int promptLength, boolean truncated) {
  public TokenizedExample {
    if (promptLength < 1 || promptLength >= ids.length) {
      throw new IllegalArgumentException("need a prompt and a response token, got prompt " + promptLength + " of " + ids.length);
    }
  }

  public int responseLength() {
    return ids.length - promptLength;
  }

  /** What LLaMA-Factory's {@code qwen} template appends to the assistant content, and trains on. */
  public static final String ASSISTANT_END = "<|im_end|>\n";

  /**
   * The prompt as the reranker renders it ({@link ListwisePrompts#finalPrompt}) and the response
   * {@code output + "<|im_end|>\n"}, tokenized separately and concatenated, cut to {@code cutoff} tokens with
   * LLaMA-Factory's {@code infer_seqlen} split between the two.
   */
  public static TokenizedExample of(SftExample e, HfTokenizer tok, int cutoff) {
    return of(tok.encode(ListwisePrompts.finalPrompt(e.system(), e.instruction())), tok.encode(e.output() + ASSISTANT_END), cutoff);
  }

  public static TokenizedExample of(long[] source, long[] target, int cutoff) {
    int[] lens = inferSeqlen(source.length, target.length, cutoff);
    long[] ids = new long[lens[0] + lens[1]];
    System.arraycopy(source, 0, ids, 0, lens[0]);
    System.arraycopy(target, 0, ids, lens[0], lens[1]);
    return new TokenizedExample(ids, lens[0], lens[0] < source.length || lens[1] < target.length);
  }

  /** LLaMA-Factory's {@code infer_seqlen(source_len, target_len, cutoff_len)}. */
  static int[] inferSeqlen(int sourceLen, int targetLen, int cutoff) {
    int maxTarget;
    if (targetLen * 2 < cutoff) maxTarget = cutoff;
    else if (sourceLen * 2 < cutoff) maxTarget = cutoff - sourceLen;
    else maxTarget = (int) (cutoff * ((double) targetLen / (sourceLen + targetLen)));
    int newTarget = Math.min(maxTarget, targetLen);
    int maxSource = Math.max(cutoff - newTarget, 0);
    return new int[] {Math.min(maxSource, sourceLen), newTarget};
  }

  @Override
  public String toString() {
    return "TokenizedExample[" + ids.length + " ids, prompt " + promptLength + "]" + (truncated ? " (truncated)" : "") + Arrays.hashCode(ids);
  }
}
