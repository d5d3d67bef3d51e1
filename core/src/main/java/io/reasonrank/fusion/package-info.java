/**
 * Fusion of first-stage runs for hybrid retrieval: {@link io.reasonrank.fusion.RunFusion} (reciprocal rank fusion,
 * Cormack et al. 2009, and min-max score interpolation), written in trec_eval's order (docs/reference-behaviour.md §13.3).
 */
package io.reasonrank.fusion;
