package io.reasonrank.prompt;

import java.util.List;
import java.util.Objects;

/**
 * A parsed window answer. {@code permutation} always holds every window index exactly once: new position
 * {@code j} takes the passage at old window index {@code permutation.get(j)}. {@code cleaned} is the
 * reference's {@code _clean_response} output (digits kept, everything else a space, stripped), kept for
 * traces and debugging.
 */
public record ParsedAnswer(List<Integer> permutation, ParsePath path, String cleaned) {
  public ParsedAnswer {
    permutation = List.copyOf(permutation);
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(cleaned, "cleaned");
  }

  /** Whether the window keeps its input order. */
  public boolean isIdentity() {
    for (int j = 0; j < permutation.size(); j++) {
      if (permutation.get(j) != j) return false;
    }
    return true;
  }
}
