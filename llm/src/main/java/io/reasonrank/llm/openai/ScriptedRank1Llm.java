package io.reasonrank.llm.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reasonrank.io.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.ToIntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A scripted Rank1 model behind {@link OpenAiTestServer}'s {@code /v1/completions} (a test double, also served by
 * {@code reasonrank mock-llm}), answering the
 * Rank1 prompt ({@code io.reasonrank.rerank.pointwise.Rank1Prompt}) deterministically from query/passage term
 * overlap, the way vLLM would return a Rank1 generation.
 *
 * <p><b>Judgment.</b> Terms are {@code [a-z0-9]+} of the lower-cased text (the scripted listwise LLM's rule,
 * {@code shared/data/README.md}); with {@code n} distinct query terms of which {@code k} occur in the passage,
 * {@code p = (k + 0.5) / (n + 1)} and the judgment is {@code true} when {@code p >= 0.5}.
 *
 * <p><b>Generation.</b> The tokens are the words of {@code "The query has n terms; k appear in the passage.\n"}
 * (each word with its trailing whitespace), then {@code "</think>"} and the judgment token {@code " true"} or
 * {@code " false"}. Like vLLM, the returned text drops the matched stop string ({@code "</think> true"}) unless
 * {@link Options#includeStopString}; {@code logprobs.top_logprobs} has one entry per generated token with up to
 * {@code logprobs} alternatives; the last holds {@code " true": log p}, {@code " false": log(1-p)} and
 * {@code " maybe": log 1e-4}. {@link Options#cutAfter} pretends the model ran out of tokens there
 * ({@code finish_reason} {@code length}), like a Rank1 generation that hits {@code max_tokens}; so does a
 * request {@code max_tokens} below the generation length.
 *
 * <p><b>Forced judgment.</b> A prompt that ends in {@code "\n</think>"} (Rank1's forced-judgment call) gets one
 * token, the more likely judgment, with the same {@code p} computed from its query and passage.
 *
 * <p>{@code usage.prompt_tokens} counts the prompt with {@link Options#tokenCounter} (default: its UTF-8 bytes, as
 * {@link OpenAiTestServer#promptTokens}, never below a real tokenizer's count, so a client's truncation check does not
 * fire); {@code completion_tokens} is the number of generated words.
 */
public final class ScriptedRank1Llm {
  private ScriptedRank1Llm() {}

  /**
   * @param logprobs whether the server returns log-probabilities when asked (a server without them ignores the field)
   * @param includeStopString keep the matched stop string in the text (vLLM's {@code include_stop_str_in_output})
   * @param cutAfter stop with {@code length} after this many tokens, 0 for never
   * @param tokenCounter the {@code usage.prompt_tokens} counter
   */
  public record Options(boolean logprobs, boolean includeStopString, int cutAfter, ToIntFunction<String> tokenCounter) {
    public Options {
      Objects.requireNonNull(tokenCounter, "tokenCounter");
    }

    /** vLLM with logprobs: stop string stripped, nothing cut, prompt tokens counted as {@link OpenAiTestServer#promptTokens}. */
    public static Options vllm() {
      return new Options(true, false, 0, OpenAiTestServer::promptTokens);
    }

    public Options withLogprobs(boolean on) {
      return new Options(on, includeStopString, cutAfter, tokenCounter);
    }

    public Options withStopStringInText(boolean on) {
      return new Options(logprobs, on, cutAfter, tokenCounter);
    }

    public Options cutAfter(int tokens) {
      return new Options(logprobs, includeStopString, tokens, tokenCounter);
    }

    public Options countingWith(ToIntFunction<String> counter) {
      return new Options(logprobs, includeStopString, cutAfter, counter);
    }
  }

  private static final String INSTRUCTION =
      "Determine if the following passage is relevant to the query. Answer only with 'true' or 'false'.\nQuery: ";
  private static final Pattern TERM = Pattern.compile("[a-z0-9]+");
  private static final Pattern WORD = Pattern.compile("\\S+\\s*");

  /** The query and passage of a Rank1 prompt (or of its forced-judgment continuation). */
  public record Pair(String query, String passage) {}

  /** Parses a Rank1 prompt; null when the text is not one. */
  public static Pair parse(String prompt) {
    if (!prompt.startsWith(INSTRUCTION)) return null;
    int q = INSTRUCTION.length();
    int p = prompt.indexOf("\nPassage: ", q);
    if (p < 0) return null;
    int end = prompt.lastIndexOf("\n<think>");
    if (end < p) return null;
    return new Pair(prompt.substring(q, p), prompt.substring(p + "\nPassage: ".length(), end));
  }

  /** {@code p = (k + 0.5) / (n + 1)}: the scripted probability of {@code " true"}. */
  public static double probabilityTrue(String query, String passage) {
    Set<String> q = terms(query);
    Set<String> d = terms(passage);
    int k = 0;
    for (String t : q) if (d.contains(t)) k++;
    return (k + 0.5) / (q.size() + 1);
  }

  /** The generated reasoning (without {@code </think>} and judgment) for a pair. */
  public static String reasoning(String query, String passage) {
    Set<String> q = terms(query);
    Set<String> d = terms(passage);
    int k = 0;
    for (String t : q) if (d.contains(t)) k++;
    return "The query has " + q.size() + " terms; " + k + " appear in the passage.\n";
  }

  private static Set<String> terms(String s) {
    Set<String> out = new LinkedHashSet<>();
    Matcher m = TERM.matcher(s.toLowerCase(Locale.ROOT));
    while (m.find()) out.add(m.group());
    return out;
  }

  /** The responder: {@code /v1/models} and {@code /v1/completions} for {@link OpenAiTestServer#MODEL}. */
  public static OpenAiTestServer.Responder responder(Options options) {
    return responder(options, OpenAiTestServer.MODEL, OpenAiTestServer.CONTEXT_LENGTH);
  }

  /** The responder for a served {@code model} name with a {@code max_model_len} of {@code contextLength}. */
  public static OpenAiTestServer.Responder responder(Options options, String model, int contextLength) {
    OpenAiTestServer.Responder models = OpenAiTestServer.llm(model, java.util.OptionalInt.of(contextLength), p -> "");
    return request -> {
      if (!request.isCompletions()) return models.respond(request);
      JsonNode json = request.json();
      String prompt = json.path("prompt").asText();
      int maxTokens = json.path("max_tokens").asInt(16);
      int topN = json.path("logprobs").isInt() ? json.path("logprobs").asInt() : -1;
      boolean forced = prompt.endsWith("\n</think>");
      Pair pair = parse(forced ? prompt.substring(0, prompt.indexOf("\n<think>") + "\n<think>".length()) : prompt);
      if (pair == null) return OpenAiTestServer.Reply.error(400, "not a Rank1 prompt");
      double p = probabilityTrue(pair.query(), pair.passage());
      String judgment = p >= 0.5 ? " true" : " false";

      List<String> tokens = new ArrayList<>();
      if (!forced) {
        Matcher m = WORD.matcher(reasoning(pair.query(), pair.passage()));
        while (m.find()) tokens.add(m.group());
        tokens.add("</think>");
      }
      tokens.add(judgment);
      int limit = options.cutAfter() > 0 ? Math.min(options.cutAfter(), maxTokens) : maxTokens;
      boolean cut = tokens.size() > limit;
      List<String> generated = cut ? tokens.subList(0, limit) : tokens;

      StringBuilder text = new StringBuilder();
      for (String t : generated) text.append(t);
      if (!cut && !forced && !options.includeStopString()) {
        // vLLM drops the matched stop string "</think> true" from the text
        text.setLength(text.length() - ("</think>" + judgment).length());
      }
      ObjectNode body = OpenAiTestServer.completionBody(false, model, request.seq(), text.toString(),
          options.tokenCounter().applyAsInt(prompt), generated.size());
      ObjectNode choice = (ObjectNode) body.path("choices").get(0);
      choice.put("finish_reason", cut || forced ? "length" : "stop");
      if (options.logprobs() && topN >= 0) {
        ObjectNode lp = choice.putObject("logprobs");
        var tokenArray = lp.putArray("tokens");
        var top = lp.putArray("top_logprobs");
        for (int i = 0; i < generated.size(); i++) {
          String t = generated.get(i);
          tokenArray.add(t);
          boolean last = i == tokens.size() - 1;
          Map<String, Double> alts = new LinkedHashMap<>();
          if (last) {
            alts.put(" true", Math.log(p));
            alts.put(" false", Math.log1p(-p));
            alts.put(" maybe", Math.log(1e-4));
          } else {
            alts.put(t, -0.01);
            alts.put(" the", -5.0);
          }
          ObjectNode entry = top.addObject();
          alts.entrySet().stream().limit(Math.max(topN, 1)).forEach(e -> entry.put(e.getKey(), e.getValue()));
        }
      }
      return OpenAiTestServer.Reply.json(200, body);
    };
  }
}
