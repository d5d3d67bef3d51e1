package io.reasonrank.trainer.lora;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reasonrank.io.Json;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * LoRA settings. {@code targets} are projection names ({@code q_proj … down_proj}); {@code all} means every linear
 * layer of the decoder blocks, as LLaMA-Factory's {@code lora_target: all} (never the LM head).
 */
public record LoraConfig(int rank, double alpha, double dropout, Set<String> targets) {
  public static final List<String> ALL = List.of("q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj");

  public LoraConfig {
    if (rank <= 0) throw new IllegalArgumentException("lora rank must be > 0, got " + rank);
    if (!(alpha > 0)) throw new IllegalArgumentException("lora alpha must be > 0, got " + alpha);
    if (!(dropout >= 0 && dropout < 1)) throw new IllegalArgumentException("lora dropout must be in [0, 1), got " + dropout);
    if (targets == null || targets.isEmpty()) throw new IllegalArgumentException("lora targets must not be empty");
    for (String t : targets) {
      if (!ALL.contains(t)) throw new IllegalArgumentException("unknown lora target '" + t + "' (one of " + ALL + " or all)");
    }
    targets = Set.copyOf(targets);
  }

  /** Parses a comma-separated target list; {@code all} expands to {@link #ALL}. */
  public static Set<String> parseTargets(String csv) {
    Set<String> out = new LinkedHashSet<>();
    for (String t : csv.split(",")) {
      t = t.strip();
      if (t.isEmpty()) continue;
      if (t.equals("all")) out.addAll(ALL);
      else out.add(t);
    }
    return out;
  }

  /** {@code alpha / rank}, the factor on {@code B·A}. */
  public double scale() {
    return alpha / rank;
  }

  /**
   * Writes {@code lora} under {@code field} as a run's resume check records it (targets sorted, comma-joined), or JSON
   * null for a run without LoRA.
   */
  public static void putJson(ObjectNode settings, String field, LoraConfig lora) {
    if (lora != null) {
      settings.putObject(field).put("rank", lora.rank()).put("alpha", lora.alpha()).put("dropout", lora.dropout())
          .put("targets", String.join(",", lora.targets().stream().sorted().toList()));
    } else {
      settings.putNull(field);
    }
  }

  @Override
  public String toString() {
    return "LoRA(r=" + rank + ", alpha=" + alpha + ", dropout=" + dropout + ", targets=" + Arrays.toString(targets.toArray()) + ")";
  }
}
