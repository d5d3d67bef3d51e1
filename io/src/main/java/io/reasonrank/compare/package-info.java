/**
 * Comparing evaluated runs: {@link io.reasonrank.compare.RunComparison} puts runs side by side per measure, and
 * {@link io.reasonrank.compare.SignificanceTests} gives paired two-sided t, Wilcoxon signed-rank and randomization tests on
 * per-query values (docs/reference-behaviour.md §13.2).
 */
package io.reasonrank.compare;
