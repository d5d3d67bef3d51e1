/**
 * Pinned reproductions (docs/reference-behaviour.md §13.4; schema in {@code docs/reproduce.md}): a
 * {@link io.reasonrank.reproduce.Reproduction} is one YAML file of CLI steps, a run, qrels and expected values;
 * {@link io.reasonrank.reproduce.Reproductions} loads them and {@link io.reasonrank.reproduce.ReproductionRunner} runs and judges them.
 */
package io.reasonrank.reproduce;
