package io.reasonrank.index;

/**
 * Field names of a reasonrank BM25 index. {@code id} and {@code contents} are Anserini's names
 * ({@code Constants.ID}, {@code Constants.CONTENTS}); {@code title} and {@code text} keep the raw
 * corpus fields so rerankers can fetch passages by docid without the JSONL corpus.
 */
public final class IndexFields {
  private IndexFields() {}

  /** The collection docid: indexed as a keyword, stored, and as sorted doc values for tie-breaking. */
  public static final String ID = "id";
  /** The analyzed text, {@code title + "\n" + text} as Anserini's {@code BeirFlatCollection} builds it. */
  public static final String CONTENTS = "contents";
  /** Raw stored title ("" when the corpus has none). */
  public static final String TITLE = "title";
  /** Raw stored text. */
  public static final String TEXT = "text";
}
