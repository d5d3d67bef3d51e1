package io.reasonrank.llm.pool;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A file of server base URLs: one per line; blank lines and everything from a {@code #} on are ignored. Each URL is
 * checked to be {@code http(s)://host[:port][/path]} here, so a typo is reported with its line before any work starts.
 */
public final class BaseUrlList {
  private BaseUrlList() {}

  /** Thrown for a file that cannot be used; the message names the file and, where it applies, the line. */
  public static final class BadListException extends Exception {
    public BadListException(String message) {
      super(message);
    }
  }

  public static List<String> read(Path file) throws BadListException {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new BadListException(file + ": cannot read: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
    }
    List<String> urls = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      int hash = line.indexOf('#');
      String url = (hash >= 0 ? line.substring(0, hash) : line).strip();
      if (url.isEmpty()) continue;
      if (!isHttpUrl(url)) throw new BadListException(file + " line " + (i + 1) + ": not an http(s) URL: '" + url + "'");
      urls.add(url);
    }
    if (urls.isEmpty()) throw new BadListException(file + ": no server URL in it");
    return urls;
  }

  /** {@code http} or {@code https} with a host (authority), no query or fragment: the rule {@code OpenAiBackend} applies. */
  public static boolean isHttpUrl(String url) {
    try {
      URI u = new URI(url);
      String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
      return (scheme.equals("http") || scheme.equals("https")) && u.getRawAuthority() != null && u.getRawQuery() == null
          && u.getRawFragment() == null;
    } catch (URISyntaxException e) {
      return false;
    }
  }
}
