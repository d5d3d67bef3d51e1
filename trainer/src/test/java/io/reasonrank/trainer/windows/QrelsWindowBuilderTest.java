package io.reasonrank.trainer.windows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.reasonrank.format.Qrels;
import io.reasonrank.io.RankLlmResults;
import io.reasonrank.llm.tokenizer.HfTokenizer;
import io.reasonrank.model.Candidate;
import io.reasonrank.model.Document;
import io.reasonrank.model.Query;
import io.reasonrank.model.RerankRequest;
import io.reasonrank.prompt.ListwiseTranslator;
import io.reasonrank.prompt.PromptMode;
import io.reasonrank.reward.MultiViewReward;
import io.reasonrank.reward.RewardOutcome;
import io.reasonrank.reward.RewardResult;
import io.reasonrank.synth.TrainingExample;
import io.reasonrank.trainer.rldata.RlData;
import io.reasonrank.trainer.rldata.RlRow;
import io.reasonrank.trainer.sft.SftData;
import io.reasonrank.trainer.sft.SftExample;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QrelsWindowBuilderTest {
  @TempDir Path tmp;

  private static RerankRequest request(String qid, int n) {
    List<Candidate> c = new ArrayList<>();
    for (int i = 1; i <= n; i++) c.add(new Candidate(Document.of("d" + i, "passage number " + i + " about topic " + qid), 10 - i));
    return new RerankRequest(new Query(qid, "query " + qid), c);
  }

  private static final Qrels QRELS = new Qrels(Map.of(
      "q1", Map.of("d2", 1, "d3", 3, "d4", 2, "d6", 2, "d7", 0),
      "q3", Map.of("d1", 1),
      "q4", Map.of("d9", 2)));

  @Test
  void labelsComeFromTheQrels() {
    // windows of 3, step 2, over the top 7 of q1: d1-d3, d3-d5, d5-d7; q2 has no judgments and is skipped
    List<TrainingExample> rows = new QrelsWindowBuilder(3, 2, 7, 2, 0)
        .build(List.of(request("q1", 9), request("q2", 9)), QRELS, "dl");
    assertThat(rows).extracting(TrainingExample::initialList).containsExactly(
        List.of("d1", "d2", "d3"), List.of("d3", "d4", "d5"), List.of("d5", "d6", "d7"));
    assertThat(rows).extracting(TrainingExample::finalList).containsExactly(
        List.of("d3", "d2", "d1"), List.of("d3", "d4", "d5"), List.of("d6", "d5", "d7"));
    assertThat(rows).extracting(TrainingExample::relevantDocids).containsExactly(
        List.of("d3"), List.of("d3", "d4"), List.of("d6"));
    assertThat(rows).extracting(TrainingExample::reasoning).containsExactly(
        "[3] answers the query. [2] is related. The others do not.",
        "[1], [2] answer the query. The others do not.",
        "[2] answers the query. The others do not.");
    assertThat(rows.get(0).passages()).extracting(Document::text).containsExactly(
        "passage number 1 about topic q1", "passage number 2 about topic q1", "passage number 3 about topic q1");
    assertThat(rows).allSatisfy(r -> {
      assertThat(r.qid()).isEqualTo("q1");
      assertThat(r.dataset()).isEqualTo("dl");
      assertThat(r.query()).isEqualTo("query q1");
    });
  }

  @Test
  void onlyFullWindowsAndTheRelevantFilter() {
    // q3 has 4 candidates: one window of 3 (a second would be partial); its only judged passage is grade 1
    List<TrainingExample> all = new QrelsWindowBuilder(3, 3, 100, 2, 0).build(List.of(request("q3", 4)), QRELS, "dl");
    assertThat(all).singleElement().satisfies(r -> {
      assertThat(r.relevantDocids()).isEmpty();
      assertThat(r.finalList()).containsExactly("d1", "d2", "d3");
      assertThat(r.reasoning()).isEqualTo("No passage answers the query. [1] is related. The others do not.");
    });
    assertThat(new QrelsWindowBuilder(3, 3, 100, 2, 1).build(List.of(request("q3", 4)), QRELS, "dl")).isEmpty();
    // with grade 1 counting as relevant the window is kept
    assertThat(new QrelsWindowBuilder(3, 3, 100, 1, 1).build(List.of(request("q3", 4)), QRELS, "dl"))
        .singleElement().satisfies(r -> assertThat(r.reasoning()).isEqualTo("[1] answers the query. The others do not."));
    assertThat(QrelsWindowBuilder.reasoning(List.of("x", "y"), Map.of(), 2)).isEqualTo("No passage answers the query.");
    assertThat(QrelsWindowBuilder.reasoning(List.of("x", "y"), Map.of("x", 2, "y", 3), 2)).isEqualTo("[1], [2] answer the query.");
  }

  @Test
  void shuffledCopiesFollowEachWindowAsIfTheRunHadRankedThemSo() {
    QrelsWindowBuilder b = new QrelsWindowBuilder(3, 2, 7, 2, 0, 2, 5);
    // q4's only window (d1-d3 of its top 3) is all grade 0: any order of it has the same target, so it gets no copies
    List<TrainingExample> rows = b.build(List.of(request("q1", 9), request("q2", 9), request("q4", 3)), QRELS, "dl");
    assertThat(rows).hasSize(3 * 3 + 1);
    assertThat(rows.get(9).initialList()).containsExactly("d1", "d2", "d3");
    List<TrainingExample> plain = new QrelsWindowBuilder(3, 2, 7, 2, 0).build(List.of(request("q1", 9)), QRELS, "dl");
    Map<String, Integer> g = QRELS.judgments("q1");
    for (int w = 0; w < 3; w++) {
      assertThat(rows.get(3 * w)).isEqualTo(plain.get(w)); // the window itself comes first, unchanged
      for (int c = 1; c <= 2; c++) {
        TrainingExample copy = rows.get(3 * w + c);
        List<String> order = copy.initialList();
        assertThat(order).containsExactlyInAnyOrderElementsOf(plain.get(w).initialList());
        assertThat(copy.passages()).extracting(Document::id).containsExactlyElementsOf(order);
        // the target sorts the copy's order by grade, ties in the copy's order; relevant ids and reasoning follow it
        List<String> want = new ArrayList<>(order);
        want.sort(java.util.Comparator.comparingInt((String d) -> -g.getOrDefault(d, 0)));
        assertThat(copy.finalList()).isEqualTo(want);
        assertThat(copy.relevantDocids()).isEqualTo(order.stream().filter(d -> g.getOrDefault(d, 0) >= 2).toList());
        assertThat(copy.reasoning()).isEqualTo(QrelsWindowBuilder.reasoning(order, g, 2));
      }
    }
    // seeded: the same seed gives the same copies, another seed other copies
    assertThat(b.build(List.of(request("q1", 9)), QRELS, "dl")).isEqualTo(rows.subList(0, 9));
    List<TrainingExample> other = new QrelsWindowBuilder(3, 2, 7, 2, 0, 2, 6).build(List.of(request("q1", 9)), QRELS, "dl");
    assertThat(other).extracting(TrainingExample::initialList).isNotEqualTo(rows.stream().map(TrainingExample::initialList).toList());
    // over many windows every position of a relevant passage occurs, where run order keeps them where BM25 put them
    List<TrainingExample> many = new QrelsWindowBuilder(3, 1, 9, 2, 1, 20, 1).build(List.of(request("q1", 9)), QRELS, "dl");
    java.util.Set<Integer> firstRelevantAt = new java.util.HashSet<>();
    for (TrainingExample r : many) firstRelevantAt.add(r.initialList().indexOf(r.relevantDocids().get(0)));
    assertThat(firstRelevantAt).containsExactlyInAnyOrder(0, 1, 2);
  }

  @Test
  void constructorChecks() {
    assertThatThrownBy(() -> new QrelsWindowBuilder(0, 1, 10, 2, 0)).hasMessage("window size must be >= 1, got 0");
    assertThatThrownBy(() -> new QrelsWindowBuilder(5, 0, 10, 2, 0)).hasMessage("window step must be >= 1, got 0");
    assertThatThrownBy(() -> new QrelsWindowBuilder(5, 5, 4, 2, 0)).hasMessage("top must be >= the window size 5, got 4");
    assertThatThrownBy(() -> new QrelsWindowBuilder(5, 5, 10, 0, 0)).hasMessage("minimum relevance grade must be >= 1, got 0");
    assertThatThrownBy(() -> new QrelsWindowBuilder(5, 5, 10, 2, 6)).hasMessage("relevant passages per window must be in [0, 5], got 6");
    assertThatThrownBy(() -> new QrelsWindowBuilder(5, 5, 10, 2, 0, -1, 0)).hasMessage("shuffled copies must be >= 0, got -1");
    assertThatThrownBy(() -> new QrelsWindowBuilder(5, 5, 10, 2, 0, 0, 0, 6)).hasMessage("skip must be in [0, top - window size] = [0, 5], got 6");
    assertThatThrownBy(() -> new QrelsWindowBuilder(5, 5, 10, 2, 0, 0, 0, -1)).hasMessage("skip must be in [0, top - window size] = [0, 5], got -1");
  }

  @Test
  void skipLeavesOutTheWindowsOfASmallerTop() {
    // windows of 3 over q1's top 9 are d1-d3, d4-d6, d7-d9; --top 3 builds the first, --skip 3 --top 9 the other two
    List<TrainingExample> all = new QrelsWindowBuilder(3, 3, 9, 2, 0).build(List.of(request("q1", 9)), QRELS, "dl");
    List<TrainingExample> head = new QrelsWindowBuilder(3, 3, 3, 2, 0).build(List.of(request("q1", 9)), QRELS, "dl");
    List<TrainingExample> rest = new QrelsWindowBuilder(3, 3, 9, 2, 0, 0, 0, 3).build(List.of(request("q1", 9)), QRELS, "dl");
    assertThat(head).containsExactly(all.get(0));
    assertThat(rest).containsExactlyElementsOf(all.subList(1, 3));
    assertThat(rest.get(0).initialList()).containsExactly("d4", "d5", "d6");
  }

  @Test
  void writesWhatTrainSftAndTrainGrpoRead() {
    List<TrainingExample> rows = new QrelsWindowBuilder(3, 2, 7, 2, 0).build(List.of(request("q1", 9)), QRELS, "dl");
    ListwiseTranslator t = new ListwiseTranslator(PromptMode.RANK_GPT_REASONING, HfTokenizer.qwen25(), 48);
    QrelsWindowBuilder.Summary s = QrelsWindowBuilder.write(rows, t, tmp.resolve("out"));
    assertThat(s.windows()).isEqualTo(3);
    assertThat(s.queries()).isEqualTo(1);
    assertThat(s.withRelevant()).isEqualTo(3);
    assertThat(s.rows()).exists();

    List<SftExample> sft = SftData.read(s.sftDir()); // the directory, through dataset_info.json, as train sft reads it
    assertThat(sft).hasSize(3);
    assertThat(sft.get(0).output()).isEqualTo(
        "<think>[3] answers the query. [2] is related. The others do not.</think>\n<answer>[3] > [2] > [1]</answer>");
    assertThat(sft.get(2).output()).isEqualTo("<think>[2] answers the query. The others do not.</think>\n<answer>[2] > [1] > [3]</answer>");
    assertThat(sft).allSatisfy(e -> assertThat(e.system()).isEqualTo(PromptMode.RANK_GPT_REASONING.systemPrompt()));
    assertThat(sft.get(0).instruction()).contains("[1] passage number 1 about topic q1").contains("Search Query: query q1");

    List<RlRow> parquet = RlData.read(s.rlParquet());
    List<RlRow> jsonl = RlData.read(s.rlJsonl());
    assertThat(jsonl).isEqualTo(parquet);
    assertThat(parquet).extracting(RlRow::groundTruth).containsExactly("[3] > [2] > [1]", "[1] > [2] > [3]", "[2] > [1] > [3]");
    MultiViewReward reward = new MultiViewReward();
    for (int i = 0; i < 3; i++) {
      RlRow r = parquet.get(i);
      assertThat(r.user()).isEqualTo(sft.get(i).instruction());
      assertThat(r.initialList()).isEqualTo(rows.get(i).initialList());
      assertThat(r.relevantDocids()).isEqualTo(rows.get(i).relevantDocids());
      // the SFT target is a well-formed answer that the multi-view reward scores as perfect
      RewardResult res = reward.compute(sft.get(i).output(), r.groundTruth(), r.initialList(), r.finalList(), r.relevantDocids());
      assertThat(res.outcome()).isEqualTo(RewardOutcome.SCORED);
      assertThat(res.ndcgCut10()).isEqualTo(1.0);
      assertThat(res.recall10()).isEqualTo(1.0);
    }
  }

  @Test
  void dl19WindowsAreSortedByGrade() {
    String shared = System.getProperty("reasonrank.shared.data");
    assumeTrue(shared != null, "reasonrank.shared.data not set");
    Path results = Path.of(shared, "rank_llm", "retrieve_results_dl19.json");
    Path qrelsFile = Path.of(shared, "anserini-tools", "msmarco", "qrels.dl19-passage.txt");
    assumeTrue(Files.isRegularFile(results) && Files.isRegularFile(qrelsFile), "shared DL19 data absent");
    Qrels qrels = Qrels.read(qrelsFile);
    List<TrainingExample> rows = new QrelsWindowBuilder(5, 5, 100, 2, 0).build(RankLlmResults.read(results), qrels, "dl19");
    assertThat(rows).hasSize(43 * 20);
    for (TrainingExample r : rows) {
      Map<String, Integer> g = qrels.judgments(r.qid());
      assertThat(r.finalList()).containsExactlyInAnyOrderElementsOf(r.initialList());
      for (int i = 1; i < r.finalList().size(); i++) {
        assertThat(g.getOrDefault(r.finalList().get(i - 1), 0)).isGreaterThanOrEqualTo(g.getOrDefault(r.finalList().get(i), 0));
      }
      for (String d : r.initialList()) assertThat(r.relevantDocids().contains(d)).isEqualTo(g.getOrDefault(d, 0) >= 2);
    }
  }
}
