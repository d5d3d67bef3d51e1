package io.reasonrank.pipeline;

/**
 * How a finished {@code rerank} or {@code synth} run ends: its exit code and its last console line. A run whose
 * every LLM call succeeded exits {@link #OK}; one that finished and wrote its output but where some calls failed,
 * prompts were cut by the server, or queries failed exits {@link #INCOMPLETE}, so that scripts and schedulers never
 * take it for a success (the codes are listed in docs/rerank.md, "Exit codes"). Bad input, an unreachable server and
 * a context too small for the prompts end before any call with {@code 2}; an internal error is {@code 1}.
 *
 * @param failedCalls LLM calls that failed after the backend's retries (truncated ones included when not allowed)
 * @param truncatedCalls calls whose prompt the server cut
 * @param failedQueries queries that ended with an unexpected error
 * @param truncationAllowed whether truncated calls were accepted
 */
public record RunOutcome(long failedCalls, long truncatedCalls, long failedQueries, boolean truncationAllowed) {
  /** Every call succeeded. */
  public static final int OK = 0;
  /** The run completed and wrote its output, but not every call succeeded: re-run the same command to retry those. */
  public static final int INCOMPLETE = 3;

  /** {@link #INCOMPLETE} when a call or query failed or a prompt was cut without leave; else {@link #OK}. */
  public int exitCode() {
    return failedCalls > 0 || failedQueries > 0 || (truncatedCalls > 0 && !truncationAllowed) ? INCOMPLETE : OK;
  }

  /** The closing line, or null for a clean run. */
  public String message(String command, long attemptedCalls) {
    if (exitCode() == OK) {
      return truncatedCalls > 0 ? command + ": warning: " + truncatedCalls + " prompts were cut by the server (allowed)" : null;
    }
    StringBuilder sb = new StringBuilder(command).append(": incomplete (exit ").append(INCOMPLETE).append("): ");
    if (failedCalls > 0) sb.append(failedCalls).append(" of ").append(attemptedCalls).append(" LLM calls failed");
    if (failedQueries > 0) sb.append(failedCalls > 0 ? ", " : "").append(failedQueries).append(" queries failed");
    if (command.equals("rerank")) sb.append("; their windows keep the first-stage order");
    return sb.append("; run the same command again to retry exactly those").toString();
  }
}
