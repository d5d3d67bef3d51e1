package io.reasonrank.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine;

/** Tool version and git revision, stamped into the jar at build time (see cli/pom.xml) and into every run summary. */
public final class VersionInfo implements CommandLine.IVersionProvider {

  public static String version() {
    return props().getProperty("version", "dev");
  }

  /** The abbreviated commit the jar was built from, with {@code -dirty} when the tree had local changes. */
  public static String gitRevision() {
    Properties p = props();
    String rev = p.getProperty("git.revision", "");
    if (rev.isEmpty() || rev.startsWith("${")) return "unknown";
    return "true".equals(p.getProperty("git.dirty")) ? rev + "-dirty" : rev;
  }

  private static Properties props() {
    Properties p = new Properties();
    try (InputStream in = VersionInfo.class.getResourceAsStream("/reasonrank-version.properties")) {
      if (in != null) p.load(in);
    } catch (IOException ignored) {
      // no stamp: a development build
    }
    return p;
  }

  @Override
  public String[] getVersion() {
    return new String[] {"reasonrank " + version() + " (git " + gitRevision() + ")"};
  }
}
