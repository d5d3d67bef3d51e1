package io.reasonrank.index;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AnseriniEnglishAnalyzerTest {
  private final AnseriniEnglishAnalyzer analyzer = new AnseriniEnglishAnalyzer();

  @Test
  void possessivesStopwordsAndPorterStemming() {
    // possessive 's goes before lower-casing ("it's" -> "it" -> stop word); "cats'" loses its apostrophe
    assertThat(analyzer.terms("The Dog's bones WERE running quickly; it's the cats' toys"))
        .containsExactly("dog", "bone", "were", "run", "quickli", "cat", "toi");
  }

  @Test
  void curlyApostropheAndUppercasePossessive() {
    assertThat(analyzer.terms("JOHN'S car and Mary\u2019s houses")).containsExactly("john", "car", "mari", "hous");
  }

  @Test
  void luceneDefaultEnglishStopSetOnly() {
    // all 33 words of EnglishAnalyzer.ENGLISH_STOP_WORDS_SET vanish; "we", "were", "have" are not in it
    assertThat(analyzer.terms("a an and are as at be but by for if in into is it no not of on or such that the "
        + "their then there these they this to was will with")).isEmpty();
    assertThat(analyzer.terms("we have")).containsExactly("we", "have");
  }

  @Test
  void standardTokenizerKeepsNumbersAndSplitsHyphens() {
    assertThat(analyzer.terms("0-dimensional biomaterials, 1,000 genomes; e.g. COVID-19"))
        .containsExactly("0", "dimension", "biomateri", "1,000", "genom", "e.g", "covid", "19");
  }

  @Test
  void duplicatesAreKeptInOrder() {
    assertThat(analyzer.terms("cat dog cats")).containsExactly("cat", "dog", "cat");
  }
}
