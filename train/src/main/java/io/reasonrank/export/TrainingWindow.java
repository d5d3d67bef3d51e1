package io.reasonrank.export;

import io.reasonrank.format.InputException;
import io.reasonrank.model.Document;
import io.reasonrank.prompt.ListwiseTranslator;
import io.reasonrank.prompt.RenderedPrompt;
import io.reasonrank.synth.TrainingExample;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * A training row as both exports see it: the listwise prompt of its window (docs/reference-behaviour.md §1.3 user message, reasoning system
 * prompt) and the gold ranking in window ids. Both sets are single windows of at most 20 passages (docs/reference-behaviour.md §7), shown in
 * {@code initial_list} order: {@code initial_list[i-1]} is {@code [i]}.
 *
 * @param system the reasoning system prompt ({@code system_prompt_reasoning}, §1.1)
 * @param user the user turn of §1.3, passages rendered per §1.5 (fix_text, token cut, replace_number). No
 *     whole-prompt {@code fix_text}: LLaMA-Factory and verl apply the chat template themselves (§7)
 * @param goldRanking {@code final_list} as window ids, {@code "[3] > [1] > …"}: verl's {@code ground_truth} and the SFT
 *     answer ({@code "[a] > [b]"} is the format the prompt asks for; the exact released string is [unverified], §6 step 2)
 */
public record TrainingWindow(String system, String user, String goldRanking) {

  /**
   * @throws InputException naming {@code file:line} when {@code initial_list} names a passage the row lacks, or
   *     {@code final_list} a docid outside {@code initial_list}
   */
  public static TrainingWindow of(TrainingExample ex, ListwiseTranslator translator, Path file, long line) {
    Map<String, Document> byId = new HashMap<>();
    for (Document d : ex.passages()) byId.putIfAbsent(d.id(), d);
    List<Document> window = new ArrayList<>(ex.initialList().size());
    Map<String, Integer> position = new HashMap<>();
    for (int i = 0; i < ex.initialList().size(); i++) {
      String docid = ex.initialList().get(i);
      Document d = byId.get(docid);
      if (d == null) throw InputException.at(file, line, "initial_list[" + i + "] '" + docid + "' has no passage text");
      window.add(d);
      position.putIfAbsent(docid, i + 1);
    }
    StringJoiner gold = new StringJoiner(" > ");
    for (int i = 0; i < ex.finalList().size(); i++) {
      Integer id = position.get(ex.finalList().get(i));
      if (id == null) {
        throw InputException.at(file, line, "final_list[" + i + "] '" + ex.finalList().get(i) + "' is not in initial_list");
      }
      gold.add("[" + id + "]");
    }
    RenderedPrompt p = translator.render(ex.query(), window);
    return new TrainingWindow(p.systemPrompt(), p.userMessage(), gold.toString());
  }

  /**
   * The SFT response: {@code "<think>" + reasoning + "</think>\n<answer>" + gold + "</answer>"}. The separator between
   * the tags is our choice, [unverified] (docs/reference-behaviour.md §8 and §12 item 2): the system prompt shows a space, the reward regex
   * accepts any whitespace, and the released SFT file was not readable here.
   */
  public String sftOutput(String reasoning) {
    return "<think>" + reasoning + "</think>\n<answer>" + goldRanking + "</answer>";
  }
}
