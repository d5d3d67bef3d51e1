package io.reasonrank.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** One or more focused cases per ftfy step (docs/reference-behaviour.md §1.7), with expected values from ftfy 6.3.1. */
class FtfyTest {

  @Test
  void htmlUnescapingIsStickyOffFromTheFirstLineWithALessThanSign() {
    String text = "a &amp; b\nx &lt; y <b>&amp;\nlater &amp; on\n";
    assertThat(Ftfy.fixText(text)).isEqualTo("a & b\nx &lt; y <b>&amp;\nlater &amp; on\n");
    // a '<' produced by unescaping does not switch it off: only raw '<' in a segment does
    assertThat(Ftfy.fixText("x &lt; y\nz &gt; w")).isEqualTo("x < y\nz > w");
    // the whole rendered prompt starts with "<|im_start|>system", so nothing is ever unescaped in it
    assertThat(Ftfy.fixText("<|im_start|>system\n&amp; &eacute;")).isEqualTo("<|im_start|>system\n&amp; &eacute;");
  }

  @Test
  void unescapingRepeatsToAFixedPoint() {
    assertThat(Ftfy.fixText("&amp;amp;")).isEqualTo("&");
    assertThat(Ftfy.fixText("&amp;lt;3")).isEqualTo("<3");
  }

  @Test
  void onlySemicolonTerminatedEntitiesAndCapsVariantsOfLowercaseNamesDecode() {
    assertThat(Fixes.unescapeHtml("&amp &amp;")).isEqualTo("&amp &");
    assertThat(Fixes.unescapeHtml("P&EACUTE;REZ")).isEqualTo("PÉREZ");
    assertThat(Fixes.unescapeHtml("BUNDESSTRA&SZLIG;E")).isEqualTo("BUNDESSTRASSE");
    assertThat(Fixes.unescapeHtml("&ntilde; &Ntilde; &NTILDE; &nTILDE;")).isEqualTo("ñ Ñ Ñ &nTILDE;");
    assertThat(Fixes.unescapeHtml("&Jscr;ohn &HilbertSpace;ancock")).isEqualTo("\ud835\udca5ohn ℋancock");
    assertThat(Fixes.unescapeHtml("this&not that")).isEqualTo("this&not that");
  }

  @Test
  void numericReferencesFollowHtmlUnescape() {
    assertThat(Fixes.unescapeHtml("&#x2019;&#8217;&#X41;")).isEqualTo("\u2019\u2019A");
    assertThat(Fixes.unescapeHtml("&#128;&#x92;")).isEqualTo("€\u2019"); // windows-1252 numbers, as browsers read them
    assertThat(Fixes.unescapeHtml("&#0;&#xD800;&#1114112;")).isEqualTo("\ufffd\ufffd\ufffd");
    assertThat(Fixes.unescapeHtml("a&#xFFFF;b")).isEqualTo("ab"); // a noncharacter becomes ""
    assertThat(Fixes.unescapeHtml("&#59;")).isEqualTo("&#59;"); // the result ';' makes ftfy keep it
    assertThat(Fixes.unescapeHtml("&#65abc;&#xyz;")).isEqualTo("&#65abc;&#xyz;"); // partial matches are kept
  }

  @Test
  void c1ControlsAreReadAsWindows1252ExceptTheFiveHoles() {
    assertThat(Fixes.fixC1Controls("\u0080\u0085\u0092\u0093\u0094\u0096\u0097"))
        .isEqualTo("€…’“”–—");
    assertThat(Fixes.fixC1Controls("\u0081\u008d\u008f\u0090\u009d")).isEqualTo("\u0081\u008d\u008f\u0090\u009d");
    // in fix_text, \x85 becomes an ellipsis before the line-break fix could turn it into \n
    assertThat(Ftfy.fixText("wait\u0085 what")).isEqualTo("wait… what");
    assertThat(Ftfy.fixText("It\u0092s \u0093quoted\u0094")).isEqualTo("It's \"quoted\"");
    assertThat(Ftfy.fixText("hole\u0081")).isEqualTo("hole\u0081");
  }

  @Test
  void latinLigaturesAreSeparated() {
    assertThat(Ftfy.fixText("ﬂuﬃeﬆ ĳs ǅ")).isEqualTo("fluffiest ijs Dž");
    assertThat(Fixes.fixLatinLigatures("ŉ")).isEqualTo("\u02bcn");
    assertThat(Ftfy.fixText("ŉ")).isEqualTo("'n");
    assertThat(Ftfy.fixText("æ œ")).isEqualTo("æ œ"); // intentional ligatures stay
  }

  @Test
  void fullwidthAndHalfwidthFormsGetStandardWidth() {
    assertThat(Ftfy.fixText("ＬＯＵＤ　ＮＯＩＳＥＳ")).isEqualTo("LOUD NOISES");
    assertThat(Ftfy.fixText("Ｕﾀｰﾝ")).isEqualTo("Uターン");
  }

  @Test
  void curlyQuotesBecomeStraight() {
    assertThat(Ftfy.fixText("\u201chere\u2019s a test\u201d \u2018x\u201b \u201e\u201f \u02bc"))
        .isEqualTo("\"here's a test\" 'x' \"\" '");
    assertThat(Ftfy.fixText("«guillemets»")).isEqualTo("«guillemets»");
  }

  @Test
  void lineBreaksBecomeLf() {
    assertThat(Ftfy.fixText("a\r\nb\rc\u2028d\u2029e")).isEqualTo("a\nb\nc\nd\ne");
    assertThat(Fixes.fixLineBreaks("x\u0085y")).isEqualTo("x\ny");
  }

  @Test
  void surrogatesArePairedOrReplaced() {
    assertThat(Ftfy.fixText("\ud83d\udca9")).isEqualTo("💩");
    assertThat(Ftfy.fixText("\udca9\ud83d")).isEqualTo("\ufffd\ufffd");
    assertThat(Ftfy.fixText("a\ud800b")).isEqualTo("a\ufffdb");
  }

  @Test
  void terminalEscapesAreRemoved() {
    assertThat(Ftfy.fixText("\u001b[36;44mI'm blue, da ba dee da ba doo...\u001b[0m"))
        .isEqualTo("I'm blue, da ba dee da ba doo...");
  }

  @Test
  void controlCharactersAreRemovedButWhitespaceJoinersAndBidiMarksStay() {
    assertThat(Ftfy.fixText("\u0000a\u0008\u000bb\u000c\t\u007f\ufeffc\u200d\u200e\u202a\u206a\ufff9\ufffc"))
        .isEqualTo("ab\u000c\tc\u200d\u200e\u202a");
    assertThat(Ftfy.fixText("\ufeffParty like\nit&rsquo;s 1999!")).isEqualTo("Party like\nit's 1999!");
  }

  @Test
  void textIsNfcNormalized() {
    assertThat(Ftfy.fixText("e\u0301 n\u0303")).isEqualTo("é ñ");
    assertThat(Ftfy.fixText("ﬁ 10³ µ")).isEqualTo("fi 10³ µ"); // NFC, not NFKC
  }

  @Test
  void mojibakeIsRepaired() {
    assertThat(Ftfy.fixText("ÄŒeÅ¡tina")).isEqualTo("Čeština");
    assertThat(Ftfy.fixText("schÃ¶n")).isEqualTo("schön");
    assertThat(Ftfy.fixText("âœ” No problems")).isEqualTo("✔ No problems");
    assertThat(Ftfy.fixText("&macr;\\_(ã\u0083\u0084)_/&macr;")).isEqualTo("¯\\_(ツ)_/¯");
    assertThat(Ftfy.fixText("the fleaâ\u0080\u0099s life")).isEqualTo("the flea's life");
    assertThat(FixEncoding.fixEncoding("voilÃ le travail")).isEqualTo("voilà le travail"); // restore_byte_a0
    assertThat(FixEncoding.fixEncoding("â€œ like this â€\ufffd")).isEqualTo("“ like this \ufffd"); // lossy
    // legitimate text is left alone
    assertThat(Ftfy.fixText("This text is fine already :þ")).isEqualTo("This text is fine already :þ");
    assertThat(Ftfy.fixText("naïve café")).isEqualTo("naïve café");
  }

  @Test
  void inconsistentUtf8RunsAreFixedOnTheirOwn() {
    // a correctly encoded "é" makes whole-string re-encoding fail, so only the mojibake run is decoded
    String mixed = "Ɛ café â€” done";
    assertThat(FixEncoding.fixEncoding(mixed)).isEqualTo("Ɛ café — done");
  }

  @Test
  void utf8VariantsDecodesCesu8AndJavaNull() {
    byte[] cesu = {(byte) 0xED, (byte) 0xA0, (byte) 0xBD, (byte) 0xED, (byte) 0xB2, (byte) 0xA9};
    assertThat(Utf8Variants.decodeVariants(cesu)).isEqualTo("💩");
    assertThat(Utf8Variants.decodeUtf8(cesu)).isNull();
    assertThat(Utf8Variants.decodeVariants(new byte[] {'a', (byte) 0xC0, (byte) 0x80, 'b'})).isEqualTo("a\u0000b");
    assertThat(Utf8Variants.decodeVariants(new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80})).isNull();
    assertThat(Utf8Variants.decodeVariants("한".getBytes(StandardCharsets.UTF_8))).isEqualTo("한");
    // the codec's regex "$" also matches before a final newline
    assertThat(Utf8Variants.decodeVariants(new byte[] {'x', (byte) 0xC0, '\n'})).isEqualTo("x\u0000");
  }

  @Test
  void longSegmentsAreCutAtMaxDecodeLength() {
    FtfyConfig small = new FtfyConfig(null, true, true, true, true, true, true, true, true, true, true, 3);
    // "&amp;" is split across segments, so it cannot be decoded
    assertThat(Ftfy.fixText("ab&amp;", small)).isEqualTo("ab&amp;");
    assertThat(Ftfy.fixText("ab&amp;", FtfyConfig.DEFAULTS)).isEqualTo("ab&");
  }

  @Test
  void emptyAndAsciiTextPassThrough() {
    assertThat(Ftfy.fixText("")).isEmpty();
    assertThat(Ftfy.fixText("plain ascii\n")).isEqualTo("plain ascii\n");
  }

  @Test
  void argumentsAreValidated() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> Ftfy.fixText(null))
        .isInstanceOf(NullPointerException.class).hasMessage("text");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> new FtfyConfig(null, true, true, true, true, true, true, true, true, true, true, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("maxDecodeLength must be positive");
  }
}
