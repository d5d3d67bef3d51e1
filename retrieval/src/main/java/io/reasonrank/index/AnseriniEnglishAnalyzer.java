package io.reasonrank.index;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.StopFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.en.EnglishPossessiveFilter;
import org.apache.lucene.analysis.en.PorterStemFilter;
import org.apache.lucene.analysis.standard.StandardTokenizer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;

/**
 * The English analysis of Anserini's BM25 baselines ({@code io.anserini.analysis.DefaultEnglishAnalyzer
 * .newDefaultInstance()}, the analyzer of {@code IndexCollection} and {@code SearchCollection} with
 * {@code -language en} and no stemmer/stopword options), used for both the index and the queries:
 *
 * <ol>
 *   <li>{@link StandardTokenizer} (Unicode UAX#29 word breaks, max token length 255);
 *   <li>{@link EnglishPossessiveFilter} <em>before</em> lower-casing, so {@code "Dog's"} loses its {@code 's};
 *   <li>{@link LowerCaseFilter};
 *   <li>{@link StopFilter} with Lucene's default English set {@link EnglishAnalyzer#ENGLISH_STOP_WORDS_SET}
 *       (33 words: a, an, and, are, as, at, be, but, by, for, if, in, into, is, it, no, not, of, on, or,
 *       such, that, the, their, then, there, these, they, this, to, was, will, with);
 *   <li>{@link PorterStemFilter} (Anserini's default {@code -stemmer porter}); no keyword/exclusion set.
 * </ol>
 *
 * <p>Lucene's own {@code EnglishAnalyzer} differs (lower-cases before the possessive filter, and adds a
 * keyword-marker step), which is why this class exists: the BM25 statistics must equal Anserini's
 * (838,128 total terms on BEIR SciFact) for the regression numbers to reproduce.
 */
public final class AnseriniEnglishAnalyzer extends Analyzer {

  @Override
  protected TokenStreamComponents createComponents(String fieldName) {
    Tokenizer source = new StandardTokenizer();
    TokenStream result = new EnglishPossessiveFilter(source);
    result = new LowerCaseFilter(result);
    result = new StopFilter(result, EnglishAnalyzer.ENGLISH_STOP_WORDS_SET);
    result = new PorterStemFilter(result);
    return new TokenStreamComponents(source, result);
  }

  @Override
  protected TokenStream normalize(String fieldName, TokenStream in) {
    return new LowerCaseFilter(in);
  }

  /**
   * The analyzed terms of {@code text} in order, duplicates kept and empty terms skipped, exactly as
   * Anserini's {@code AnalyzerUtils.analyze} feeds its bag-of-words query generator.
   */
  public List<String> terms(String text) {
    List<String> out = new ArrayList<>();
    try (TokenStream ts = tokenStream(null, new StringReader(text))) {
      CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
      ts.reset();
      while (ts.incrementToken()) {
        if (term.length() > 0) out.add(term.toString());
      }
      ts.end();
    } catch (IOException e) {
      throw new UncheckedIOException("analysis of an in-memory string failed", e);
    }
    return out;
  }
}
