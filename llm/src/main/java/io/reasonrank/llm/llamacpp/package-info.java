/**
 * GGUF models in process through llama.cpp ({@code de.kherud:llama} 4.2.0): {@link io.reasonrank.llm.llamacpp.LlamaCppBackend},
 * which guards against the binding's pitfalls (docs/llamacpp-binding.md §7), and {@link io.reasonrank.llm.llamacpp.GgufMetadata},
 * which reads a GGUF header without loading the model (docs/llamacpp-binding.md §2), and
 * {@link io.reasonrank.llm.llamacpp.GgufWriter}, which writes one (the trainer's export, the tests' tiny models).
 */
package io.reasonrank.llm.llamacpp;
