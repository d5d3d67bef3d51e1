package io.reasonrank.llm.cache;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import io.reasonrank.io.Json;
import io.reasonrank.llm.ChatMessage;
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
 * full key fields (model, backend, and the request once, compressed: {@link StoredRequest}), compared with the asked
 * key before an answer is replayed, and what the call cost (tokens, milliseconds) for {@link #callStats}. The row
 * layout is versioned ({@link #LAYOUT}); older files are upgraded when opened for writing.
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

  /**
   * The row layout this version writes, kept in SQLite's {@code user_version}. Layout 1 (user_version 0, the first
   * release) stored the prompt and the messages as two plain TEXT columns, so every passage twice; layout 2 stores
   * the request once, compressed ({@link StoredRequest}). Keys did not change, so a layout-1 file is upgraded in place
   * when opened for writing, and read as it is when opened read-only; a file of a later layout is refused.
   */
  static final int LAYOUT = 2;

  private static final String SCHEMA = """
      CREATE TABLE IF NOT EXISTS %s (
        key               TEXT PRIMARY KEY,
        model             TEXT NOT NULL,
        backend           TEXT NOT NULL,
        request           BLOB NOT NULL,
        text              TEXT NOT NULL,
        prompt_tokens     INTEGER NOT NULL,
        completion_tokens INTEGER NOT NULL,
        finish_reason     TEXT,
        top_logprobs      TEXT,
        millis            INTEGER NOT NULL,
        created_at        INTEGER NOT NULL
      )""";
  private static final String SELECT = "SELECT model, backend, request, text, prompt_tokens,"
      + " completion_tokens, finish_reason, top_logprobs, millis FROM completions WHERE key = ?";
  private static final String SELECT_LAYOUT_1 = "SELECT model, backend, prompt, messages, sampling, text, prompt_tokens,"
      + " completion_tokens, finish_reason, top_logprobs, millis FROM completions WHERE key = ?";
  // First answer wins: a second, concurrent miss of the same key must not replace what was returned before.
  private static final String INSERT = "INSERT OR IGNORE INTO %s (key, model, backend, request,"
      + " text, prompt_tokens, completion_tokens, finish_reason, top_logprobs, millis, created_at)"
      + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
  private static final TypeReference<List<ChatMessage>> MESSAGES = new TypeReference<>() {};

  private final Path file;
  private final boolean readOnly;
  private final int layout;
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
        try (Connection c = connect(true)) {
          layout = layoutOf(c);
        }
      } else {
        writer = connect(false);
        layout = prepareLayout(writer);
        insert = writer.prepareStatement(INSERT.formatted("completions"));
      }
      readers = new ArrayBlockingQueue<>(READERS);
      for (int i = 0; i < READERS; i++) {
        Connection c = connect(true);
        Reader r = new Reader(c, c.prepareStatement(layout == 1 ? SELECT_LAYOUT_1 : SELECT));
        allReaders.add(r);
        readers.add(r);
      }
      ok = true;
    } finally {
      if (!ok) closeQuietly();
    }
  }

  /** The file's layout: 0 for a new empty file, 1 or {@link #LAYOUT}; a later one is refused. */
  private int layoutOf(Connection c) throws SQLException {
    int version;
    boolean table;
    try (Statement s = c.createStatement()) {
      try (ResultSet rs = s.executeQuery("PRAGMA user_version")) {
        version = rs.next() ? rs.getInt(1) : 0;
      }
      try (ResultSet rs = s.executeQuery("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'completions'")) {
        table = rs.next() && rs.getInt(1) > 0;
      }
    }
    if (version > LAYOUT) {
      throw new SQLException("its layout version " + version + " is newer than this reasonrank's (" + LAYOUT
          + "); use a newer reasonrank or another cache file");
    }
    if (!table) return 0;
    return version == 0 ? 1 : version;
  }

  /** Creates the table of a new file, or upgrades a layout-1 file in place (one transaction, then VACUUM). */
  private int prepareLayout(Connection c) throws SQLException {
    int found = layoutOf(c);
    if (found == LAYOUT) return LAYOUT;
    try (Statement s = c.createStatement()) {
      if (found == 0) {
        s.execute(SCHEMA.formatted("completions"));
      } else {
        try {
          migrateLayout1(c);
        } catch (SQLException e) {
          if (layoutOf(c) == LAYOUT) return LAYOUT; // another process upgraded the file first
          throw e;
        }
        s.execute("VACUUM"); // give the space of the plain-text rows back to the file system
      }
      s.execute("CREATE INDEX IF NOT EXISTS completions_model ON completions(model)");
      s.execute("PRAGMA user_version = " + LAYOUT);
    }
    return LAYOUT;
  }

  private void migrateLayout1(Connection c) throws SQLException {
    c.setAutoCommit(false);
    try (Statement s = c.createStatement()) {
      s.execute("DROP TABLE IF EXISTS completions_v2");
      s.execute(SCHEMA.formatted("completions_v2"));
      try (PreparedStatement ins = c.prepareStatement(INSERT.formatted("completions_v2"));
          ResultSet rs = s.executeQuery("SELECT key, model, backend, prompt, messages, sampling, text, prompt_tokens,"
              + " completion_tokens, finish_reason, top_logprobs, millis, created_at FROM completions")) {
        while (rs.next()) {
          List<ChatMessage> messages = Json.MAPPER.readValue(rs.getString(5), MESSAGES);
          ins.setString(1, rs.getString(1));
          ins.setString(2, rs.getString(2));
          ins.setString(3, rs.getString(3));
          ins.setBytes(4, StoredRequest.encode(rs.getString(4), messages, rs.getString(6)));
          ins.setString(5, rs.getString(7));
          ins.setInt(6, rs.getInt(8));
          ins.setInt(7, rs.getInt(9));
          ins.setString(8, rs.getString(10));
          ins.setString(9, rs.getString(11));
          ins.setLong(10, rs.getLong(12));
          ins.setLong(11, rs.getLong(13));
          ins.executeUpdate();
        }
      } catch (JsonProcessingException e) {
        throw new SQLException("a layout-1 row has unreadable messages: " + e.getOriginalMessage(), e);
      }
      s.execute("DROP TABLE completions");
      s.execute("ALTER TABLE completions_v2 RENAME TO completions");
      s.execute("PRAGMA user_version = " + LAYOUT);
      c.commit();
    } catch (SQLException | RuntimeException e) {
      c.rollback();
      throw e;
    } finally {
      c.setAutoCommit(true);
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
    String sampling = key.samplingJson();
    String sha = key.sha256(key.messagesJson(), sampling);
    Reader reader = takeReader();
    try {
      reader.select().setString(1, sha);
      try (ResultSet rs = reader.select().executeQuery()) {
        if (!rs.next()) return Optional.empty();
        // A different key under the same hash would be a sha256 collision or a canonicalisation bug:
        // never replay another request's answer.
        if (!rs.getString(1).equals(key.model()) || !rs.getString(2).equals(key.backend())) return Optional.empty();
        int col;
        if (layout == 1) {
          if (!rs.getString(3).equals(key.prompt()) || !rs.getString(4).equals(key.messagesJson())
              || !rs.getString(5).equals(sampling)) {
            return Optional.empty();
          }
          col = 6;
        } else {
          if (!StoredRequest.decode(rs.getBytes(3)).matches(key, sampling)) return Optional.empty();
          col = 4;
        }
        String logprobs = rs.getString(col + 4);
        Completion c = new Completion(rs.getString(col), rs.getInt(col + 1), rs.getInt(col + 2), rs.getString(col + 3),
            logprobs == null ? List.of() : Json.MAPPER.readValue(logprobs, LOGPROBS), true);
        return Optional.of(new Entry(c, rs.getLong(col + 5)));
      }
    } catch (SQLException | JsonProcessingException | IllegalArgumentException e) {
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
    byte[] request = StoredRequest.encode(key.prompt(), key.messages(), sampling); // compressed outside the write lock
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
      insert.setBytes(4, request);
      insert.setString(5, completion.text());
      insert.setInt(6, completion.promptTokens());
      insert.setInt(7, completion.completionTokens());
      insert.setString(8, completion.finishReason());
      insert.setString(9, logprobs);
      insert.setLong(10, millis);
      insert.setLong(11, System.currentTimeMillis());
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
