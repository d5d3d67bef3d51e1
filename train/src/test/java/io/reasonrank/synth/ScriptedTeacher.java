package io.reasonrank.synth;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Test double: a deterministic teacher for {@code OpenAiTestServer.startLlm}. A passage is relevant iff its text
 * contains the word {@code gold}. Pointwise prompts ({@link RelevanceJudgePrompt}) get a short think block and
 * {@code Relevant: yes|no}; listwise prompts get {@code <think>…</think>\n<answer>[i] > …</answer>} ranking the gold
 * passages first (ascending ids), then the others in descending ids, so the ranking differs from the input order.
 */
final class ScriptedTeacher {
  private static final Pattern LISTED = Pattern.compile("(?m)^\\[(\\d+)\\] (.*)$");

  private ScriptedTeacher() {}

  static String respond(String prompt) {
    if (prompt.contains(RelevanceJudgePrompt.INSTRUCTION)) {
      String passage = prompt.substring(prompt.lastIndexOf("\n\nPassage: ") + 11);
      boolean gold = passage.contains("gold");
      return "<think>The passage " + (gold ? "answers" : "does not answer") + " the query.</think>\nRelevant: "
          + (gold ? "yes" : "no");
    }
    record Item(int id, boolean gold) {}
    List<Item> items = new ArrayList<>();
    Matcher m = LISTED.matcher(prompt);
    while (m.find()) items.add(new Item(Integer.parseInt(m.group(1)), m.group(2).contains("gold")));
    items.sort(Comparator.comparing((Item i) -> !i.gold()).thenComparing(i -> i.gold() ? i.id() : -i.id()));
    String answer = items.stream().map(i -> "[" + i.id() + "]").collect(Collectors.joining(" > "));
    return "<think>\nPassages with gold come first: " + items.stream().filter(Item::gold).count() + " of them.\n</think>\n"
        + "<answer>" + answer + "</answer>";
  }
}
