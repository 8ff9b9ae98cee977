"""The one search every route uses: Dijkstra from a virtual source.

:func:`dijkstra` is the primitive: one compiled call of
``scipy.sparse.csgraph.dijkstra`` from a virtual node joined to each source (a
node and the cost of reaching it), optionally cut at a cost ``limit``. Every
search of the package is this call on some graph:

* a lane route without ice: :func:`hierarchy_route`, two searches upward in the
  lane network's contraction hierarchy (:mod:`arcticroute.geo.hierarchy`);
* lane trees (distance matrices, the lanes of a route on a date):
  :meth:`arcticroute.geo.network.Network.shortest_tree`;
* the mesh phase of a route on a date, with the ice of the time of passage:
  :func:`arcticroute.routing.timed.timed_tree`.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import dijkstra as _csgraph_dijkstra

from arcticroute.geo.hierarchy import Hierarchy

__all__ = ["dijkstra", "dijkstra_sets", "hierarchy_route", "node_trees"]


def _merged(h: Hierarchy, ends: Sequence[tuple[int, float]]) -> tuple:
    """The labels of several end nodes as one: for each hub the best (distance, end, index)."""
    parts = [h.label(node) for node, _ in ends]
    hubs = np.concatenate([p[0] for p in parts])
    dist = np.concatenate([p[1] + c for p, (_, c) in zip(parts, ends, strict=True)])
    owner = np.concatenate([np.full(p[0].size, k) for k, p in enumerate(parts)])
    index = np.concatenate([np.arange(p[0].size) for p in parts])
    order = np.lexsort((dist, hubs))
    hubs, dist, owner, index = hubs[order], dist[order], owner[order], index[order]
    first = np.r_[True, hubs[1:] != hubs[:-1]]
    return hubs[first], dist[first], owner[first], index[first], parts


def _climb(label: tuple, i: int) -> list[int]:
    """Hubs from a label's node up to its ``i``-th entry."""
    hubs, _, pred = label
    out = [int(hubs[i])]
    while pred[i] >= 0:
        i = int(pred[i])
        out.append(int(hubs[i]))
    return out[::-1]


def _label_route(h: Hierarchy, starts, ends) -> tuple[float, list[int]] | None:
    """:func:`hierarchy_route` by hub labels: the best common hub of the two labels."""
    hs, ds, os_, is_, ps = _merged(h, starts)
    he, de, oe, ie, pe = _merged(h, ends)
    _, a, b = np.intersect1d(hs, he, assume_unique=True, return_indices=True)
    if not a.size:
        return None
    total = ds[a] + de[b]
    k = int(np.argmin(total))
    up = _climb(ps[os_[a[k]]], int(is_[a[k]]))
    down = _climb(pe[oe[b[k]]], int(ie[b[k]]))
    return float(total[k]), h.unpack(up + down[::-1][1:])


def dijkstra(
    graph: csr_matrix, sources: Sequence[tuple[int, float]], *, limit: float = np.inf
) -> tuple[NDArray[np.float64], NDArray[np.int64]]:
    """Least costs from a virtual node joined to every ``(node, start cost)`` source.

    Returns costs (inf where unreached or beyond ``limit``) and predecessors
    (-1 at a source and where unreached). Edge costs of ``inf`` are impassable.
    """
    dist, pred = dijkstra_sets(graph, [sources], limit=limit)
    return dist[0], pred[0]


def dijkstra_sets(
    graph: csr_matrix, source_sets: Sequence[Sequence[tuple[int, float]]], *, limit: float = np.inf
) -> tuple[NDArray[np.float64], NDArray[np.int64]]:
    """:func:`dijkstra` from several sets of sources in one compiled call: one virtual
    node per set; rows of the results in the order of the sets."""
    n = graph.shape[0]
    nodes = [np.array([s for s, _ in src], dtype=graph.indices.dtype) for src in source_sets]
    # a zero-cost entry would read as "no edge": the smallest positive float instead
    costs = [
        np.maximum(np.array([c for _, c in src], dtype=float), np.finfo(float).tiny)
        for src in source_sets
    ]
    counts = np.cumsum([x.size for x in nodes])
    indptr = np.concatenate([graph.indptr, graph.nnz + counts]).astype(graph.indptr.dtype)
    k = len(source_sets)
    g = csr_matrix(
        (np.concatenate([graph.data, *costs]), np.concatenate([graph.indices, *nodes]), indptr),
        shape=(n + k, n + k),
    )
    dist, pred = _csgraph_dijkstra(
        g, indices=np.arange(n, n + k), return_predecessors=True, limit=limit
    )
    dist, pred = dist[:, :n], pred[:, :n].astype(np.int64)
    pred[pred >= n] = -1  # reached from the virtual node: a source
    pred[pred < 0] = -1
    return dist, pred


def _walk(pred: NDArray[np.int64], node: int) -> list[int]:
    """Nodes from a source of a search tree to ``node``."""
    out = [node]
    while pred[out[-1]] >= 0:
        out.append(int(pred[out[-1]]))
    return out[::-1]


def node_trees(
    graph: csr_matrix, nodes: Sequence[int]
) -> tuple[NDArray[np.float64], NDArray[np.int64]]:
    """Least costs and predecessors from each of ``nodes`` (rows in their order; -1 at the
    root and where unreached): one compiled call on ``graph`` as it is, no copy."""
    dist, pred = _csgraph_dijkstra(graph, indices=np.asarray(nodes), return_predecessors=True)
    pred = pred.astype(np.int64)
    pred[pred < 0] = -1
    return dist, pred


def hierarchy_route(
    h: Hierarchy, starts: Sequence[tuple[int, float]], ends: Sequence[tuple[int, float]]
) -> tuple[float, list[int]] | None:
    """The shortest path between two sets of nodes (each with the cost of reaching it)
    through a contraction hierarchy: its length and its lane nodes, or None.

    A search upward from every start and end node (one compiled call on the upward
    graph); the path climbs from a start to its highest node and descends to an end.
    """
    if not starts or not ends:
        return None
    if h.labels is not None:
        return _label_route(h, starts, ends)
    roots = [s for s, _ in starts] + [e for e, _ in ends]
    dist, pred = node_trees(h.up, roots)
    k = len(starts)
    up_from = dist[:k] + np.array([c for _, c in starts])[:, None]
    up_to = dist[k:] + np.array([c for _, c in ends])[:, None]
    i_from, i_to = np.argmin(up_from, axis=0), np.argmin(up_to, axis=0)
    cols = np.arange(dist.shape[1])
    total = up_from[i_from, cols] + up_to[i_to, cols]
    top = int(np.argmin(total))
    if not np.isfinite(total[top]):
        return None
    a, b = int(i_from[top]), k + int(i_to[top])
    up_path = _walk(pred[a], top) + _walk(pred[b], top)[::-1][1:]
    return float(total[top]), h.unpack(up_path)
