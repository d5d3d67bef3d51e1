package io.reasonrank.service.engine;

/** The reranking strategies, spelled as {@code reasonrank rerank --strategy} spells them. */
public enum Strategy {
  SLIDING("sliding"), FULL("full"), TOPDOWN("topdown"), POINTWISE("pointwise");

  private final String id;

  Strategy(String id) {
    this.id = id;
  }

  public String id() {
    return id;
  }

  public static Strategy parse(String s) {
    for (Strategy v : values()) if (v.id.equals(s)) return v;
    throw new IllegalArgumentException("--strategy: expected sliding, full, topdown or pointwise, got '" + s + "'");
  }
}
