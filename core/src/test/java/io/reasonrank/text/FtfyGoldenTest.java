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
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/**
 * {@link Ftfy#fixText} against real ftfy 6.3.1 output: ftfy's own {@code tests/test_cases.json}, run
 * the way its {@code test_examples_in_json.py} runs them, and the 4,387 passage-rendering goldens
 * ({@code after_strip_fix_text = fix_text(input.strip())}).
 */
class FtfyGoldenTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** Python's {@code s.encode("utf-8").decode("latin-1")}: one extra layer of mojibake. */
  static String extraBad(String s) {
    return new String(s.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
  }

  /** fix_text with every step but the encoding fix switched off, as ftfy's test runner asks for it. */
  private static final FtfyConfig ENCODING_ONLY =
      new FtfyConfig(false, false, true, true, false, false, false, false, false, false, false, 1_000_000);

  @Test
  void ftfyTestCasesBehaveAsInFtfysOwnRunner() throws IOException {
    JsonNode cases = MAPPER.readTree(SharedData.path("ftfy/test_cases.json").toFile());
    List<String> failures = new ArrayList<>();
    int pass = 0;
    int xfail = 0;
    for (JsonNode c : cases) {
      String label = c.get("label").asText();
      String orig = c.get("original").asText();
      String fixed = c.get("fixed").asText();
      String encodingFix = c.has("fixed-encoding") ? c.get("fixed-encoding").asText() : fixed;
      String expect = c.get("expect").asText();
      if (expect.equals("pass")) {
        List<String> problems = new ArrayList<>();
        if (!Ftfy.fixText(orig).equals(fixed)) problems.add("fix_text=" + Ftfy.fixText(orig));
        if (!FixEncoding.fixEncoding(orig).equals(encodingFix)) problems.add("fix_encoding=" + FixEncoding.fixEncoding(orig));
        if (!Ftfy.fixText(orig, ENCODING_ONLY).equals(encodingFix)) problems.add("encoding-only fix_text");
        if (!Ftfy.fixText(extraBad(orig)).equals(fixed)) problems.add("extra_bad=" + Ftfy.fixText(extraBad(orig)));
        if (problems.isEmpty()) pass++;
        else failures.add(label + ": " + problems);
      } else {
        assertThat(expect).isEqualTo("fail");
        // pytest.mark.xfail(strict=True): the encoding fix must still miss the target
        if (!FixEncoding.fixEncoding(orig).equals(encodingFix)) xfail++;
        else failures.add(label + ": expected to fail but passed");
      }
    }
    System.out.printf("ftfy test_cases.json: %d/%d pass cases pass, %d/%d fail cases still fail%n",
        pass, cases.size() - countFail(cases), xfail, countFail(cases));
    assertThat(failures).isEmpty();
    assertThat(pass).isEqualTo(151);
    assertThat(xfail).isEqualTo(10);
  }

  private static int countFail(JsonNode cases) {
    int n = 0;
    for (JsonNode c : cases) if (c.get("expect").asText().equals("fail")) n++;
    return n;
  }

  @Test
  void passageRenderingGoldenAfterStripFixText() throws IOException {
    List<String> failures = new ArrayList<>();
    int rows = 0;
    try (BufferedReader r = new BufferedReader(new InputStreamReader(new GZIPInputStream(
        Files.newInputStream(SharedData.path("golden/passage_rendering_golden.jsonl.gz"))), StandardCharsets.UTF_8))) {
      for (String line; (line = r.readLine()) != null; ) {
        if (line.isBlank()) continue;
        rows++;
        JsonNode row = MAPPER.readTree(line);
        String input = row.get("input").asText();
        String expected = row.get("after_strip_fix_text").asText();
        String actual = Ftfy.fixText(PythonChars.strip(input));
        if (!actual.equals(expected)) {
          failures.add(row.get("docid").asText() + "\n  expected: " + expected + "\n  actual:   " + actual);
        }
      }
    }
    System.out.printf("passage_rendering_golden: %d/%d rows match%n", rows - failures.size(), rows);
    assertThat(rows).isEqualTo(4387);
    assertThat(failures).isEmpty();
  }

  /**
   * The BRIGHT window prompts were rendered by the reference from raw passages, about 8% of them
   * deliberately damaged (CRLF, cp1252 mojibake, HTML escapes, Unicode whitespace). Every passage short
   * enough not to be cut at 512 tokens must appear in its prompt as {@code replace_number(fix_text(strip(text)))}.
   */
  @Test
  void brightPromptsContainEveryShortPassageAsFixTextRenderedIt() throws IOException {
    Pattern bracketNumber = Pattern.compile("\\[(\\p{Nd}+)\\]");
    int checked = 0;
    int changed = 0;
    List<String> failures = new ArrayList<>();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(new GZIPInputStream(
        Files.newInputStream(SharedData.path("golden/window_prompts_bright.jsonl.gz"))), StandardCharsets.UTF_8))) {
      for (String line; (line = r.readLine()) != null; ) {
        JsonNode row = MAPPER.readTree(line);
        String prompt = row.get("prompt").asText();
        // the whole-prompt pass must leave the reference's (already fixed) prompt unchanged
        if (!Ftfy.fixText(prompt).equals(prompt)) failures.add("prompt not a fixed point: " + row.get("qid"));
        for (JsonNode passage : row.get("passages")) {
          String text = PythonChars.strip(passage.get("text").asText());
          if (text.length() > 1000) continue;
          String fixed = Ftfy.fixText(text);
          if (!fixed.equals(text)) changed++;
          checked++;
          String rendered = bracketNumber.matcher(fixed).replaceAll("($1)");
          if (!prompt.contains(rendered)) failures.add(passage.get("docid").asText() + ": " + rendered);
        }
      }
    }
    System.out.printf("window_prompts_bright: %d short passages checked (%d changed by fixText)%n", checked, changed);
    assertThat(failures).isEmpty();
    assertThat(checked).isEqualTo(4333);
    assertThat(changed).isEqualTo(178);
  }
}
