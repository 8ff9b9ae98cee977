"""Contraction hierarchies of the lane network: upward graphs for fast lane routes.

Built by ``scripts/build_lane_hierarchy.py`` (Geisberger et al. 2008) and shipped
as ``data/lane_hierarchy.npz``: for each corridor filter (the passages a corridor
closes), the nodes' contraction ranks and the *upward* edges (to a node removed
later), original lane edges and shortcuts, each shortcut with the node it
bypasses. A shortest path climbs to its highest node and descends, so a route
needs only two small searches upward from its ends
(:func:`arcticroute.routing.search.hierarchy_route`).

Errors
------
:class:`~arcticroute.errors.DataFileError` when the file is missing or was built
for another lane network.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache, lru_cache
from importlib import resources

import numpy as np
from numpy.typing import NDArray
from scipy.sparse import csr_matrix

from arcticroute.errors import DataFileError

__all__ = ["HIERARCHY_FILE", "Hierarchy", "lane_hierarchy"]

HIERARCHY_FILE = "lane_hierarchy.npz"


@dataclass(frozen=True)
class Hierarchy:
    """The upward graph of one corridor filter (read-only arrays).

    ``up`` is the CSR matrix of upward edge lengths (m); ``middle[k]`` is the node
    the ``k``-th stored edge bypasses (-1 for a lane edge); ``rank`` the order in
    which the nodes were removed.
    """

    mask: int
    up: csr_matrix = field(repr=False)
    middle: NDArray[np.int32] = field(repr=False)
    rank: NDArray[np.int32] = field(repr=False)
    shortcuts: dict = field(repr=False, default_factory=dict)
    """(lower node, higher node) -> bypassed node, for every shortcut."""
    labels: tuple | None = field(repr=False, default=None)
    """Hub labels (offsets, hubs, distances m, predecessor index) when shipped: a node's
    upward search, pruned to the entries at their true distance."""

    def label(self, node: int) -> tuple[NDArray, NDArray, NDArray]:
        """The hub label of a node: hubs (sorted), distances (m), predecessor indices."""
        offset, hubs, dist, pred = self.labels
        a, b = offset[node], offset[node + 1]
        return hubs[a:b], dist[a:b], pred[a:b]

    def unpack(self, nodes: list[int]) -> list[int]:
        """A path over upward edges as a path over lane edges."""
        out = [nodes[0]]
        stack = [(a, b) for a, b in zip(nodes[-2::-1], nodes[:0:-1], strict=True)]
        rank, shortcuts = self.rank, self.shortcuts
        while stack:
            a, b = stack.pop()
            mid = shortcuts.get((a, b) if rank[a] < rank[b] else (b, a), -1)
            if mid < 0:
                out.append(b)
            else:
                stack.append((mid, b))
                stack.append((a, mid))
        return out


@cache
def _arrays() -> dict[str, np.ndarray]:
    ref = resources.files("arcticroute") / "data" / HIERARCHY_FILE
    try:
        with ref.open("rb") as fh, np.load(fh, allow_pickle=False) as z:
            return {k: z[k] for k in z.files}
    except (OSError, ValueError, EOFError) as exc:
        raise DataFileError(
            f"cannot read the shipped lane hierarchy {ref}: {exc}; reinstall arcticroute or "
            "rebuild it with scripts/build_lane_hierarchy.py"
        ) from exc


@lru_cache(maxsize=16)
def lane_hierarchy(mask: int, n_nodes: int) -> Hierarchy | None:
    """The hierarchy of a corridor filter, or None when none was built for it."""
    a = _arrays()
    if mask not in a["masks"].tolist():
        return None
    indptr = a[f"indptr_{mask}"]
    if indptr.size != n_nodes + 1:
        raise DataFileError(
            f"{HIERARCHY_FILE} was built for another lane network; rebuild it with "
            "scripts/build_lane_hierarchy.py"
        )
    up = csr_matrix((a[f"length_m_{mask}"], a[f"indices_{mask}"], indptr), shape=(n_nodes, n_nodes))
    for arr in (up.data, up.indices, up.indptr):
        arr.flags.writeable = False
    middle = a[f"middle_{mask}"]
    cut = np.flatnonzero(middle >= 0)
    rows = np.repeat(np.arange(n_nodes), np.diff(indptr))[cut]
    pairs = zip(rows.tolist(), up.indices[cut].tolist(), strict=True)
    shortcuts = dict(zip(pairs, middle[cut].tolist(), strict=True))
    labels = None
    if f"label_offset_{mask}" in a:
        labels = tuple(
            a[f"label_{k}_{mask}"].astype(t)
            for k, t in (
                ("offset", np.int64),
                ("hub", np.int64),
                ("dist", float),
                ("pred", np.int64),
            )
        )
    return Hierarchy(mask, up, middle, a[f"rank_{mask}"].tolist(), shortcuts, labels)
