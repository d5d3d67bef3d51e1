/**
 * ReasonRank's listwise prompt and answer parsing, byte for byte as the reference builds and reads them
 * (docs/reference-behaviour.md §1, §2, §4): {@link io.reasonrank.prompt.PromptMode} (the three {@code --prompt_mode}s),
 * {@link io.reasonrank.prompt.ListwisePrompts} (the constant pieces), {@link io.reasonrank.prompt.ListwiseTranslator}
 * (a window of candidates to an LLM request and a response back to a permutation) and
 * {@link io.reasonrank.prompt.AnswerParser} with its {@link io.reasonrank.prompt.ParsePath}. Passage truncation goes through the
 * {@link io.reasonrank.prompt.PassageTokenizer} seam with the per-dataset {@link io.reasonrank.prompt.PassageLength}.
 */
package io.reasonrank.prompt;
