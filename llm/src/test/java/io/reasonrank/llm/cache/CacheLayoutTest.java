package io.reasonrank.llm.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.reasonrank.format.TextFiles;
import io.reasonrank.io.Json;
import io.reasonrank.llm.ChatMessage;
import io.reasonrank.llm.Completion;
import io.reasonrank.llm.LlmRequest;
import io.reasonrank.llm.SamplingParams;
import io.reasonrank.testing.SharedData;
import java.io.BufferedReader;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cache's row layout: each request is stored once, compressed, and restored exactly; a file of
 * the first layout (prompt and messages as two plain columns) is upgraded in place and its answers still replay; a
 * file of a later layout is refused with a clear message.
 */
class CacheLayoutTest {
  @TempDir Path tmp;

  /** The first real BRIGHT window prompt of the golden file, as the reranker sends it: system + user, and the prompt. */
  static LlmRequest brightWindow() throws Exception {
    try (BufferedReader r = TextFiles.reader(SharedData.path("golden/window_prompts_bright.jsonl.gz"))) {
      JsonNode row = Json.MAPPER.readTree(r.readLine());
      String prompt = row.get("prompt").asText();
      String system = prompt.substring("<|im_start|>system\n".length(), prompt.indexOf("<|im_end|>"));
      return new LlmRequest(List.of(ChatMessage.system(system), ChatMessage.user(row.get("user_message").asText())), prompt,
          SamplingParams.greedy(3172));
    }
  }

  @Test
  void aBrightRequestIsStoredOnceCompressedAndRestoredExactly() throws Exception {
    LlmRequest req = brightWindow();
    CacheKey key = CacheKey.of("m", "b", req);
    try (CompletionCache cache = CompletionCache.open(tmp.resolve("c.db"))) {
      cache.put(key, new Completion("<answer>[1] > [2]</answer>", 30_000, 9, "stop"), 5);
      assertThat(cache.get(key)).isPresent();
      // any other byte of the prompt or of a message is another request: never replayed
      LlmRequest edited = new LlmRequest(List.of(req.messages().get(0), ChatMessage.user(req.messages().get(1).content() + " ")),
          req.prompt(), req.sampling());
      assertThat(cache.get(new CacheKey("m", "b", req.prompt(), edited.messages(), req.sampling()))).isEmpty();
    }
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + tmp.resolve("c.db"));
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT request, (SELECT user_version FROM pragma_user_version) FROM completions")) {
      assertThat(rs.next()).isTrue();
      byte[] blob = rs.getBytes(1);
      assertThat(rs.getInt(2)).isEqualTo(CompletionCache.LAYOUT);
      long plain = (req.prompt() + req.messages().get(0).content() + req.messages().get(1).content()).length();
      // stored once: the messages add a few bytes (references into the prompt) to the compressed prompt alone ...
      int promptAlone = StoredRequest.encode(req.prompt(), List.of(), key.samplingJson()).length;
      assertThat(blob.length).isLessThan(promptAlone + 200);
      // ... and compressed: under 40 % of one plain copy (the first layout stored two)
      assertThat(blob.length).isLessThan(req.prompt().length() * 2 / 5);
      assertThat(plain).isGreaterThan(2L * req.prompt().length() - 1000);
      StoredRequest back = StoredRequest.decode(blob);
      assertThat(back.prompt()).isEqualTo(req.prompt());
      assertThat(back.messages()).isEqualTo(req.messages());
      assertThat(back.samplingJson()).isEqualTo(key.samplingJson());
    }
  }

  @Test
  void messagesThatAreNotInThePromptAreKeptVerbatim() {
    List<ChatMessage> ms = List.of(ChatMessage.system("sys"), ChatMessage.user("not in the prompt"), ChatMessage.user(""),
        ChatMessage.user("sys"));
    StoredRequest back = StoredRequest.decode(StoredRequest.encode("<s>sys</s> other text sys", ms, "{}"));
    assertThat(back.messages()).isEqualTo(ms);
    assertThat(StoredRequest.decode(StoredRequest.encode("", ms, "{}")).messages()).isEqualTo(ms);
  }

  @Test
  void aFirstLayoutFileIsUpgradedInPlaceAndItsAnswersReplay() throws Exception {
    Path file = tmp.resolve("old.sqlite");
    LlmRequest req = brightWindow();
    CacheKey key = CacheKey.of("model-a", "openai-completions http://x/v1", req);
    writeFirstLayoutRow(file, key, "<answer>[2] > [1]</answer>");

    try (CompletionCache ro = CompletionCache.openReadOnly(file)) { // read as it is, without upgrading
      assertThat(ro.get(key).orElseThrow().completion().text()).isEqualTo("<answer>[2] > [1]</answer>");
      assertThat(ro.callStats("model-a").orElseThrow().calls()).isEqualTo(1);
    }
    CountingFakeBackend model = new CountingFakeBackend("fresh");
    try (CompletionCache cache = CompletionCache.open(file)) {
      Completion c = new CachingBackend(new io.reasonrank.llm.ForwardingLlmBackend(model) {
        @Override
        public String model() {
          return "model-a";
        }
      }, cache, "openai-completions http://x/v1").complete(req);
      assertThat(c.text()).isEqualTo("<answer>[2] > [1]</answer>");
      assertThat(c.cached()).isTrue();
      assertThat(model.calls).hasValue(0);
      assertThat(cache.size()).isEqualTo(1);
    }
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
      try (ResultSet rs = s.executeQuery("PRAGMA user_version")) {
        assertThat(rs.getInt(1)).isEqualTo(CompletionCache.LAYOUT);
      }
      try (ResultSet rs = s.executeQuery("SELECT count(*) FROM pragma_table_info('completions') WHERE name IN ('prompt', 'messages')")) {
        assertThat(rs.getInt(1)).isZero();
      }
    }
  }

  @Test
  void aLaterLayoutIsRefusedWithAClearMessage() throws Exception {
    Path file = tmp.resolve("new.sqlite");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE completions (key TEXT PRIMARY KEY)");
      s.execute("PRAGMA user_version = 9");
    }
    assertThatThrownBy(() -> CompletionCache.open(file)).isInstanceOf(CacheException.class)
        .hasMessage("cannot open completion cache " + file + ": its layout version 9 is newer than this reasonrank's (2);"
            + " use a newer reasonrank or another cache file");
    assertThatThrownBy(() -> CompletionCache.openReadOnly(file)).isInstanceOf(CacheException.class)
        .hasMessageContaining("its layout version 9 is newer");
  }

  /** The first release's schema and row, as it wrote them. */
  static void writeFirstLayoutRow(Path file, CacheKey key, String answer) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
      FirstCacheLayout.create(s);
      try (PreparedStatement ps = FirstCacheLayout.prepareInsert(c)) {
        FirstCacheLayout.insert(ps, key, answer, 9000, 12, "stop", 4000, 1);
      }
    }
  }
}
