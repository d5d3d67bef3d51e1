package io.reasonrank.llm.openai;

import java.util.OptionalDouble;

/**
 * The server's own speed figures summed over responses: llama.cpp's {@code timings} ({@code prompt_n} tokens read in
 * {@code prompt_ms}, {@code predicted_n} generated in {@code predicted_ms}). The rates are per request (one slot's
 * speed), not the server's aggregate throughput: requests that run side by side each report their own time.
 *
 * @param responses responses that carried timings
 */
public record ServerSpeed(long responses, long promptTokens, double promptMillis, long predictedTokens, double predictedMillis) {
  public static final ServerSpeed NONE = new ServerSpeed(0, 0, 0, 0, 0);

  public ServerSpeed plus(ServerSpeed o) {
    return new ServerSpeed(responses + o.responses, promptTokens + o.promptTokens, promptMillis + o.promptMillis,
        predictedTokens + o.predictedTokens, predictedMillis + o.predictedMillis);
  }

  /** Prompt tokens read per second of prompt processing; empty without timings. */
  public OptionalDouble prefillPerSecond() {
    return promptMillis > 0 ? OptionalDouble.of(promptTokens * 1000.0 / promptMillis) : OptionalDouble.empty();
  }

  /** Tokens generated per second of decoding; empty without timings. */
  public OptionalDouble decodePerSecond() {
    return predictedMillis > 0 ? OptionalDouble.of(predictedTokens * 1000.0 / predictedMillis) : OptionalDouble.empty();
  }
}
