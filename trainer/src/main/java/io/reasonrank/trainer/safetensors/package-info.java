/**
 * The safetensors file format (an 8-byte little-endian header length, a JSON header of dtype/shape/offsets, raw
 * little-endian data), read and written without a native library so that BF16 never reaches the engine: every
 * tensor is F32 in memory.
 */
package io.reasonrank.trainer.safetensors;
