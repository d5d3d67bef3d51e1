package io.reasonrank.search.lucene;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reasonrank.model.Query;
import io.reasonrank.model.ScoredDoc;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The threaded batch both BM25 searchers run their {@code searchAll} on. */
class BatchSearchTest {
  private static final List<Query> QUERIES = List.of(new Query("c", "x"), new Query("a", "y"), new Query("b", "fail"));

  @Test
  void resultsFollowQueryOrderAndProgressCountsEveryQuery() throws InterruptedException {
    List<Integer> seen = new CopyOnWriteArrayList<>();
    SearchProgress progress = new SearchProgress() {
      @Override
      public void started(int queries) {
        seen.add(-queries);
      }

      @Override
      public void advanced(int queriesDone) {
        seen.add(queriesDone);
      }
    };
    Map<String, List<ScoredDoc>> out = BatchSearch.run(QUERIES, 2, "t-", false, progress,
        q -> List.of(new ScoredDoc(q.text(), 1f), new ScoredDoc(Thread.currentThread().getName(), 0f)));
    assertThat(out.keySet()).containsExactly("c", "a", "b");
    assertThat(out.get("a").get(0).docid()).isEqualTo("y");
    assertThat(out.values()).allSatisfy(hits -> assertThat(hits.get(1).docid()).matches("t-[01]"));
    assertThat(seen.get(0)).isEqualTo(-3);
    assertThat(seen.subList(1, 4)).containsExactlyInAnyOrder(1, 2, 3);
  }

  @Test
  void threadsMustBePositive() {
    assertThatThrownBy(() -> BatchSearch.run(QUERIES, 0, "t-", false, SearchProgress.NONE, q -> List.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("threads must be >= 1, got 0");
  }

  @Test
  void aFailedQueryFailsTheBatchWithItsOwnException() {
    assertThatThrownBy(() -> BatchSearch.run(QUERIES, 1, "t-", false, SearchProgress.NONE, q -> {
      if (q.text().equals("fail")) throw new IllegalArgumentException("bad query " + q.id());
      return List.of();
    })).isInstanceOf(IllegalArgumentException.class).hasMessage("bad query b");
  }

  @Test
  void cancelOnFailureInterruptsTheQueriesInFlight() throws InterruptedException {
    CountDownLatch slowStarted = new CountDownLatch(1);
    AtomicBoolean interrupted = new AtomicBoolean();
    List<Query> qs = List.of(new Query("fail", "fail"), new Query("slow", "slow"));
    assertThatThrownBy(() -> BatchSearch.run(qs, 2, "t-", true, SearchProgress.NONE, q -> {
      if (q.id().equals("slow")) {
        slowStarted.countDown();
        try {
          Thread.sleep(60_000);
        } catch (InterruptedException e) {
          interrupted.set(true);
        }
        return List.of();
      }
      try {
        slowStarted.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
      throw new IllegalStateException("engine down");
    })).isInstanceOf(IllegalStateException.class).hasMessage("engine down");
    assertThat(interrupted).isTrue();
  }
}
