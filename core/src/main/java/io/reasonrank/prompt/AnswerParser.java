package io.reasonrank.prompt;

import io.reasonrank.text.PythonChars;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a model response into a window permutation exactly like the reference's {@code _clean_response}
 * plus {@code receive_permutation} (docs/reference-behaviour.md §4, {@code rerank/rankllm.py}).
 *
 * <ol>
 *   <li>Modes with the think/answer pattern: {@code re.search(pattern, response.lower(), re.DOTALL)}; on a
 *       match the answer is {@code group(1).strip()}. Else, if {@code <answer>} occurs in the <em>original</em>
 *       response, the text after its last occurrence. Else the whole response.
 *   <li>Every code point that is not Python-{@code isdigit} becomes a space; the result is stripped.
 *   <li>{@code [int(x) - 1 for x in split()]}; if {@code int()} fails (a digit that is not decimal) the window
 *       keeps its order.
 *   <li>Duplicates dropped (first wins), ids outside {@code [0, n)} dropped (so {@code 0} and ids above the
 *       window vanish), missing ids appended in ascending order.
 * </ol>
 *
 * <p>{@code \s} in the pattern is Python's Unicode whitespace ({@link PythonChars#isSpace}), which neither
 * Java {@code \s} flavour matches, so the class is spelled out.
 */
public final class AnswerParser {
  private AnswerParser() {}

  // Python str.isspace() ranges (CPython 3.11), identical to PythonChars.SPACE.
  static final String PY_SPACE = "[\\t-\\r\\x1C-\\x20\\x85\\xA0\\u1680\\u2000-\\u200A\\u2028\\u2029\\u202F\\u205F\\u3000]";

  private static final Pattern THINK_ANSWER =
      Pattern.compile("<think>.*?</think>" + PY_SPACE + "*<answer>(.*?)</answer>", Pattern.DOTALL);

  /**
   * Parses {@code response} for a window of {@code windowSize} passages.
   *
   * @param useThinkAnswerPattern {@link PromptMode#usesThinkAnswerPattern()}
   */
  public static ParsedAnswer parse(String response, int windowSize, boolean useThinkAnswerPattern) {
    if (windowSize < 0) throw new IllegalArgumentException("windowSize must be >= 0, got " + windowSize);
    String answer = response;
    ParsePath path = ParsePath.WHOLE_RESPONSE;
    if (useThinkAnswerPattern) {
      // Python str.lower(); Locale.ROOT avoids the Turkish dotless-i mapping.
      Matcher m = THINK_ANSWER.matcher(response.toLowerCase(Locale.ROOT));
      if (m.find()) {
        answer = PythonChars.strip(m.group(1));
        path = ParsePath.PATTERN;
      } else {
        int last = response.lastIndexOf("<answer>");
        if (last >= 0) {
          answer = response.substring(last + "<answer>".length());
          path = ParsePath.ANSWER_SPLIT;
        }
      }
    }
    String cleaned = clean(answer);
    List<Integer> ids = new ArrayList<>();
    if (!cleaned.isEmpty()) {
      for (String token : cleaned.split(" +")) {
        Long v = PythonChars.parseInt(token);
        if (v == null) return new ParsedAnswer(identity(windowSize), ParsePath.INT_ERROR, cleaned);
        long id = v - 1;
        if (id >= 0 && id < windowSize && !ids.contains((int) id)) ids.add((int) id);
      }
    }
    boolean[] seen = new boolean[windowSize];
    for (int id : ids) seen[id] = true;
    for (int i = 0; i < windowSize; i++) {
      if (!seen[i]) ids.add(i);
    }
    return new ParsedAnswer(ids, path, cleaned);
  }

  /** {@code _clean_response}'s digit filter: non-{@code isdigit} code points become one space each, then strip. */
  static String clean(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      i += Character.charCount(cp);
      if (PythonChars.isDigit(cp)) sb.appendCodePoint(cp);
      else sb.append(' ');
    }
    return PythonChars.strip(sb.toString());
  }

  private static List<Integer> identity(int n) {
    List<Integer> ids = new ArrayList<>(n);
    for (int i = 0; i < n; i++) ids.add(i);
    return ids;
  }
}
