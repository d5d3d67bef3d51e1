package io.reasonrank.text;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.reasonrank.testing.SharedData;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/** The fast BADNESS_RE matcher must agree with the regex itself, and the regex with ftfy's examples. */
class BadnessTest {

  @Test
  void flagsMojibakeAndSparesOrdinaryText() {
    assertThat(Badness.isBad("Ã©")).isTrue();
    assertThat(Badness.isBad("â€œ")).isTrue();
    assertThat(Badness.isBad("\u0085")).isTrue(); // any C1 control
    assertThat(Badness.isBad("Ã la mode")).isTrue(); // ^[ÃÂ][ ]
    assertThat(Badness.isBad("café naïve")).isFalse();
    assertThat(Badness.isBad("It’s “quoted”")).isFalse();
    assertThat(Badness.isBad("(╯°□°)╯︵ ┻━┻")).isFalse();
  }

  @Test
  void pythonWhitespaceAndWordClassesAreUnicodeAware() {
    // [a-z]\s?[ÃÂ][ ] with \s = U+3000 (Python \s) but not Java's ASCII-only \s
    assertThat(Badness.isBad("x\u3000Â ")).isTrue();
    // [lower_accented][start_punctuation]\w with a non-ASCII letter as \w
    assertThat(Badness.isBad("é«Ж")).isTrue();
    assertThat(Badness.isBad("é«-")).isFalse();
  }

  @Test
  void fastMatcherAgreesWithTheRegexOnGoldenTextsAndRandomMojibake() throws IOException {
    List<String> texts = new ArrayList<>();
    ObjectMapper mapper = new ObjectMapper();
    for (JsonNode c : mapper.readTree(SharedData.path("ftfy/test_cases.json").toFile())) {
      texts.add(c.get("original").asText());
      texts.add(c.get("fixed").asText());
    }
    try (BufferedReader r = new BufferedReader(new InputStreamReader(new GZIPInputStream(
        Files.newInputStream(SharedData.path("golden/passage_rendering_golden.jsonl.gz"))), StandardCharsets.UTF_8))) {
      for (String line; (line = r.readLine()) != null; ) {
        String input = mapper.readTree(line).get("input").asText();
        if (input.chars().anyMatch(ch -> ch >= 0x80)) texts.add(input);
      }
    }
    // random strings over the characters the categories are made of, plus ASCII letters and spaces
    String alphabet = Badness.BAD + Badness.LOWER_ACCENTED + Badness.UPPER_ACCENTED + Badness.BOX
        + Badness.START_PUNCTUATION + Badness.END_PUNCTUATION + Badness.CURRENCY + Badness.NUMERIC
        + Badness.COMMON + "ВГРСΒΓΞΟØÙÃÂÎÐ×²³àāβ€вЂ√≈‚ÄŒœ°aZ \u3000\n.,?!Жк";
    Random random = new Random(7);
    for (int n = 0; n < 20_000; n++) {
      StringBuilder sb = new StringBuilder();
      int len = 1 + random.nextInt(5);
      for (int k = 0; k < len; k++) sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
      texts.add(sb.toString());
    }
    int bad = 0;
    for (String t : texts) {
      boolean expected = Badness.BADNESS_RE.matcher(t).find();
      assertThat(Badness.isBad(t)).as("isBad(%s)", t).isEqualTo(expected);
      if (expected) bad++;
    }
    assertThat(bad).isGreaterThan(1000);
  }
}
