package io.reasonrank.rerank;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Test double: an LLM that knows the true relevance. Each passage text carries {@code grade G}; the answer lists
 * the window's passages by grade descending (window order among equal grades) in the reasoning format. Its
 * decisions are therefore known in advance, so tests can derive pivots, partitions and call counts by hand.
 */
final class GradeOrderLlm implements Function<String, String> {
  private static final Pattern GRADE = Pattern.compile("grade (\\d+)");
  private static final Pattern SIZE = Pattern.compile("I will provide you with (\\d+) passages");

  @Override
  public String apply(String prompt) {
    List<Integer> grades = new ArrayList<>();
    Matcher m = GRADE.matcher(prompt);
    while (m.find()) grades.add(Integer.parseInt(m.group(1)));
    if (grades.size() != windowSize(prompt)) throw new IllegalStateException("expected one grade per passage");
    String answer = IntStream.range(0, grades.size()).boxed()
        .sorted(Comparator.comparing((Integer i) -> -grades.get(i)).thenComparing(i -> i))
        .map(i -> "[" + (i + 1) + "]").collect(Collectors.joining(" > "));
    return "<think>graded</think>\n<answer>" + answer + "</answer>";
  }

  /** The number of passages a window prompt announces. */
  static int windowSize(String prompt) {
    Matcher m = SIZE.matcher(prompt);
    if (!m.find()) throw new IllegalStateException("no window size in prompt");
    return Integer.parseInt(m.group(1));
  }
}
