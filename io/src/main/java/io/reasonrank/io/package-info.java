/**
 * JSON formats of the IR datasets the project reads and writes, through one configured Jackson mapper
 * ({@link io.reasonrank.io.Json}, {@link io.reasonrank.io.JsonLines}): BEIR/Pyserini corpora ({@link io.reasonrank.io.JsonlCorpus}),
 * BRIGHT {@code examples} topic rows with their excluded ids ({@link io.reasonrank.io.BrightTopics}; docs/reference-behaviour.md
 * §1.4, §5.3), rank_llm retrieve results ({@link io.reasonrank.io.RankLlmResults}, §5.1) and topics in any layout
 * ({@link io.reasonrank.io.Topics}).
 */
package io.reasonrank.io;
