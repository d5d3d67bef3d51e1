package io.reasonrank.llm.route;

/**
 * One server's share of a run, as {@link ServerPool#stats()} reports it.
 *
 * @param server the server's name (its base URL)
 * @param state {@code up}, {@code probation} (probed back, on a trial call) or {@code down} (out of rotation)
 * @param slots the most calls the pool sends it at once
 * @param calls calls sent to it, finished or not
 * @param succeeded calls it answered
 * @param serverFailures calls that failed as a server failure ({@link ServerFailures}) and were retried elsewhere
 * @param requestErrors calls that failed because of the request (not retried elsewhere)
 * @param promptTokens prompt tokens of its answers, as the server counted them
 * @param completionTokens completion tokens of its answers
 * @param busySeconds the sum of its calls' durations (calls overlap, so this exceeds wall time with several slots)
 * @param timesOutOfRotation how often it was taken out of rotation
 * @param lastError the last server failure seen, or empty
 */
public record ServerStats(
    String server,
    String state,
    int slots,
    long calls,
    long succeeded,
    long serverFailures,
    long requestErrors,
    long promptTokens,
    long completionTokens,
    double busySeconds,
    long timesOutOfRotation,
    String lastError) {}
