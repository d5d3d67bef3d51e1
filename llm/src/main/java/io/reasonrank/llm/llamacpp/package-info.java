/**
 * GGUF models in process through llama.cpp ({@code de.kherud:llama} 4.2.0): {@link io.reasonrank.llm.llamacpp.LlamaCppBackend},
 * which guards against the binding's pitfalls (docs/llamacpp-binding.md §7); {@link io.reasonrank.llm.llamacpp.GgufMetadata},
 * which reads a GGUF header without loading the model (docs/llamacpp-binding.md §2); and
 * {@link io.reasonrank.llm.llamacpp.GgufWriter}, which writes GGUF files (the trainer's export, the tests' tiny models), with the
 * vocabulary of a {@code tokenizer.json} read by {@link io.reasonrank.llm.llamacpp.GgufVocab}.
 */
package io.reasonrank.llm.llamacpp;
