/**
 * Reusable test doubles and helpers, shipped in the {@code core} test-jar, around {@link io.reasonrank.testing.ScriptedLlm}
 * (main code, since {@code reasonrank mock-llm} serves it: the deterministic scripted LLM of docs/mock-llm.md, prompt in,
 * response out, with the fault modes that exercise every parse path of docs/reference-behaviour.md §4; see §13.6):
 * {@link io.reasonrank.testing.ScriptedLlmBackend}
 * (it as an {@link io.reasonrank.llm.LlmBackend}), {@link io.reasonrank.testing.CodePointTokenizer} (a stand-in
 * {@link io.reasonrank.prompt.PassageTokenizer}) and {@link io.reasonrank.testing.SharedData} (the shared data directory
 * that Surefire passes as {@code reasonrank.shared.data}).
 */
package io.reasonrank.testing;
