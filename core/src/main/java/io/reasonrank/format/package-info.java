/**
 * Plain-text IR formats: TREC runs ({@link io.reasonrank.format.TrecRuns}, {@link io.reasonrank.format.Run}), qrels
 * ({@link io.reasonrank.format.Qrels}) and tsv topics ({@link io.reasonrank.format.TsvTopics}), gzip-transparent by extension
 * ({@link io.reasonrank.format.TextFiles}). Run reading follows the reference loader's six-field rule
 * (docs/reference-behaviour.md §5.1); bad input is an {@link io.reasonrank.format.InputException} naming {@code file:line}.
 */
package io.reasonrank.format;
