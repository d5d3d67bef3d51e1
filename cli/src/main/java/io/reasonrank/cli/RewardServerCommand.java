package io.reasonrank.cli;

import io.reasonrank.rewardserver.RewardServer;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code reasonrank reward-server}: the GRPO reward over HTTP for verl (see docs/verl-reward.md). */
@Command(
    name = "reward-server",
    mixinStandardHelpOptions = true,
    description = {
      "Serve the multi-view GRPO reward: POST /reward (JSON array of verl-shaped rows -> array of results),",
      "GET /health, GET /metrics (Prometheus). Runs until SIGTERM or Ctrl-C, then closes the port (exit status 143 or 130)."
    })
public final class RewardServerCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--port", defaultValue = "8848", paramLabel = "N", description = "TCP port (0 = any free port). Default: ${DEFAULT-VALUE}.")
  int port;

  @Option(names = "--host", defaultValue = "127.0.0.1", paramLabel = "HOST", description = "Bind address. Default: ${DEFAULT-VALUE}.")
  String host;

  @Option(names = "--threads", paramLabel = "N", description = "Scoring threads. Default: the available processors.")
  Integer threads;

  @Option(names = "--max-request-mb", defaultValue = "256", paramLabel = "MB", description = "Largest request body. Default: ${DEFAULT-VALUE}.")
  int maxRequestMb;

  @Override
  public Integer call() throws InterruptedException {
    if (port < 0 || port > 65535) throw new UserException("--port must be in 0..65535: " + port);
    int n = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
    if (n < 1) throw new UserException("--threads must be >= 1: " + n);
    if (maxRequestMb < 1) throw new UserException("--max-request-mb must be >= 1: " + maxRequestMb);
    if (new java.net.InetSocketAddress(host, 0).isUnresolved()) throw new UserException("--host: cannot resolve '" + host + "'");
    RewardServer server = new RewardServer(n, maxRequestMb * 1024L * 1024L);
    int bound;
    try {
      bound = server.start(host, port);
    } catch (RuntimeException e) {
      server.close();
      throw new UserException(ServerBind.describe(host, port, e));
    }
    ServerBind.Shutdown shutdown = ServerBind.onShutdown("reward-server", server::close);
    spec.commandLine().getErr().printf("reward-server: listening on http://%s:%d (POST /reward, GET /health, GET /metrics; %d scoring threads)%n",
        ServerBind.urlHost(host), bound, n);
    spec.commandLine().getErr().flush();
    shutdown.await();
    return 0;
  }
}
