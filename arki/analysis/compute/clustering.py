"""Clustering methods behind one interface, and the silhouette proposal for the group count.

A method turns a scaled feature matrix into labels 0..k-1. `propose` tries every k in a range
and returns the one with the best silhouette; the analyst may override it. Methods are
strategies (conventions §6): adding one means adding a class to `METHODS`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

#: Ward needs the full distance matrix (n² memory); past this size use k-means.
WARD_LIMIT = 12_000
SILHOUETTE_SAMPLE = 2_000
#: k-means restarts; with k-means++ seeding four are as good as ten on these data.
KMEANS_RESTARTS = 4


class ClusteringMethod:
    key = ""

    def fit(self, matrix: np.ndarray, k: int, seed: int) -> np.ndarray:
        raise NotImplementedError

    def fit_range(self, matrix: np.ndarray, ks: Sequence[int], seed: int) -> dict[int, np.ndarray]:
        return {k: self.fit(matrix, k, seed) for k in ks}


class KMeansMethod(ClusteringMethod):
    key = "kmeans"

    def fit(self, matrix: np.ndarray, k: int, seed: int) -> np.ndarray:
        from sklearn.cluster import KMeans

        if k <= 1:
            return np.zeros(len(matrix), dtype=int)
        return KMeans(n_clusters=k, n_init=KMEANS_RESTARTS, random_state=seed).fit_predict(matrix)


class WardMethod(ClusteringMethod):
    """Agglomerative clustering with Ward's criterion; one tree serves every k."""

    key = "ward"

    def _tree(self, matrix: np.ndarray) -> np.ndarray:
        from scipy.cluster.hierarchy import linkage

        if len(matrix) > WARD_LIMIT:
            raise ValueError(
                f"Ward clustering handles at most {WARD_LIMIT} participants per group; "
                "use k-means for larger groups."
            )
        return linkage(matrix, method="ward")

    def fit(self, matrix: np.ndarray, k: int, seed: int) -> np.ndarray:
        return self.fit_range(matrix, [k], seed)[k]

    def fit_range(self, matrix: np.ndarray, ks: Sequence[int], seed: int) -> dict[int, np.ndarray]:
        from scipy.cluster.hierarchy import fcluster

        if len(matrix) < 2:
            return {k: np.zeros(len(matrix), dtype=int) for k in ks}
        tree = self._tree(matrix)
        return {k: fcluster(tree, t=max(k, 1), criterion="maxclust") - 1 for k in ks}


METHODS: dict[str, ClusteringMethod] = {m.key: m for m in (KMeansMethod(), WardMethod())}


@dataclass(frozen=True)
class Clustering:
    labels: np.ndarray
    k: int
    proposed_k: int
    silhouettes: dict[int, float]


def silhouettes(matrix: np.ndarray, fits: Mapping[int, np.ndarray], seed: int) -> dict[int, float]:
    """The silhouette score of each candidate labelling (-1 where it is undefined).

    Past SILHOUETTE_SAMPLE rows the score is taken on one fixed-seed sample; the sample's
    distances are computed once and shared by every candidate k, so all candidates are
    compared on the same people and the n² cost is paid once, not once per k.
    """
    from sklearn.metrics import pairwise_distances, silhouette_score

    n = len(matrix)
    if n < 3:
        return dict.fromkeys(fits, -1.0)
    sample = (
        np.sort(np.random.default_rng(seed).choice(n, SILHOUETTE_SAMPLE, replace=False))
        if n > SILHOUETTE_SAMPLE
        else np.arange(n)
    )
    distances = pairwise_distances(matrix[sample])
    scores = {}
    for k, labels in fits.items():
        found = len(np.unique(labels[sample]))
        scores[k] = (
            float(silhouette_score(distances, labels[sample], metric="precomputed"))
            if 2 <= found < len(sample)
            else -1.0
        )
    return scores


def cluster(
    matrix: np.ndarray,
    method: str = "kmeans",
    *,
    k_min: int = 2,
    k_max: int = 8,
    k: int | None = None,
    seed: int = 0,
) -> Clustering:
    """Cluster `matrix`; `k` (the analyst's override) wins over the silhouette proposal.

    Runs single-threaded: on a shared server (web workers, other jobs) OpenMP threads in
    k-means fight each other and one slice took 20 times longer than with one thread.
    """
    from threadpoolctl import threadpool_limits

    with threadpool_limits(limits=1):
        return _cluster(matrix, method, k_min=k_min, k_max=k_max, k=k, seed=seed)


def _cluster(
    matrix: np.ndarray, method: str, *, k_min: int, k_max: int, k: int | None, seed: int
) -> Clustering:
    strategy = METHODS[method]
    n = len(matrix)
    upper = min(k_max, n - 1)
    ks = list(range(max(2, k_min), upper + 1))
    fits = strategy.fit_range(matrix, ks, seed) if ks else {}
    scores = silhouettes(matrix, fits, seed)
    # too few people to compare two or more groups: propose keeping them together
    proposed = max(scores, key=lambda kk: (scores[kk], -kk)) if scores else 1
    chosen = proposed if k is None else max(1, min(k, n))
    labels = fits.get(chosen)
    if labels is None:
        labels = (
            np.zeros(n, dtype=int)
            if chosen == 1
            else strategy.fit_range(matrix, [chosen], seed)[chosen]
        )
    return Clustering(np.asarray(labels), chosen, proposed, scores)
