/**
 * Listwise training windows labelled by TREC qrels instead of a teacher ({@link
 * io.reasonrank.trainer.windows.QrelsWindowBuilder}): the data of the small end-to-end demonstration in
 * docs/trainer.md ("Demonstration"), written in the SFT and RL export formats the trainer reads.
 */
package io.reasonrank.trainer.windows;
