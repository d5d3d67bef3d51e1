/**
 * {@code reasonrank mock-llm}: an OpenAI-compatible server that answers with the deterministic scripted models
 * (listwise {@link io.reasonrank.testing.ScriptedLlm}, pointwise {@link io.reasonrank.llm.openai.ScriptedRank1Llm}),
 * with optional latency and seeded failure injection, so every command runs offline.
 */
package io.reasonrank.llm.mock;
