package io.reasonrank.llm.bench;

import io.reasonrank.io.JsonLines;
import io.reasonrank.llm.tokenizer.HfTokenizer;
import io.reasonrank.testing.SharedData;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Tokenizer throughput on real passages (the 4,387 texts of the rendering golden: DL19 MS MARCO passages
 * and BRIGHT queries). Run: {@code java -cp <test classpath> io.reasonrank.llm.bench.TokenizerBench [rounds]}
 * with {@code -Dreasonrank.shared.data=../shared/data}.
 */
public final class TokenizerBench {
  public static void main(String[] args) {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    List<String> texts = new ArrayList<>();
    List<Integer> max = new ArrayList<>();
    JsonLines.forEach(SharedData.path("golden/passage_rendering_golden.jsonl.gz"), (n, line) -> {
      texts.add(n.get("after_strip_fix_text").asText());
      max.add(n.get("max_length").asInt());
    });
    long t0 = System.nanoTime();
    HfTokenizer tok = HfTokenizer.qwenDefault();
    System.out.printf("load bundled Qwen tokenizer: %.0f ms%n", (System.nanoTime() - t0) / 1e6);
    long tokens = 0;
    long chars = 0;
    for (String t : texts) {
      tokens += tok.countTokens(t);
      chars += t.length();
    }
    System.out.printf("%d texts, %d tokens, %d chars%n", texts.size(), tokens, chars);
    for (int r = 0; r < rounds; r++) {
      long s = System.nanoTime();
      long sink = 0;
      for (String t : texts) sink += tok.countTokens(t);
      double count = (System.nanoTime() - s) / 1e9;
      s = System.nanoTime();
      for (int i = 0; i < texts.size(); i++) sink += tok.truncate(texts.get(i), max.get(i)).length();
      double trunc = (System.nanoTime() - s) / 1e9;
      s = System.nanoTime();
      sink += IntStream.range(0, texts.size()).parallel().mapToLong(i -> tok.truncate(texts.get(i), max.get(i)).length()).sum();
      double par = (System.nanoTime() - s) / 1e9;
      System.out.printf("round %d: countTokens %.0f tok/s (%.3f ms/text); truncate %.0f tok/s (%.3f ms/text); truncate parallel(%d cpu) %.0f tok/s [%d]%n",
          r, tokens / count, count * 1e3 / texts.size(), tokens / trunc, trunc * 1e3 / texts.size(),
          Runtime.getRuntime().availableProcessors(), tokens / par, sink % 10);
    }
  }
}
