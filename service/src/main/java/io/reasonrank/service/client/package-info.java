/**
 * A small Java client of the rerank service ({@code POST /v2/rerank}) on the JDK's HTTP client and Jackson only, used
 * by the LangChain4j and Spring AI integrations. It needs neither Javalin nor Micrometer at run time.
 */
package io.reasonrank.service.client;
