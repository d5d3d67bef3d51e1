package io.reasonrank.prompt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AnswerParserTest {

  private static ParsedAnswer reasoning(String response, int n) {
    return AnswerParser.parse(response, n, true);
  }

  @Test
  void patternMatchTakesTheAnswerAfterTheFirstThink() {
    ParsedAnswer a = reasoning("<think>[1] is weak, 2 things</think>\n<answer>[3] > [1] > [2]</answer>", 3);
    assertThat(a.path()).isEqualTo(ParsePath.PATTERN);
    assertThat(a.permutation()).containsExactly(2, 0, 1);
    assertThat(a.cleaned()).isEqualTo("3     1     2");
  }

  @Test
  void patternIsCaseInsensitiveBecauseTheResponseIsLowercased() {
    ParsedAnswer a = reasoning("<THINK>r</THINK> <ANSWER>[2] > [1]</ANSWER>", 2);
    assertThat(a.path()).isEqualTo(ParsePath.PATTERN);
    assertThat(a.permutation()).containsExactly(1, 0);
  }

  @Test
  void whitespaceBetweenThinkAndAnswerIsPythonUnicodeWhitespace() {
    // U+2028 and U+3000 are Python whitespace; U+200B is not.
    assertThat(reasoning("<think>r</think>\u2028\u3000<answer>[2] > [1]</answer>", 2).path()).isEqualTo(ParsePath.PATTERN);
    ParsedAnswer zw = reasoning("<think>r</think>\u200b<answer>[2] > [1]</answer>", 2);
    assertThat(zw.path()).isEqualTo(ParsePath.ANSWER_SPLIT);
    assertThat(zw.permutation()).containsExactly(1, 0);
  }

  @Test
  void patternWhitespaceClassEqualsPythonIsspaceOnEveryCodePoint() {
    java.util.regex.Pattern ws = java.util.regex.Pattern.compile(AnswerParser.PY_SPACE);
    for (int cp = 0; cp <= Character.MAX_CODE_POINT; cp++) {
      boolean regex = ws.matcher(new String(Character.toChars(cp))).matches();
      if (regex != io.reasonrank.text.PythonChars.isSpace(cp)) {
        throw new AssertionError(String.format("U+%04X: regex %s, Python %s", cp, regex, !regex));
      }
    }
  }

  @Test
  void answerSplitUsesTheLastAnswerTagOfTheOriginalResponse() {
    ParsedAnswer a = reasoning("<answer>[1] > [2] > [3]</answer> no wait <answer>[3] > [2]", 3);
    assertThat(a.path()).isEqualTo(ParsePath.ANSWER_SPLIT);
    assertThat(a.permutation()).containsExactly(2, 1, 0);
    // the split is case-sensitive on the original text: <ANSWER> without think falls through to the whole response
    ParsedAnswer upper = reasoning("<ANSWER>[2] > [1]</ANSWER>", 2);
    assertThat(upper.path()).isEqualTo(ParsePath.WHOLE_RESPONSE);
  }

  @Test
  void wholeResponseUsesEveryDigitInOrder() {
    ParsedAnswer a = reasoning("<think>passage [3] has 2 facts, then [1]", 4);
    assertThat(a.path()).isEqualTo(ParsePath.WHOLE_RESPONSE);
    assertThat(a.permutation()).containsExactly(2, 1, 0, 3);
    ParsedAnswer plain = AnswerParser.parse("<think>x</think><answer>[2] > [1]</answer> [1]", 2, false);
    assertThat(plain.path()).isEqualTo(ParsePath.WHOLE_RESPONSE);
    assertThat(plain.permutation()).containsExactly(1, 0);
  }

  @Test
  void duplicatesOutOfRangeAndMissingIds() {
    ParsedAnswer a = reasoning("<think></think><answer>[0] > [2] > [2] > [9] > [99999999999999999999999] > [4]</answer>", 4);
    assertThat(a.permutation()).containsExactly(1, 3, 0, 2);
    assertThat(reasoning("<think>x</think>\n<answer></answer>", 3).permutation()).containsExactly(0, 1, 2);
    assertThat(reasoning("", 2).permutation()).containsExactly(0, 1);
  }

  @Test
  void digitsPythonIntRejectsLeaveTheWindowUnchanged() {
    ParsedAnswer sup = reasoning("<think>t</think><answer>[3] > [2²] > [1]</answer>", 3);
    assertThat(sup.path()).isEqualTo(ParsePath.INT_ERROR);
    assertThat(sup.permutation()).containsExactly(0, 1, 2);
    assertThat(reasoning("<think>t</think><answer>① > [2]</answer>", 2).path()).isEqualTo(ParsePath.INT_ERROR);
    // non-ASCII decimals are fine: Arabic-Indic three
    assertThat(reasoning("<think>t</think><answer>[٣] > [1]</answer>", 3).permutation()).containsExactly(2, 0, 1);
  }

  @Test
  void earlyShortAnswerWinsOverALaterFullOne() {
    ParsedAnswer a = reasoning("<think>a</think><answer>[2]</answer><think>b</think><answer>[3] > [1] > [2]</answer>", 3);
    assertThat(a.permutation()).containsExactly(1, 0, 2);
  }

  @Test
  void rejectsNegativeWindow() {
    assertThatThrownBy(() -> reasoning("x", -1)).hasMessage("windowSize must be >= 0, got -1");
  }
}
