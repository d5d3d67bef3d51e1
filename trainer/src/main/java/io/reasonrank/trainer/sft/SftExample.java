package io.reasonrank.trainer.sft;

/** One alpaca row: {@code system}, {@code instruction} (the user turn) and {@code output} (the assistant turn). */
public record SftExample(String system, String instruction, String output) {}
