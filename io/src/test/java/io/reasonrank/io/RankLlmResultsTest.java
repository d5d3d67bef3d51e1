package io.reasonrank.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reasonrank.format.InputException;
import io.reasonrank.model.Candidate;
import io.reasonrank.model.Document;
import io.reasonrank.model.Query;
import io.reasonrank.model.RerankRequest;
import io.reasonrank.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RankLlmResultsTest {
  @TempDir Path dir;

  @Test
  void readsQueryTextAndQidFromTheHits() throws Exception {
    Path f = dir.resolve("r.json");
    Files.writeString(f, """
        [{"query": "how long", "hits": [
           {"content": "p1", "qid": 264014, "docid": "7", "rank": 1, "score": 15.5},
           {"content": "p2", "qid": 264014, "docid": 8, "rank": 2, "score": 14.0}]},
         {"query": {"text": "object query", "qid": "q2"}, "hits": []}]
        """);
    List<RerankRequest> reqs = RankLlmResults.read(f);
    assertThat(reqs).hasSize(2);
    assertThat(reqs.get(0).query()).isEqualTo(new Query("264014", "how long"));
    assertThat(reqs.get(0).candidates()).extracting(Candidate::docid).containsExactly("7", "8");
    assertThat(reqs.get(0).candidates().get(0).score()).isEqualTo(15.5);
    assertThat(reqs.get(0).candidates().get(1).doc().text()).isEqualTo("p2");
    assertThat(reqs.get(1).query()).isEqualTo(new Query("q2", "object query"));
  }

  @Test
  void roundTrips() {
    Path f = dir.resolve("out.json.gz");
    RerankRequest r = new RerankRequest(new Query("1", "q"), List.of(new Candidate(Document.of("d", "text"), 2.5)));
    RankLlmResults.write(f, List.of(r));
    assertThat(RankLlmResults.read(f)).containsExactly(r);
  }

  @Test
  void brokenFilesAreUserErrors() throws Exception {
    Path f = dir.resolve("bad.json");
    Files.writeString(f, "{\"query\": \"q\"}");
    assertThatThrownBy(() -> RankLlmResults.read(f)).isInstanceOf(InputException.class)
        .hasMessage(f + ": expected a JSON array of {query, hits}");
    Files.writeString(f, "[{\"query\": \"q\"}]");
    assertThatThrownBy(() -> RankLlmResults.read(f)).hasMessage(f + ": entry 0: missing 'query' or 'hits'");
    Files.writeString(f, "[{\"query\": \"q\", \"hits\": [{\"qid\": 1}]}]");
    assertThatThrownBy(() -> RankLlmResults.read(f)).hasMessage(f + ": entry 0: a hit has no 'docid'");
    Files.writeString(f, "[{\"query\": \"q\", \"hits\": []}]");
    assertThatThrownBy(() -> RankLlmResults.read(f)).hasMessage(f + ": entry 0: no query id (hits carry 'qid')");
    Files.writeString(f, "[{\"query\": \"q\",\n \"hits\": [}]");
    assertThatThrownBy(() -> RankLlmResults.read(f)).hasMessageStartingWith(f + ":2: invalid JSON: ");
    Files.writeString(f, "[]");
    assertThatThrownBy(() -> RankLlmResults.read(f)).hasMessage(f + ": no queries");
  }

  @Test
  void readsTheRealDl19File() {
    List<RerankRequest> reqs = RankLlmResults.read(SharedData.path("rank_llm/retrieve_results_dl19.json"));
    assertThat(reqs).hasSize(43);
    assertThat(reqs.get(0).candidates()).hasSize(100);
    assertThat(reqs.get(0).query().id()).isEqualTo("264014");
  }
}
