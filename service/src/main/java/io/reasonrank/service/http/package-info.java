/**
 * The rerank HTTP service: Cohere v1/v2 (with Jina's extra fields), Hugging Face TEI and the native API over one
 * {@link io.reasonrank.service.engine.RerankEngine}, with API keys, input limits, deadlines, a bounded queue,
 * Prometheus metrics and an OpenAPI description. {@link io.reasonrank.service.http.RerankServer} is the entry point;
 * {@link io.reasonrank.service.http.Dialects} holds each API's request and response shape.
 */
package io.reasonrank.service.http;
