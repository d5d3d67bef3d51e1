package io.reasonrank.search.opensearch;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reasonrank.index.IndexFields;
import io.reasonrank.search.lucene.Bm25Params;
import java.util.List;

/**
 * The settings and mapping of an engine index that scores exactly like the embedded Lucene index
 * ({@link io.reasonrank.index.IndexBuilder}, {@link io.reasonrank.index.AnseriniEnglishAnalyzer}), built
 * from the engine's built-in analysis components only, so no plugin is needed:
 *
 * <ul>
 *   <li>analyzer {@value #ANALYZER}: {@code standard} tokenizer (max token length 255), then the filters
 *       in Anserini's order: {@code stemmer/possessive_english} ({@code EnglishPossessiveFilter}, before
 *       lower-casing), {@code lowercase}, {@code stop} with Lucene's 33-word English set spelled out (as
 *       {@code _english_} is, but independent of the engine's name for it), {@code porter_stem};
 *   <li>similarity {@value #SIMILARITY}: {@code BM25} with {@code k1}, {@code b} and
 *       {@code discount_overlaps: true} (on OpenSearch this is Lucene's own {@code BM25Similarity});
 *   <li>{@code contents} ({@code title + "\n" + text}, or the text alone) is indexed with frequencies and
 *       norms, no positions, and left out of {@code _source}; {@code id} is a keyword with doc values,
 *       the docid tie-break; {@code title} and {@code text} are kept in {@code _source} only, for
 *       rerankers;
 *   <li>{@code max_result_window} {@value #MAX_RESULT_WINDOW} (see there);
 *   <li>one primary shard by default. Searches use {@code dfs_query_then_fetch}, so with more shards the
 *       term and collection statistics are still global; refresh is off while bulk loading.
 * </ul>
 */
public final class AnseriniIndexSettings {
  private AnseriniIndexSettings() {}

  public static final String ANALYZER = "anserini_english";
  public static final String SIMILARITY = "anserini_bm25";

  /**
   * The deepest hit a search may ask for: excluded ids are dropped after over-fetching {@code k + |excluded|},
   * and BRIGHT AoPS and TheoremQA-questions queries exclude up to 11,224 ids, past the engine's default 10,000.
   */
  public static final int MAX_RESULT_WINDOW = 100_000;

  /**
   * Lucene's {@code EnglishAnalyzer.ENGLISH_STOP_WORDS_SET}, in its source order (a test checks equality
   * with the set itself).
   */
  public static final List<String> ENGLISH_STOP_WORDS = List.of(
      "a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "if", "in", "into", "is", "it", "no", "not",
      "of", "on", "or", "such", "that", "the", "their", "then", "there", "these", "they", "this", "to", "was",
      "will", "with");

  /** The body of {@code PUT /INDEX}. */
  public static ObjectNode createIndexBody(Bm25Params params, int shards) {
    if (shards < 1) throw new IllegalArgumentException("shards must be >= 1, got " + shards);
    ObjectNode root = RestTransport.JSON.createObjectNode();
    ObjectNode index = root.putObject("settings").putObject("index");
    index.put("number_of_shards", shards);
    index.put("refresh_interval", "-1");
    index.put("max_result_window", MAX_RESULT_WINDOW);
    ObjectNode sim = index.putObject("similarity").putObject(SIMILARITY);
    sim.put("type", "BM25");
    sim.put("k1", params.k1());
    sim.put("b", params.b());
    sim.put("discount_overlaps", true);
    ObjectNode analysis = index.putObject("analysis");
    ObjectNode filters = analysis.putObject("filter");
    filters.putObject("anserini_possessive").put("type", "stemmer").put("language", "possessive_english");
    ArrayNode stop = filters.putObject("anserini_stop").put("type", "stop").put("ignore_case", false).putArray("stopwords");
    ENGLISH_STOP_WORDS.forEach(stop::add);
    filters.putObject("anserini_porter").put("type", "porter_stem");
    ObjectNode analyzer = analysis.putObject("analyzer").putObject(ANALYZER);
    analyzer.put("type", "custom");
    analyzer.put("tokenizer", "standard");
    analyzer.putArray("filter").add("anserini_possessive").add("lowercase").add("anserini_stop").add("anserini_porter");

    ObjectNode mappings = root.putObject("mappings");
    mappings.put("dynamic", "strict");
    mappings.putObject("_source").putArray("excludes").add(IndexFields.CONTENTS);
    ObjectNode props = mappings.putObject("properties");
    props.putObject(IndexFields.ID).put("type", "keyword");
    ObjectNode contents = props.putObject(IndexFields.CONTENTS);
    contents.put("type", "text");
    contents.put("analyzer", ANALYZER);
    contents.put("similarity", SIMILARITY);
    contents.put("index_options", "freqs");
    contents.put("norms", true);
    props.putObject(IndexFields.TITLE).put("type", "text").put("index", false);
    props.putObject(IndexFields.TEXT).put("type", "text").put("index", false);
    return root;
  }
}
