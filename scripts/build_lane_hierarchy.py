"""Contraction hierarchies of the lane network, one per corridor filter, for fast lane routes.

Input: the shipped ``data/network.npz`` (build it first). Output:
``src/arcticroute/data/lane_hierarchy.npz`` (read by ``arcticroute.geo.hierarchy``).

A contraction hierarchy (Geisberger et al. 2008, "Contraction Hierarchies: Faster
and Simpler Hierarchical Routing in Road Networks") orders the nodes and removes
them one by one, adding a *shortcut* u-w of length w(u,x) + w(x,w) whenever the
removed node x lies on the only shortest u-w path among the remaining nodes (no
*witness* path as short avoids it). A shortest path then always climbs to its
highest node and descends: a query searches upward from both ends over the
edges to higher nodes only, a small part of the graph, and meets at the top.

Order: the node whose removal adds the fewest shortcuts relative to its degree
(edge difference) plus the number of its neighbours already removed (spreads
the removals), updated lazily. Witness searches are Dijkstra searches from
each neighbour, bounded by the longest candidate shortcut and by
``WITNESS_SETTLE`` settled nodes: a bounded search may miss a witness and add
an unneeded shortcut, never a wrong one. One hierarchy per filter (the
passages a corridor closes), since a witness through a closed passage would not
exist for that corridor.

For every upward edge the file stores its length and, for a shortcut, the node
it bypasses, so a query's path is unpacked back into lane edges.

For the direct route's filter (``auto``, the default of ``route`` and ``compare``)
the upward searches themselves are stored as *hub labels* (Abraham et al. 2011,
"A Hub-Based Labeling Algorithm for Shortest Paths on Road Networks"): for every
node, the nodes its upward search reaches at their true distance (entries whose
upward distance exceeds the shortest distance are pruned: they are never the top
of a shortest path), with the distance and the entry it is reached from. A route
is then the best common hub of two labels, without a search.
Run: ``python scripts/build_lane_hierarchy.py``.
"""

from __future__ import annotations

import argparse
import hashlib
import heapq
import time
from importlib import resources
from pathlib import Path

import numpy as np

from arcticroute.geo.network import load_network
from arcticroute.geo.passages import CORRIDORS

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "src" / "arcticroute" / "data" / "lane_hierarchy.npz"
WITNESS_SETTLE = 400


def witness_lengths(adj, source: int, skip: int, targets: set, bound: float) -> dict:
    """Shortest lengths from ``source`` to ``targets`` avoiding ``skip``, up to ``bound``."""
    dist = {source: 0.0}
    heap = [(0.0, source)]
    found = {}
    settled = 0
    while heap and settled < WITNESS_SETTLE:
        d, x = heapq.heappop(heap)
        if d > dist.get(x, np.inf) or d > bound:
            continue
        settled += 1
        if x in targets:
            found[x] = d
            if len(found) == len(targets):
                break
        for y, (w, _) in adj[x].items():
            if y == skip:
                continue
            nd = d + w
            if nd < dist.get(y, np.inf):
                dist[y] = nd
                heapq.heappush(heap, (nd, y))
    return found


def shortcuts_for(adj, x: int) -> list[tuple[int, int, float]]:
    """The shortcuts removing ``x`` needs (pairs of its neighbours with no witness)."""
    nbrs = list(adj[x].items())
    out = []
    for i, (u, (wu, _)) in enumerate(nbrs):
        rest = {v: wu + wv for v, (wv, _) in nbrs[i + 1 :]}
        if not rest:
            continue
        found = witness_lengths(adj, u, x, set(rest), max(rest.values()))
        for v, length in rest.items():
            if found.get(v, np.inf) > length:
                out.append((u, v, length))
    return out


def contract(n: int, eu, ev, w):
    """Node ranks and the upward edges (from, to, length, middle node or -1)."""
    adj = [dict() for _ in range(n)]
    for a, b, length in zip(eu.tolist(), ev.tolist(), w.tolist(), strict=True):
        if a != b and length < adj[a].get(b, (np.inf, -1))[0]:
            adj[a][b] = (length, -1)
            adj[b][a] = (length, -1)
    removed_nbrs = np.zeros(n, dtype=np.int64)

    def priority(x: int) -> float:
        return len(shortcuts_for(adj, x)) - len(adj[x]) + removed_nbrs[x]

    heap = [(priority(x), x) for x in range(n)]
    heapq.heapify(heap)
    rank = np.full(n, -1, dtype=np.int64)
    up = []
    k = 0
    while heap:
        _, x = heapq.heappop(heap)
        if rank[x] >= 0:
            continue
        new_p = priority(x)
        if heap and new_p > heap[0][0]:
            heapq.heappush(heap, (new_p, x))
            continue
        rank[x] = k
        k += 1
        for u, v, length in shortcuts_for(adj, x):
            if length < adj[u].get(v, (np.inf, -1))[0]:
                adj[u][v] = (length, x)
                adj[v][u] = (length, x)
        for y, (length, mid) in adj[x].items():
            up.append((x, y, length, mid))  # y is removed later: higher
            del adj[y][x]
            removed_nbrs[y] += 1
        adj[x] = {}
    return rank, up


def hierarchy(net, mask: int) -> dict[str, np.ndarray]:
    keep = (net.edge_tags & np.uint16(mask)) == 0
    rank, up = contract(net.n_nodes, net.edge_u[keep], net.edge_v[keep], net.edge_length_m[keep])
    frm = np.array([a for a, _, _, _ in up], dtype=np.int64)
    to = np.array([b for _, b, _, _ in up], dtype=np.int64)
    length = np.array([c for _, _, c, _ in up], dtype=np.float64)
    mid = np.array([m for _, _, _, m in up], dtype=np.int32)
    order = np.lexsort((to, frm))
    frm, to, length, mid = frm[order], to[order], length[order], mid[order]
    indptr = np.zeros(net.n_nodes + 1, dtype=np.int32)
    np.add.at(indptr, frm + 1, 1)
    return {
        "indptr": np.cumsum(indptr).astype(np.int32),
        "indices": to.astype(np.int32),
        "length_m": length,
        "middle": mid,
        "rank": rank.astype(np.int32),
    }


def hub_labels(net, h: dict[str, np.ndarray], mask: int) -> dict[str, np.ndarray]:
    """Pruned hub labels of every node: hub ids (sorted), distances and the index of
    each entry's predecessor in the same label (-1 at the node itself)."""
    from scipy.sparse import csr_matrix
    from scipy.sparse.csgraph import dijkstra

    n = net.n_nodes
    up = csr_matrix((h["length_m"], h["indices"], h["indptr"]), shape=(n, n))
    full = net.graph(mask)
    offsets, hubs, dists, preds = [0], [], [], []
    for start in range(0, n, 256):
        idx = np.arange(start, min(start + 256, n))
        du, pu = dijkstra(up, indices=idx, return_predecessors=True)
        df = dijkstra(full, indices=idx)
        for r, v in enumerate(idx):
            keep = np.flatnonzero(np.isfinite(du[r]) & (du[r] <= df[r] * (1 + 1e-12) + 1e-6))
            pos = {int(x): i for i, x in enumerate(keep)}
            pred = np.array([pos.get(int(pu[r, x]), -1) if x != v else -1 for x in keep])
            if np.any((pred < 0) & (keep != v)):
                raise SystemExit(f"label of node {v}: a kept entry's predecessor was pruned")
            hubs.append(keep)
            dists.append(du[r, keep])
            preds.append(pred)
            offsets.append(offsets[-1] + keep.size)
    return {
        "label_offset": np.array(offsets, dtype=np.int32),
        "label_hub": np.concatenate(hubs).astype(np.int16),
        "label_dist": np.concatenate(dists),
        "label_pred": np.concatenate(preds).astype(np.int16),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args()
    net = load_network()
    masks = sorted({0} | {c.forbidden_mask for c in CORRIDORS.values()})
    arrays: dict[str, np.ndarray] = {"masks": np.array(masks, dtype=np.int64)}
    for m in masks:
        t0 = time.perf_counter()
        h = hierarchy(net, m)
        shortcuts = int((h["middle"] >= 0).sum())
        print(
            f"mask {m:5d}: {h['indices'].size} upward edges ({shortcuts} shortcuts) "
            f"in {time.perf_counter() - t0:.1f} s"
        )
        arrays.update({f"{k}_{m}": v for k, v in h.items()})
        if m == CORRIDORS["auto"].forbidden_mask:
            labels = hub_labels(net, h, m)
            print(f"  hub labels: {labels['label_hub'].size} entries")
            arrays.update({f"{k}_{m}": v for k, v in labels.items()})
    sha = hashlib.sha256(
        (resources.files("arcticroute") / "data" / "network.npz").read_bytes()
    ).hexdigest()
    arrays["network_sha256"] = np.array(sha)
    tmp = args.out.with_suffix(".tmp.npz")
    np.savez_compressed(tmp, **arrays)
    tmp.replace(args.out)
    print(f"wrote {args.out} ({args.out.stat().st_size / 1e3:.0f} kB)")


if __name__ == "__main__":
    main()
