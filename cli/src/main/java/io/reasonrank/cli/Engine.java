package io.reasonrank.cli;

import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Where {@code index} and {@code search} run BM25: the embedded Lucene index (default) or a cluster. */
enum Engine {
  LUCENE, OPENSEARCH, ELASTICSEARCH;

  boolean isCluster() {
    return this != LUCENE;
  }

  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Accepts {@code lucene|opensearch|elasticsearch} in any case. */
  static final class Converter implements ITypeConverter<Engine> {
    @Override
    public Engine convert(String value) {
      for (Engine e : values()) if (e.name().equalsIgnoreCase(value.strip())) return e;
      throw new TypeConversionException("expected lucene, opensearch or elasticsearch, got '" + value + "'");
    }
  }
}
