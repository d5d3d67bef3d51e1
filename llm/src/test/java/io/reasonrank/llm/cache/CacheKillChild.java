package io.reasonrank.llm.cache;

import io.reasonrank.llm.Completion;
import io.reasonrank.llm.LlmBackend;
import io.reasonrank.llm.LlmRequest;
import io.reasonrank.llm.SamplingParams;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * The child process of {@link CacheKillTest}: makes {@code n} sequential calls through a
 * {@link CachingBackend} over a fake model whose answers carry this process's pid. The fake logs each
 * call it answered to {@code answered.log}; the child logs each answer it got to {@code outputs.log}.
 * At call {@code blockAt} the fake prints {@code BLOCKED} and hangs, so the parent can kill the child
 * while a call is in flight, right after the previous answers were returned.
 *
 * <p>Args: {@code <cache.db> <n> <blockAt or -1> <work dir>}.
 */
public final class CacheKillChild {
  private CacheKillChild() {}

  public static void main(String[] args) throws Exception {
    Path db = Path.of(args[0]);
    int n = Integer.parseInt(args[1]);
    int blockAt = Integer.parseInt(args[2]);
    Path dir = Path.of(args[3]);
    long pid = ProcessHandle.current().pid();
    LlmBackend model = new LlmBackend() {
      @Override
      public Completion complete(LlmRequest request) {
        int i = Integer.parseInt(request.prompt().substring("call ".length()));
        if (i == blockAt) {
          System.out.println("BLOCKED");
          System.out.flush();
          try {
            Thread.sleep(120_000);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          throw new IllegalStateException("was not killed");
        }
        String text = "answer " + i + " from pid " + pid;
        append(dir.resolve("answered.log"), i + "\n");
        return new Completion(text, 10, 5, "stop");
      }

      @Override
      public String model() {
        return "kill-test-model";
      }
    };
    try (CompletionCache cache = CompletionCache.open(db)) {
      CachingBackend backend = new CachingBackend(model, cache, "fake");
      for (int i = 0; i < n; i++) {
        Completion c = backend.complete(new LlmRequest(List.of(), "call " + i, SamplingParams.greedy(32)));
        append(dir.resolve("outputs.log"), i + "\t" + c.text() + "\n");
      }
      System.out.println("DONE " + backend.stats());
    }
  }

  private static void append(Path file, String line) {
    try {
      Files.writeString(file, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
