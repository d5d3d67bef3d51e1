/**
 * What every training run shares: the JSONL step log (truncated to the checkpoint on resume), PNG curves, the
 * progress line with rate and ETA, the per-step seeds, SIGTERM handling that lets the loop checkpoint before the JVM exits, and the
 * checkpoint directories {@code checkpoint-STEP/}.
 */
package io.reasonrank.trainer.run;
