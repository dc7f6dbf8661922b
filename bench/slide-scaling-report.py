#!/usr/bin/env python3
"""bench/slide-scaling's page: SCALING.jsonl (bench/slides records of the slides-N set-ups) and BASELINE.jsonl (the
slide benchmark's records from before the compact codes) -> OUT.md: the scaling rows, the issue's targets and a cost
model for an archive of 10,000 slides, every input of which is a figure of these records or a stated assumption."""
import json
import sys

rows = [json.loads(line) for line in open(sys.argv[1])]
baseline = [json.loads(line) for line in open(sys.argv[2])]
out = []
p = out.append


def one(records, kind, **match):
    return next((r for r in records if r["kind"] == kind and all(r.get(k) == v for k, v in match.items())), None)


run = one(rows, "slides-run")
end = one(rows, "slides-end")
setups = sorted({r["setup"] for r in rows if r["kind"] == "slides-index"}, key=lambda s: int(s.split("-")[1]))

p("# Scaling over slides: 1, 10 and 100 virtual slides\n")
p(f"Written by `bench/slide-scaling` (bench/slides with the set-ups below; records in {sys.argv[1]}) at commit "
  f"`{run['commit']}`, {run['date']}. Machine: {run['cores']} cores ({run['cpu']}), {run['memory_mb'] / 1024:.0f} GB; load "
  f"average {run['load_start']} at the start" + (f", {end['load_end']} at the end; the run took {end['seconds'] / 60:.1f} min wall." if end else "."))
p(f"\nEach repository is made by `cmir make-slides DATA/bf_aligned OUT --names splits.csv --seed {run['seed']} --slides N "
  "--megapixels M --shg DATA/shg --patch 160`: the 31 BF cores of the data set, each on exactly one slide, the rest of every "
  "slide's grid filled with decoy cores (mirrored or transposed copies of the train cores), so each N lays the slides out "
  f"differently. Indexed with `cmir index SLIDES --out INDEX --model Assets/models/bf-shg.cmirmodel --modality bf --vocabulary "
  f"{run['vocabulary']} --seed 1`; queried with the 20 SHG test images whole and as 160 px patches, `cmir eval INDEX QUERIES "
  "--modality shg --truth truth.csv --rerank 30 --json` (a hit: the right slide, centre within half the query's side). Places: "
  "the cells the first stage ranks (windows of them are listed).\n")

p("| slides | level-0 GP | tissue GP | places | index MB | index MB per tissue GP | build s per slide (CPU s) | peak RSS MB indexing | "
  "Acc@1 whole / patch | query p50 / p95 ms (in-process, no re-ranking) | one `cmir query --rerank 30`: s, peak RSS MB |")
p("|---|---|---|---|---|---|---|---|---|---|---|")
for setup in setups:
    i, lat = one(rows, "slides-index", setup=setup), one(rows, "slides-latency", setup=setup)
    full, patch = one(rows, "slides-eval", setup=setup, queries="full"), one(rows, "slides-eval", setup=setup, queries="patch")
    q = lat["query_process"]
    p(f"| {i['slides']} | {i['level0_megapixels'] / 1000:.3f} | {i['tissue_megapixels'] / 1000:.3f} | {i['places']:,} | "
      f"{i['bytes'] / 1e6:.1f} | {i['bytes_per_tissue_gigapixel'] / 1e6:.0f} | {i['seconds'] / i['slides']:.1f} "
      f"({i['cpu_seconds'] / i['slides']:.1f}) | {i['peak_rss_mb']:.0f} | {full['acc']['1']:.0f} / {patch['acc']['1']:.0f} | "
      f"{lat['p50_ms']:.0f} / {lat['p95_ms']:.0f} | {q['seconds']:.1f}, {q['peak_rss_mb']:.0f} |")

first, last = setups[0], setups[-1]
acc_first = one(rows, "slides-eval", setup=first, queries="full")["acc"]["1"]
acc_last = one(rows, "slides-eval", setup=last, queries="full")["acc"]["1"]
last_index, last_latency = one(rows, "slides-index", setup=last), one(rows, "slides-latency", setup=last)
before = [r for r in baseline if r["kind"] == "slides-index"]
before_best = min(before, key=lambda r: r["bytes_per_tissue_gigapixel"]) if before else None
after_worst = max((one(rows, "slides-index", setup=s) for s in setups), key=lambda r: r["bytes_per_tissue_gigapixel"])
p("\n## The issue's targets\n")
p("| target | measured | met? |")
p("|---|---|---|")
ratio = acc_last / acc_first if acc_first else 0
p(f"| {last_index['slides']} slides: Acc@1 (whole SHG images, re-ranking 30) >= 90 % of its 1-slide value | {acc_last:.0f} % against "
  f"{acc_first:.0f} % ({ratio * 100:.0f} %) | {'yes' if ratio >= 0.9 else '**no**'} |")
p(f"| {last_index['slides']} slides: query p50 <= 1.5 s on {run['cores']} cores | {last_latency['p50_ms'] / 1000:.2f} s in-process; "
  f"{last_latency['query_process']['seconds']:.1f} s for one `cmir query` process with re-ranking | "
  f"{'yes' if last_latency['p50_ms'] <= 1500 else '**no**'} |")
p(f"| {last_index['slides']} slides: RSS <= 2 GB (query) | {last_latency['query_process']['peak_rss_mb']:.0f} MB | "
  f"{'yes' if last_latency['query_process']['peak_rss_mb'] <= 2048 else '**no**'} |")
if before_best:
    share = after_worst["bytes_per_tissue_gigapixel"] / before_best["bytes_per_tissue_gigapixel"]
    p(f"| index size per tissue gigapixel at most a quarter of before the compact codes | {after_worst['bytes_per_tissue_gigapixel'] / 1e6:.0f} MB "
      f"(largest here) against {before_best['bytes_per_tissue_gigapixel'] / 1e6:.0f} MB (smallest before: {sys.argv[2]}, commit "
      f"{one(baseline, 'slides-run')['commit']}, set-up {before_best['setup']}): {share:.2f} | {'yes' if share <= 0.25 else '**no**'} |")

# ------------------------------------------------------------------------------------------------------ cost model
SLIDES, GIGAPIXELS, TISSUE, NODE_CORES, NODE_MEMORY_GB = 10_000, 2.5, 0.3, 32, 256
cpu_per_tissue_mp = last_index["cpu_seconds"] / last_index["tissue_megapixels"]
bytes_per_tissue_gp = last_index["bytes_per_tissue_gigapixel"]
tissue_gp = SLIDES * GIGAPIXELS * TISSUE
features_per_tissue_mp = sum(s["words"] for s in last_index["per_slide"]) / last_index["tissue_megapixels"]
rss_per_feature = last_latency["query_process"]["peak_rss_mb"] * 1e6 / sum(s["words"] for s in last_index["per_slide"])
stages = last_latency["stages"]
analysis_ms = stages["analyze (represent+extract+quantize)"]["p50_ms"]
votes_ms = stages["score and rank (votes)"]["p50_ms"]
archive_features = tissue_gp * 1000 * features_per_tissue_mp
memory_tb = archive_features * rss_per_feature / 1e12
query_nodes = max(1, int(-(-memory_tb * 1000 // (NODE_MEMORY_GB * 0.8))))
p("\n## Cost model: 10,000 slides of 2.5 gigapixels\n")
p(f"Assumptions (not measured): {SLIDES:,} slides of {GIGAPIXELS} level-0 gigapixels, {TISSUE:.0%} of it tissue (real H&E slides "
  f"hold 20-40 %; the virtual ones here {last_index['tissue_megapixels'] / last_index['level0_megapixels']:.0%}); cluster nodes of "
  f"{NODE_CORES} cores and {NODE_MEMORY_GB} GB like this machine's cores; indexing scales with cores (tiles are represented in "
  "parallel) and one slide per array task. Inputs measured above on the "
  f"{last_index['slides']}-slide repository: {cpu_per_tissue_mp:.1f} CPU s per tissue megapixel to index (representation and "
  f"features; the vocabulary is trained once, apart), {bytes_per_tissue_gp / 1e6:.0f} MB of index per tissue gigapixel, "
  f"{features_per_tissue_mp:,.0f} stored features per tissue megapixel, {rss_per_feature:.0f} bytes of query-process memory per "
  f"stored feature (peak RSS over stored features, so the model and the process are counted in), query analysis "
  f"{analysis_ms:.0f} ms and votes {votes_ms:.0f} ms (p50).\n")
total_cpu_h = tissue_gp * 1000 * cpu_per_tissue_mp / 3600
per_slide_h = GIGAPIXELS * TISSUE * 1000 * cpu_per_tissue_mp / 3600 / NODE_CORES
p(f"- **Tissue**: {tissue_gp:,.0f} gigapixels; **stored features**: {archive_features:.2e}.")
p(f"- **Build**: {total_cpu_h:,.0f} CPU hours in all; one slide per array task takes {per_slide_h:.2f} h on one {NODE_CORES}-core node. "
  + ", ".join(f"K = {k} nodes: {total_cpu_h / (k * NODE_CORES):,.1f} h wall" for k in (10, 50, 100, 500)) + ".")
p(f"- **Storage**: {tissue_gp * bytes_per_tissue_gp / 1e12:.2f} TB of shards (before the compact codes: "
  + (f"{tissue_gp * before_best['bytes_per_tissue_gigapixel'] / 1e12:.2f} TB)." if before_best else "not measured).")
  + " The slides themselves are far larger (JPEG-compressed pyramids, about 0.5-1 GB per slide).")
p(f"- **Query**: the stored features need {memory_tb:.2f} TB of memory to be searched in memory as here, i.e. about "
  f"{query_nodes} nodes of {NODE_MEMORY_GB} GB (80 % usable), each holding its shards. A query is analysed once "
  f"({analysis_ms:.0f} ms), every node votes over its own shards, returning for each query feature its nearest stored descriptors "
  "(11 distances and places, the votes' background included), the merge of these lists gives exactly the votes of one index, "
  "and the top 30 places are re-ranked from their shards. The votes compare each query feature with at most 2,048 stored "
  "descriptors (nearest words first), so a node's votes cost does not grow with its share of the archive beyond the words "
  f"it probes: about the {votes_ms:.0f} ms measured here, plus the merge and the network (a few ms on a cluster network). "
  f"Expected latency: analysis + votes + re-ranking of 30, about {(analysis_ms + votes_ms) / 1000 + 0.5:.1f} s, if the shards "
  "stay in memory; read from disk for every query (no resident search service) it is bounded instead by reading "
  f"{tissue_gp * bytes_per_tissue_gp / 1e12 / max(1, query_nodes):.2f} TB per node, minutes.")
p("- **Not modelled**: vocabulary training on a sample of the archive (one task, hours), shard imbalance (slides differ in "
  "tissue), the accuracy of the first stage among 10,000 slides (measured here up to 100).")
open(sys.argv[3], "w").write("\n".join(out) + "\n")
