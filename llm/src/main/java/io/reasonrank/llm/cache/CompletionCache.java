package io.reasonrank.llm.cache;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import io.reasonrank.io.Json;
import io.reasonrank.llm.Completion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.locks.ReentrantLock;
import org.sqlite.SQLiteConfig;

/**
 * An embedded SQLite store of completions, keyed by {@link CacheKey#sha256()}; each row also keeps the
 * full key fields (model, backend, prompt, messages, sampling) for inspection, and what the call cost
 * (tokens, milliseconds) for {@link #callStats}.
 *
 * <p>Durability: WAL journal with {@code synchronous=NORMAL}, so a {@link #put} is on disk when it
 * returns as far as a killed process is concerned (only a power loss can drop the last commits).
 * Concurrency: one writer connection behind a lock (SQLite allows one writer anyway; a write is a
 * sub-millisecond commit) and a small pool of reader connections, which WAL lets read while a write
 * commits. A busy timeout covers a second process sharing the file.
 *
 * <p>The cache never expires anything: an answer recorded for a key is the answer for that key.
 */
public final class CompletionCache implements AutoCloseable {
  private static final int READERS = 4;
  private static final int BUSY_TIMEOUT_MS = 30_000;
  private static final TypeReference<List<Map<String, Double>>> LOGPROBS = new TypeReference<>() {};

  private static final String SCHEMA = """
      CREATE TABLE IF NOT EXISTS completions (
        key               TEXT PRIMARY KEY,
        model             TEXT NOT NULL,
        backend           TEXT NOT NULL,
        prompt            TEXT NOT NULL,
        messages          TEXT NOT NULL,
        sampling          TEXT NOT NULL,
        text              TEXT NOT NULL,
        prompt_tokens     INTEGER NOT NULL,
        completion_tokens INTEGER NOT NULL,
        finish_reason     TEXT,
        top_logprobs      TEXT,
        millis            INTEGER NOT NULL,
        created_at        INTEGER NOT NULL
      )""";
  private static final String SELECT = "SELECT model, backend, prompt, messages, sampling, text, prompt_tokens,"
      + " completion_tokens, finish_reason, top_logprobs, millis FROM completions WHERE key = ?";
  // First answer wins: a second, concurrent miss of the same key must not replace what was returned before.
  private static final String INSERT = "INSERT OR IGNORE INTO completions (key, model, backend, prompt, messages,"
      + " sampling, text, prompt_tokens, completion_tokens, finish_reason, top_logprobs, millis, created_at)"
      + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

  private final Path file;
  private final boolean readOnly;
  private final Connection writer; // null when read-only
  private final PreparedStatement insert;
  private final ReentrantLock writeLock = new ReentrantLock();
  private final BlockingQueue<Reader> readers;
  private final List<Reader> allReaders = new ArrayList<>();
  private volatile boolean closed;

  /** A hit: the stored answer, marked cached, and how long it took to generate originally. */
  public record Entry(Completion completion, long millis) {}

  private record Reader(Connection connection, PreparedStatement select) {}

  private CompletionCache(Path file, boolean readOnly) throws SQLException {
    this.file = file;
    this.readOnly = readOnly;
    boolean ok = false;
    try {
      if (readOnly) {
        writer = null;
        insert = null;
      } else {
        writer = connect(false);
        try (Statement s = writer.createStatement()) {
          s.execute(SCHEMA);
          s.execute("CREATE INDEX IF NOT EXISTS completions_model ON completions(model)");
        }
        insert = writer.prepareStatement(INSERT);
      }
      readers = new ArrayBlockingQueue<>(READERS);
      for (int i = 0; i < READERS; i++) {
        Connection c = connect(true);
        Reader r = new Reader(c, c.prepareStatement(SELECT));
        allReaders.add(r);
        readers.add(r);
      }
      ok = true;
    } finally {
      if (!ok) closeQuietly();
    }
  }

  /** Opens (creating if needed, with its parent folders) a cache file for reading and writing. */
  public static CompletionCache open(Path file) {
    Objects.requireNonNull(file, "file");
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) Files.createDirectories(parent);
      return new CompletionCache(file, false);
    } catch (IOException | SQLException e) {
      throw new CacheException("cannot open completion cache " + file + ": " + e.getMessage(), e);
    }
  }

  /** Opens an existing cache file for lookups and statistics only; {@link #put} is refused. */
  public static CompletionCache openReadOnly(Path file) {
    Objects.requireNonNull(file, "file");
    if (!Files.isRegularFile(file)) throw new CacheException("no completion cache at " + file, null);
    try {
      return new CompletionCache(file, true);
    } catch (SQLException e) {
      throw new CacheException("cannot open completion cache " + file + ": " + e.getMessage(), e);
    }
  }

  private Connection connect(boolean reader) throws SQLException {
    SQLiteConfig config = new SQLiteConfig();
    config.setBusyTimeout(BUSY_TIMEOUT_MS);
    if (reader) {
      // Readers only read; the journal mode is a property of the file, set once by the writer.
      config.setReadOnly(true);
    } else {
      config.setJournalMode(SQLiteConfig.JournalMode.WAL);
      config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
    }
    return config.createConnection("jdbc:sqlite:" + file.toAbsolutePath());
  }

  public Path file() {
    return file;
  }

  /** The stored answer for {@code key}, marked {@linkplain Completion#cached() cached}, if there is one. */
  public Optional<Entry> get(CacheKey key) {
    String messages = key.messagesJson();
    String sampling = key.samplingJson();
    String sha = key.sha256(messages, sampling);
    Reader reader = takeReader();
    try {
      reader.select().setString(1, sha);
      try (ResultSet rs = reader.select().executeQuery()) {
        if (!rs.next()) return Optional.empty();
        // A different key under the same hash would be a sha256 collision or a canonicalisation bug:
        // never replay another request's answer.
        if (!rs.getString(1).equals(key.model()) || !rs.getString(2).equals(key.backend())
            || !rs.getString(3).equals(key.prompt()) || !rs.getString(4).equals(messages)
            || !rs.getString(5).equals(sampling)) {
          return Optional.empty();
        }
        String logprobs = rs.getString(10);
        Completion c = new Completion(rs.getString(6), rs.getInt(7), rs.getInt(8), rs.getString(9),
            logprobs == null ? List.of() : Json.MAPPER.readValue(logprobs, LOGPROBS), true);
        return Optional.of(new Entry(c, rs.getLong(11)));
      }
    } catch (SQLException | JsonProcessingException e) {
      throw new CacheException("cannot read completion cache " + file + ": " + e.getMessage(), e);
    } finally {
      readers.add(reader);
    }
  }

  /**
   * Stores an answer and the milliseconds it took; committed when this returns. If the key is
   * already stored (two threads missed it at once), the first answer stays.
   */
  public void put(CacheKey key, Completion completion, long millis) {
    if (readOnly) throw new IllegalStateException("completion cache " + file + " is open read-only");
    if (millis < 0) throw new IllegalArgumentException("millis must be >= 0, got " + millis);
    ensureOpen();
    String messages = key.messagesJson();
    String sampling = key.samplingJson();
    String sha = key.sha256(messages, sampling);
    String logprobs;
    try {
      logprobs = completion.topLogprobs().isEmpty() ? null : Json.MAPPER.writeValueAsString(completion.topLogprobs());
    } catch (JsonProcessingException e) {
      throw new CacheException("cannot serialise logprobs: " + e.getMessage(), e);
    }
    writeLock.lock();
    try {
      ensureOpen();
      insert.setString(1, sha);
      insert.setString(2, key.model());
      insert.setString(3, key.backend());
      insert.setString(4, key.prompt());
      insert.setString(5, messages);
      insert.setString(6, sampling);
      insert.setString(7, completion.text());
      insert.setInt(8, completion.promptTokens());
      insert.setInt(9, completion.completionTokens());
      insert.setString(10, completion.finishReason());
      insert.setString(11, logprobs);
      insert.setLong(12, millis);
      insert.setLong(13, System.currentTimeMillis());
      insert.executeUpdate(); // autocommit: one transaction per answer
    } catch (SQLException e) {
      throw new CacheException("cannot write completion cache " + file + ": " + e.getMessage(), e);
    } finally {
      writeLock.unlock();
    }
  }

  /** Number of stored completions. */
  public long size() {
    Reader reader = takeReader();
    try (Statement s = reader.connection().createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM completions")) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      throw new CacheException("cannot read completion cache " + file + ": " + e.getMessage(), e);
    } finally {
      readers.add(reader);
    }
  }

  /**
   * Read-only: the mean prompt tokens, output tokens and seconds per call over every completion stored
   * for {@code model} (any backend), or empty if there is none. The dry-run cost estimate uses it.
   */
  public Optional<ModelCallStats> callStats(String model) {
    Objects.requireNonNull(model, "model");
    Reader reader = takeReader();
    String sql = "SELECT count(*), avg(prompt_tokens), avg(completion_tokens), avg(millis) FROM completions WHERE model = ?";
    try (PreparedStatement ps = reader.connection().prepareStatement(sql)) {
      ps.setString(1, model);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        long calls = rs.getLong(1);
        if (calls == 0) return Optional.empty();
        return Optional.of(new ModelCallStats(model, calls, rs.getDouble(2), rs.getDouble(3), rs.getDouble(4) / 1000.0));
      }
    } catch (SQLException e) {
      throw new CacheException("cannot read completion cache " + file + ": " + e.getMessage(), e);
    } finally {
      readers.add(reader);
    }
  }

  private Reader takeReader() {
    ensureOpen();
    try {
      return readers.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CacheException("interrupted while waiting for a cache connection", e);
    }
  }

  private void ensureOpen() {
    if (closed) throw new IllegalStateException("completion cache " + file + " is closed");
  }

  /** Closes every connection; calls in progress finish first for the writer, readers close at once. */
  @Override
  public void close() {
    if (closed) return;
    closed = true;
    writeLock.lock();
    try {
      closeQuietly();
    } finally {
      writeLock.unlock();
    }
  }

  private void closeQuietly() {
    for (Reader r : allReaders) {
      try {
        r.connection().close();
      } catch (SQLException ignored) {
        // closing: nothing left to protect
      }
    }
    if (writer != null) {
      try {
        writer.close();
      } catch (SQLException ignored) {
        // closing
      }
    }
  }
}
