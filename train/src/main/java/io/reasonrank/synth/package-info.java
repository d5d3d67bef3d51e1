/**
 * Training data (docs/reference-behaviour.md §9): {@link io.reasonrank.synth.TrainingExample} is one self-contained training
 * window; {@link io.reasonrank.synth.ReleasedDataImporter} reads the released {@code reasonrank_data_13k} layout;
 * {@link io.reasonrank.synth.Synthesizer} asks a teacher for pointwise ({@link io.reasonrank.synth.RelevanceJudgePrompt}, our prompt,
 * §13.10) and listwise labels; {@link io.reasonrank.synth.SelfConsistencyFilter} keeps rows whose nDCG@10 reaches α = 0.4
 * (paper §4.1).
 */
package io.reasonrank.synth;
