package io.reasonrank.cli;

import io.reasonrank.rewardserver.RewardServer;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
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
      "GET /health, GET /metrics (Prometheus). Runs until interrupted."
    })
public final class RewardServerCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--port", required = true, paramLabel = "N", description = "TCP port (0 = any free port)")
  int port;

  @Option(names = "--host", defaultValue = "127.0.0.1", paramLabel = "HOST", description = "bind address (default: ${DEFAULT-VALUE})")
  String host;

  @Option(names = "--threads", paramLabel = "N", description = "scoring threads (default: available processors)")
  Integer threads;

  @Option(names = "--max-request-mb", defaultValue = "256", paramLabel = "MB", description = "largest request body (default: ${DEFAULT-VALUE})")
  int maxRequestMb;

  @Override
  public Integer call() throws InterruptedException {
    if (port < 0 || port > 65535) throw new UserException("--port must be in 0..65535: " + port);
    int n = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
    if (n < 1) throw new UserException("--threads must be >= 1: " + n);
    if (maxRequestMb < 1) throw new UserException("--max-request-mb must be >= 1: " + maxRequestMb);
    RewardServer server = new RewardServer(n, maxRequestMb * 1024L * 1024L);
    int bound = server.start(host, port);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.close();
      stopped.countDown();
    }, "reward-server-shutdown"));
    spec.commandLine().getErr().printf("reward-server: listening on http://%s:%d (POST /reward, GET /health, GET /metrics; %d scoring threads)%n",
        host, bound, n);
    spec.commandLine().getErr().flush();
    stopped.await();
    return 0;
  }
}
