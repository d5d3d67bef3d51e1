/**
 * LoRA (Hu et al. 2021): a low-rank update {@code W + (alpha/r)·B·A} on chosen linear layers, trained while the base
 * weights stay frozen, and merged into the weights on export. Initialisation and naming follow PEFT: A uniform in
 * ±1/√in (Kaiming-uniform with a = √5), B zero, so training starts at the base model.
 */
package io.reasonrank.trainer.lora;
