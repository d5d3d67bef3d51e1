package io.reasonrank.testing;

import io.reasonrank.text.Sha256;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The deterministic "scripted LLM" that produced {@code golden/scripted_rerank_dl19.*}: a test double, and the
 * model {@code reasonrank mock-llm} serves so every command can be tried offline (docs/mock-llm.md states the rules). A pure
 * function from the full prompt to a response: it ranks the window's passages by how many distinct query words they contain, and a fault
 * mode taken from the prompt's SHA-256 (mod 20) makes about a quarter of the responses malformed in the
 * ways real models fail (no tags, duplicates, out-of-range ids, missing {@code <think>}, empty answer,
 * upper-case tags). Since the fault hashes the prompt, one differing prompt byte changes the response.
 */
public final class ScriptedLlm implements Function<String, String> {
  private static final String QUERY_MARKER = "based on their relevance to the search query: ";
  private static final String BODY_END_MARKER = "\nSearch Query: ";
  private static final Pattern WORD = Pattern.compile("[a-z0-9]+");
  private static final String THINK = "<think>Scripted reasoning.</think>\n";

  @Override
  public String apply(String prompt) {
    // 1. query
    String query = "";
    int bodyStart = 0;
    int q = prompt.indexOf(QUERY_MARKER);
    if (q >= 0) {
      int from = q + QUERY_MARKER.length();
      int nl = prompt.indexOf('\n', from);
      int qEnd = nl >= 0 ? nl : prompt.length();
      query = prompt.substring(from, qEnd);
      if (query.endsWith(".")) query = query.substring(0, query.length() - 1);
      bodyStart = qEnd;
    }
    // 2. passages
    int last = prompt.lastIndexOf(BODY_END_MARKER);
    int bodyEnd = last >= bodyStart ? last : prompt.length();
    String body = prompt.substring(bodyStart, bodyEnd);
    List<String> passages = new ArrayList<>();
    String open = "\n[1] ";
    int at = body.indexOf(open);
    if (at >= 0) {
      int k = 1;
      int start = at + open.length();
      while (true) {
        String next = "\n[" + (k + 1) + "] ";
        int n = body.indexOf(next, start);
        if (n < 0) {
          passages.add(body.substring(start));
          break;
        }
        passages.add(body.substring(start, n));
        start = n + next.length();
        k++;
      }
    }
    // 3.-4. score and order
    Set<String> queryTokens = tokens(query);
    int[] score = new int[passages.size()];
    for (int i = 0; i < passages.size(); i++) {
      Set<String> pt = tokens(passages.get(i));
      for (String t : queryTokens) if (pt.contains(t)) score[i]++;
    }
    List<Integer> order = new ArrayList<>();
    for (int i = 1; i <= passages.size(); i++) order.add(i);
    order.sort(Comparator.<Integer>comparingInt(id -> -score[id - 1]).thenComparingInt(id -> id));
    // 5.-6. fault mode and response
    return switch (faultMode(prompt)) {
      case 0 -> "Passage " + order.stream().limit(2).map(i -> "[" + i + "]").collect(Collectors.joining(" and ")) + " look best.";
      case 1 -> {
        List<Integer> l = new ArrayList<>(order.subList(0, Math.max(0, order.size() - 2)));
        if (l.size() >= 3) l.add(3, l.get(2));
        yield THINK + "<answer>" + ans(l) + "</answer>";
      }
      case 2 -> THINK + "<answer>[0] > [21] > [99] > " + ans(order) + "</answer>";
      case 3 -> "<answer>" + ans(order) + "</answer>";
      case 4 -> "<think>x</think>\n<answer></answer>";
      case 5 -> "<THINK>Scripted reasoning.</THINK>\n<ANSWER>" + ans(order) + "</ANSWER>";
      default -> THINK + "<answer>" + ans(order) + "</answer>";
    };
  }

  /** {@code int(sha256(prompt.encode("utf-8")).hexdigest(), 16) % 20}. */
  public static int faultMode(String prompt) {
    return new BigInteger(Sha256.hex(prompt), 16).mod(BigInteger.valueOf(20)).intValue();
  }

  private static Set<String> tokens(String s) {
    Set<String> out = new HashSet<>();
    Matcher m = WORD.matcher(s.toLowerCase(Locale.ROOT));
    while (m.find()) out.add(m.group());
    return out;
  }

  private static String ans(List<Integer> ids) {
    return ids.stream().map(i -> "[" + i + "]").collect(Collectors.joining(" > "));
  }

}
