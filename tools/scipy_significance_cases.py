#!/usr/bin/env python3
"""Golden p-values of scipy's paired tests for io/.../compare/SignificanceTestsScipyTest.

Writes io/src/test/resources/io/reasonrank/compare/scipy_significance_cases.tsv: one case a line,
  name <TAB> a (comma-separated floats) <TAB> b <TAB> p ttest_rel(b, a) <TAB> p wilcoxon(b, a) <TAB> wilcoxon branch
with floats as Python's repr (round-trip exact) and NaN where scipy returns NaN. The cases are synthetic pairs
at small and boundary query counts (the 13/14 and 50/51 switches of wilcoxon's method='auto'), with and without
zero differences and ties, identical and constant-shift runs, plus real per-query values: pairs of measures of the
reference's pytrec_eval goldens, and DL19 BM25 against the scripted ReasonRank run (average precision computed
here as trec_eval does).

Run from the repository root with scipy 1.17.1:  python3 tools/scipy_significance_cases.py [SHARED_DATA_DIR]
"""
import gzip
import json
import math
import os
import sys
import warnings

import numpy as np
import scipy
from scipy import stats

assert scipy.__version__ == "1.17.1", "pinned against scipy 1.17.1, found " + scipy.__version__

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATA = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "..", "shared", "data")
OUT = os.path.join(ROOT, "io", "src", "test", "resources", "io", "reasonrank", "compare", "scipy_significance_cases.tsv")


def branch(a, b):
    d = np.asarray(b, float) - np.asarray(a, float)
    n = len(d)
    nz = np.abs(d[d != 0])
    ties = len(np.unique(nz)) < len(nz)
    if n > 50:
        return "normal"
    if not ties and not (d == 0).any():
        return "exact"
    return "signflips" if n <= 13 else "normal"


def fmt(x):
    x = float(x)
    return "NaN" if math.isnan(x) else repr(x)


cases = []


def add(name, a, b):
    a = [float(x) for x in a]
    b = [float(x) for x in b]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        t = stats.ttest_rel(b, a).pvalue
        w = stats.wilcoxon(b, a).pvalue
    cases.append((name, a, b, t, w, branch(a, b)))


rng = np.random.default_rng(20260421)
for n in (2, 3, 5, 8, 10, 12, 13, 14, 20, 49, 50, 51, 60, 100):
    a = rng.random(n)
    add(f"continuous n={n}", a, a + rng.normal(0.02, 0.1, n))
    # IR-like: values on a grid of tenths make ties; some queries unchanged make zeros
    a = np.round(rng.random(n), 1)
    b = np.round(np.clip(a + rng.choice([-0.2, -0.1, 0, 0, 0.1, 0.2, 0.3], n), 0, 1), 1)
    add(f"tenths with zeros and ties n={n}", a, b)
    a = rng.random(n)
    b = a.copy()
    b[0] = a[0] + 0.25  # exactly one zero-free difference among zeros
    add(f"one nonzero difference n={n}", a, b)
    add(f"identical runs n={n}", a, a)
    add(f"constant shift 0.1 n={n}", a, a + 0.1)
    steps = np.arange(1, n + 1) / (n + 1)
    add(f"ranks no ties n={n}", np.zeros(n), steps * rng.choice([-1, 1], n))
    tied = np.ceil(np.arange(1, n + 1) / 2) / n  # every |d| twice
    add(f"paired ties no zeros n={n}", np.zeros(n), tied * rng.choice([-1, 1], n))
    d = np.ceil(np.arange(1, n + 1) / 3) / n * rng.choice([-1, 1], n)
    d[:: max(2, n // 3)] = 0
    add(f"ties and zeros n={n}", np.full(n, 0.5), 0.5 + d)
add("all ones vs all zeros n=8", np.zeros(8), np.ones(8))
add("single pair", [0.3], [0.5])
add("d = 1..5", np.zeros(5), [1, 2, 3, 4, 5])
add("sleep data", [0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0], [1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4])
add("one zero among 9 ties n=10", np.zeros(10), [2, 4, 3, 3, 1, 2, -1, 5, 3, 0])
add("d = 0, 1, 1", [1, 0, 0], [1, 1, 1])

# real per-query values: two measures of one golden run form a paired sample with IR's ties and zeros
for run, pairs in (
    ("dl19.bm25_top100.rank_llm", [("ndcg_cut_10", "ndcg_cut_20"), ("P_5", "P_10"), ("recall_10", "recall_20"), ("map", "ndcg_cut_100")]),
    ("scifact.bm25_flat_top100.anserini", [("ndcg_cut_10", "ndcg_cut_5"), ("recall_10", "recall_20")]),
    ("bright-biology.reasonir_gpt4cot_top100", [("ndcg_cut_10", "ndcg_cut_20"), ("recip_rank", "P_1")]),
    ("bright-leetcode.reasonir_gpt4cot_top100", [("ndcg_cut_10", "ndcg_cut_5")]),
):
    per_query = json.load(open(os.path.join(DATA, "golden", "eval", run + ".pytrec_eval.json")))["per_query"]
    qids = sorted(per_query)
    for x, y in pairs:
        add(f"{run} {x} vs {y}", [per_query[q][x] for q in qids], [per_query[q][y] for q in qids])
        for n in (8, 13, 14, 50, 51):
            if n < len(qids):
                add(f"{run} first {n} {x} vs {y}", [per_query[q][x] for q in qids[:n]], [per_query[q][y] for q in qids[:n]])


def read_run(path):
    runs = {}
    for line in open(path):
        f = line.split()
        if len(f) == 6:
            runs.setdefault(f[0], []).append((f[2], float(f[4])))
    return runs


def average_precision(hits, judged):
    """trec_eval 9's map: sort by score descending then docid descending, relevance level 1."""
    num_rel = sum(1 for r in judged.values() if r >= 1)
    order = sorted(hits, key=lambda h: (h[1], h[0]), reverse=True)
    rel_so_far, s = 0, 0.0
    for i, (doc, _) in enumerate(order):
        if judged.get(doc, 0) >= 1:
            rel_so_far += 1
            s += rel_so_far / (i + 1)
    return s / num_rel if rel_so_far else 0.0


qrels = {}
for line in open(os.path.join(DATA, "anserini-tools", "msmarco", "qrels.dl19-passage.txt")):
    q, _, doc, rel = line.split()
    qrels.setdefault(q, {})[doc] = int(rel)
bm25 = read_run(os.path.join(DATA, "rank_llm", "trec_results_dl19.txt"))
scripted = read_run(os.path.join(DATA, "golden", "scripted_rerank_dl19.rank_GPT_reasoning.trec"))
golden_bm25 = json.load(open(os.path.join(DATA, "golden", "eval", "dl19.bm25_top100.rank_llm.pytrec_eval.json")))["per_query"]
qids = sorted(q for q in scripted if q in qrels)
base = [average_precision(bm25[q], qrels[q]) for q in qids]
assert base == [golden_bm25[q]["map"] for q in qids], "average precision differs from the pytrec_eval golden"
add("dl19 bm25 vs scripted rank_GPT_reasoning map", base, [average_precision(scripted[q], qrels[q]) for q in qids])

with open(OUT, "w") as out:
    out.write("# generated by tools/scipy_significance_cases.py with scipy %s, numpy %s; do not edit\n"
              % (scipy.__version__, np.__version__))
    for name, a, b, t, w, br in cases:
        out.write("\t".join([name, ",".join(map(fmt, a)), ",".join(map(fmt, b)), fmt(t), fmt(w), br]) + "\n")
print(f"{len(cases)} cases -> {os.path.relpath(OUT, ROOT)}")
for name, a, b, t, w, br in cases:
    if name.startswith("dl19 bm25 vs"):
        print(name, "ttest", t, "wilcoxon", w, br)
