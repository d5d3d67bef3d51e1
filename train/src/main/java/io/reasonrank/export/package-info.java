/**
 * Exports for the trainers: {@link io.reasonrank.export.SftExporter} (LLaMA-Factory alpaca JSON, docs/reference-behaviour.md §8),
 * {@link io.reasonrank.export.RlExporter} (verl parquet, §6–§7), both over {@link io.reasonrank.export.TrainingWindow}, and
 * {@link io.reasonrank.export.TrainingConfigs} (SFT YAMLs and GRPO scripts with the reference's hyper-parameters, §7–§8).
 */
package io.reasonrank.export;
