package io.reasonrank.cli;

import io.reasonrank.llm.mock.MockLlm;
import io.reasonrank.llm.openai.OpenAiTestServer;
import io.reasonrank.llm.tokenizer.HfTokenizer;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code reasonrank mock-llm}: serves the deterministic scripted models over the OpenAI API ({@link MockLlm}) until
 * SIGTERM or SIGINT, so every command can be tried offline.
 */
@Command(
    name = "mock-llm",
    mixinStandardHelpOptions = true,
    description = {
      "Serve a deterministic scripted model over the OpenAI API, to try every command offline: listwise prompts get the",
      "scripted ReasonRank answer (which reproduces the scripted DL19 golden runs), Rank1 prompts a scripted judgment.",
      "GET /v1/models, POST /v1/completions and /v1/chat/completions, GET /props and /health. Runs until SIGTERM or",
      "Ctrl-C, then closes the port (exit status 143 or 130).",
      "Example: reasonrank mock-llm --port 8000 & reasonrank rerank --base-url http://127.0.0.1:8000/v1 ..."
    })
public final class MockLlmCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--port", defaultValue = "8000", paramLabel = "N", description = "TCP port (0 = any free port). Default: ${DEFAULT-VALUE}.")
  int port;

  @Option(names = "--host", defaultValue = "127.0.0.1", paramLabel = "HOST", description = "Bind address. Default: ${DEFAULT-VALUE}.")
  String host;

  @Option(names = "--model", defaultValue = "reasonrank-scripted", paramLabel = "NAME", description = "The served model name. Default: ${DEFAULT-VALUE}.")
  String model;

  @Option(names = "--context-length", defaultValue = "32768", paramLabel = "N",
      description = "Context reported as max_model_len (/v1/models) and n_ctx (/props). Default: ${DEFAULT-VALUE}.")
  int contextLength;

  @Option(names = "--delay-ms", defaultValue = "0", paramLabel = "MS", description = "Latency added to every generation. Default: ${DEFAULT-VALUE}.")
  long delayMs;

  @Option(names = "--fail-rate", defaultValue = "0", paramLabel = "P",
      description = "Probability that a generation request fails with --fail-status. Default: ${DEFAULT-VALUE}.")
  double failRate;

  @Option(names = "--fail-status", defaultValue = "500", paramLabel = "CODE", description = "HTTP status of an injected failure. Default: ${DEFAULT-VALUE}.")
  int failStatus;

  @Option(names = "--seed", defaultValue = "42", paramLabel = "N", description = "Seed of the failure draws. Default: ${DEFAULT-VALUE}.")
  long seed;

  @Option(names = "--tokenizer", paramLabel = "DIR",
      description = "tokenizer.json[.gz] (or its folder) that counts usage tokens (default: the bundled Qwen2.5 one, as rerank's).")
  Path tokenizerPath;

  @Override
  public Integer call() throws InterruptedException {
    if (port < 0 || port > 65535) throw new UserException("--port must be in 0..65535, got " + port);
    if (contextLength < 1) throw new UserException("--context-length must be >= 1, got " + contextLength);
    if (delayMs < 0) throw new UserException("--delay-ms must be >= 0, got " + delayMs);
    if (!(failRate >= 0 && failRate <= 1)) throw new UserException("--fail-rate must be in [0, 1], got " + failRate);
    if (failStatus < 400 || failStatus > 599) throw new UserException("--fail-status must be in 400..599, got " + failStatus);
    if (model.isBlank()) throw new UserException("--model must not be blank");
    InetSocketAddress address = new InetSocketAddress(host, port);
    if (address.isUnresolved()) throw new UserException("--host: cannot resolve '" + host + "'");
    HfTokenizer tokenizer = tokenizerPath == null ? HfTokenizer.qwen25() : HfTokenizer.load(tokenizerPath);
    MockLlm.Options options = new MockLlm.Options(model, contextLength, Duration.ofMillis(delayMs), failRate, failStatus, seed,
        tokenizer::countTokens);
    OpenAiTestServer server;
    try {
      server = MockLlm.start(options, address);
    } catch (IOException e) {
      throw new UserException(ServerBind.describe(host, port, e));
    }
    ServerBind.Shutdown shutdown = ServerBind.onShutdown("mock-llm", server::close);
    PrintWriter out = spec.commandLine().getOut();
    String url = "http://" + ServerBind.urlHost(host) + ":" + server.port();
    out.printf("mock-llm: listening on %s (model %s; use --base-url %s/v1)%n", url, model, url);
    out.flush();
    shutdown.await();
    return 0;
  }
}
