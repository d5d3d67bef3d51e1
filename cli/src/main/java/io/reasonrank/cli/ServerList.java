package io.reasonrank.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reasonrank.llm.LlmBackend;
import io.reasonrank.llm.openai.OpenAiBackend;
import io.reasonrank.llm.pool.BaseUrlList;
import io.reasonrank.llm.pool.OpenAiServerPool;
import io.reasonrank.llm.route.ServerPool;
import io.reasonrank.llm.route.ServerStats;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The servers of {@code rerank} and {@code synth}: the repeated {@code --base-url} and the lines of
 * {@code --base-urls-file}, opened as one backend ({@link OpenAiServerPool}), and the per-server part of the summary.
 */
final class ServerList {
  private final List<String> urls;

  private ServerList(List<String> urls) {
    this.urls = List.copyOf(urls);
  }

  /**
   * {@code --base-url} values first, then the file's, in order; {@code fallback} (may be null) when neither is given.
   *
   * @throws UserException for a bad URL or file, or when no URL is given and there is no fallback
   */
  static ServerList of(List<String> baseUrls, Path baseUrlsFile, String fallback) {
    List<String> all = new ArrayList<>();
    if (baseUrls != null) {
      for (String u : baseUrls) {
        if (!BaseUrlList.isHttpUrl(u.strip())) throw new UserException("--base-url: not an http(s) URL: '" + u + "'");
        all.add(u.strip());
      }
    }
    if (baseUrlsFile != null) {
      try {
        all.addAll(BaseUrlList.read(baseUrlsFile));
      } catch (BaseUrlList.BadListException e) {
        throw new UserException("--base-urls-file " + e.getMessage());
      }
    }
    if (all.isEmpty()) {
      if (fallback == null) throw new UserException("give the server with --base-url URL (repeat it for several) or --base-urls-file FILE");
      all.add(fallback);
    }
    return new ServerList(all);
  }

  List<String> urls() {
    return urls;
  }

  int size() {
    return urls.size();
  }

  /** One URL as given; several joined by {@code ", "} (for messages). */
  String describe() {
    return String.join(", ", urls);
  }

  /**
   * The completion cache's backend kind. One server: {@code openai-ENDPOINT URL}, as before pools existed. Several:
   * {@code openai-ENDPOINT pool}, so any pool of replicas of the model shares its answers, whichever servers it has.
   */
  String cacheKind(String endpoint) {
    return "openai-" + endpoint.toLowerCase(Locale.ROOT) + " " + (urls.size() == 1 ? urls.getFirst() : "pool");
  }

  /** The backend: {@code factory}'s for one URL, a {@link ServerPool} that reports rotation changes on {@code err} for several. */
  LlmBackend open(Function<String, OpenAiBackend.Builder> factory, PrintWriter err, String command) {
    if (urls.size() > 1) {
      err.printf("%s: %d servers: %s%n", command, urls.size(), describe());
      err.flush();
    }
    try {
      return OpenAiServerPool.open(urls, factory, new ServerPool.Listener() {
        @Override
        public void outOfRotation(String server, String reason, Duration probeIn) {
          err.printf(Locale.ROOT, "%s: server %s out of rotation (%s); its calls go to the others; probing it again in %.1f s%n",
              command, server, reason, probeIn.toMillis() / 1000.0);
          err.flush();
        }

        @Override
        public void backInRotation(String server) {
          err.printf("%s: server %s back in rotation%n", command, server);
          err.flush();
        }
      });
    } catch (IllegalArgumentException e) {
      throw new UserException("--base-url: " + e.getMessage());
    }
  }

  /** Adds {@code servers} (one object per server) and {@code failovers} to a JSON summary when {@code backend} is a pool. */
  static void addTo(ObjectNode summary, LlmBackend backend) {
    if (!(backend instanceof ServerPool pool)) return;
    ArrayNode a = summary.putArray("servers");
    for (ServerStats s : pool.stats()) {
      a.addObject().put("url", s.server()).put("state", s.state()).put("slots", s.slots()).put("calls", s.calls())
          .put("succeeded", s.succeeded()).put("server_failures", s.serverFailures()).put("request_errors", s.requestErrors())
          .put("prompt_tokens", s.promptTokens()).put("completion_tokens", s.completionTokens())
          .put("busy_seconds", Math.round(s.busySeconds() * 1000) / 1000.0)
          .put("times_out_of_rotation", s.timesOutOfRotation()).put("last_error", s.lastError());
    }
    summary.put("failovers", pool.failovers());
  }

  /** One console line per server when {@code backend} is a pool. */
  static void print(LlmBackend backend, PrintWriter err, String command) {
    if (!(backend instanceof ServerPool pool)) return;
    for (ServerStats s : pool.stats()) {
      err.printf(Locale.ROOT, "%s: server %s [%s, %d slots]: %d calls (%d answered, %d failed over, %d request errors), "
              + "%d tokens in, %d tokens out, %.1f s busy, out of rotation %d time(s)%s%n",
          command, s.server(), s.state(), s.slots(), s.calls(), s.succeeded(), s.serverFailures(), s.requestErrors(),
          s.promptTokens(), s.completionTokens(), s.busySeconds(), s.timesOutOfRotation(),
          s.lastError().isEmpty() ? "" : "; last error: " + s.lastError());
    }
    err.printf("%s: %d call(s) failed over to another server%n", command, pool.failovers());
    err.flush();
  }
}
