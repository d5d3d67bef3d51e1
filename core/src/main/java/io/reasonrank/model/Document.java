package io.reasonrank.model;

import java.util.Objects;

/**
 * A passage or document. {@code title} is empty when the collection has none (BRIGHT, R2MED, MS MARCO
 * passages); BEIR documents carry one, and the reference renders it as {@code "Title: t Content: c"}.
 */
public record Document(String id, String title, String text) {
  public Document {
    Objects.requireNonNull(id, "id");
    title = title == null ? "" : title;
    text = text == null ? "" : text;
  }

  public static Document of(String id, String text) {
    return new Document(id, "", text);
  }
}
