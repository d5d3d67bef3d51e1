/**
 * Spring AI integration: {@link io.reasonrank.springai.ReasonRankDocumentPostProcessor} reranks the documents a
 * {@code RetrievalAugmentationAdvisor} retrieved, over a ReasonRank service or in process.
 */
package io.reasonrank.springai;
