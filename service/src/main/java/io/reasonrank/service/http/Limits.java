package io.reasonrank.service.http;

import java.time.Duration;

/**
 * What one request may ask for. {@code maxDocuments} defaults to 1,000 (Cohere's recommendation); a request over a
 * limit gets 400 (413 for the body) with a message naming the limit. {@code defaultDeadline} bounds every request;
 * a request may lower it ({@code timeout_ms} in the body or the {@code X-ReasonRank-Timeout-Ms} header), never raise it.
 */
public record Limits(long maxBodyBytes, int maxDocuments, int maxDocumentChars, int maxQueryChars, Duration defaultDeadline) {
  public static final Limits DEFAULT = new Limits(16L << 20, 1000, 16_384, 8_192, Duration.ofSeconds(60));

  public Limits {
    if (maxBodyBytes < 1) throw new IllegalArgumentException("maxBodyBytes must be >= 1, got " + maxBodyBytes);
    if (maxDocuments < 1) throw new IllegalArgumentException("maxDocuments must be >= 1, got " + maxDocuments);
    if (maxDocumentChars < 1) throw new IllegalArgumentException("maxDocumentChars must be >= 1, got " + maxDocumentChars);
    if (maxQueryChars < 1) throw new IllegalArgumentException("maxQueryChars must be >= 1, got " + maxQueryChars);
    if (defaultDeadline == null || defaultDeadline.isNegative() || defaultDeadline.isZero()) {
      throw new IllegalArgumentException("defaultDeadline must be positive, got " + defaultDeadline);
    }
  }

  public Limits withDefaultDeadline(Duration d) {
    return new Limits(maxBodyBytes, maxDocuments, maxDocumentChars, maxQueryChars, d);
  }
}
