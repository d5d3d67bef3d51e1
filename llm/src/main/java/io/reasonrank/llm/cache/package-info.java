/**
 * The completion cache that makes long runs resumable and re-runs free (docs/reference-behaviour.md §13.9):
 * {@link io.reasonrank.llm.cache.CachingBackend} puts a SQLite {@link io.reasonrank.llm.cache.CompletionCache} in front of any
 * backend, keyed by {@link io.reasonrank.llm.cache.CacheKey}; {@link io.reasonrank.llm.cache.ModelCallStats} feeds the dry-run estimate.
 */
package io.reasonrank.llm.cache;
