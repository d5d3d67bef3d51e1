/**
 * The deterministic scripted listwise model: the test double of every rerank test, and the model
 * {@code reasonrank mock-llm} serves (docs/mock-llm.md). Further test helpers of this package live in the core test-jar.
 */
package io.reasonrank.testing;
