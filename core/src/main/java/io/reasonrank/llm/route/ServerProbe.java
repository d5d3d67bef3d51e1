package io.reasonrank.llm.route;

import io.reasonrank.llm.LlmBackend;

/**
 * Asks a server that was taken out of rotation whether it answers again. Returning normally means yes: the server
 * then gets one trial call, and only a trial that succeeds puts it fully back (so a server that lists its models
 * but fails every generation costs one call per probe, not one per slot). Throwing means no; the message is kept as
 * the server's last error.
 *
 * <p>{@link #TRIAL_CALL} probes with the trial call alone, for backends that have no cheaper question to ask.
 */
@FunctionalInterface
public interface ServerProbe {
  /** Answers normally when the server is reachable again; throws with the reason when it is not. */
  void probe(String server, LlmBackend backend) throws Exception;

  /** No separate question: when the backoff has passed, the server's next call is the probe. */
  ServerProbe TRIAL_CALL = (server, backend) -> {};
}
