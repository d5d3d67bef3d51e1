package io.reasonrank.llm.cache;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The completion cache's first-release layout (prompt and messages as two plain TEXT columns), written as that
 * release wrote it: for the migration test and the size benchmark, which compare it with the current layout.
 */
public final class FirstCacheLayout {
  private FirstCacheLayout() {}

  /** Creates the first release's table and index. */
  public static void create(Statement s) throws SQLException {
    s.execute("""
        CREATE TABLE completions (key TEXT PRIMARY KEY, model TEXT NOT NULL, backend TEXT NOT NULL, prompt TEXT NOT NULL,
          messages TEXT NOT NULL, sampling TEXT NOT NULL, text TEXT NOT NULL, prompt_tokens INTEGER NOT NULL,
          completion_tokens INTEGER NOT NULL, finish_reason TEXT, top_logprobs TEXT, millis INTEGER NOT NULL,
          created_at INTEGER NOT NULL)""");
    s.execute("CREATE INDEX completions_model ON completions(model)");
  }

  /** The first release's row insert; fill it with {@link #insert(PreparedStatement, CacheKey, String, int, int, String, long, long)}. */
  public static PreparedStatement prepareInsert(Connection c) throws SQLException {
    return c.prepareStatement("INSERT INTO completions VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  }

  /** Inserts one row (without top logprobs) through a statement of {@link #prepareInsert}. */
  public static void insert(PreparedStatement ps, CacheKey key, String text, int promptTokens, int completionTokens,
      String finishReason, long millis, long createdAt) throws SQLException {
    ps.setString(1, key.sha256());
    ps.setString(2, key.model());
    ps.setString(3, key.backend());
    ps.setString(4, key.prompt());
    ps.setString(5, key.messagesJson());
    ps.setString(6, key.samplingJson());
    ps.setString(7, text);
    ps.setInt(8, promptTokens);
    ps.setInt(9, completionTokens);
    ps.setString(10, finishReason);
    ps.setString(11, null);
    ps.setLong(12, millis);
    ps.setLong(13, createdAt);
    ps.executeUpdate();
  }
}
