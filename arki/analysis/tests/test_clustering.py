"""Clustering recovers planted life patterns; k-anonymity merges small groups."""

from __future__ import annotations

import importlib
import random

import numpy as np
import pytest
from sklearn.metrics import adjusted_rand_score

from arki.analysis.compute.anonymity import Group, enforce_k
from arki.analysis.compute.clustering import SILHOUETTE_SAMPLE, cluster
from arki.analysis.compute.features import FeatureSpace, feature_matrix, standardize
from arki.analysis.compute.generated import records_from_population
from arki.insight.demo_data import generate_population

CATALOGUE = {
    fi: (category, sector)
    for category, sector, fi, *_ in importlib.import_module(
        "arki.insight.migrations.0002_seed_catalogue"
    ).CATALOGUE
}
SPACE = FeatureSpace(
    categories=("health", "social", "sports", "culture", "transport", "commerce", "everyday"),
    sectors=("public", "private", "third", "informal"),
    modes=("walk", "bicycle", "car", "lift", "bus", "taxi", "service"),
)


@pytest.mark.parametrize("method", ["kmeans", "ward"])
@pytest.mark.parametrize("seed", [7, 2014])
def test_clustering_recovers_planted_patterns(method, seed):
    """Generated people carry one of four planted life patterns; the silhouette-chosen
    clustering of their features must find them (adjusted Rand index >= 0.8)."""
    population = generate_population(400, random.Random(seed))
    matrix = standardize(feature_matrix(records_from_population(population, CATALOGUE), SPACE))
    result = cluster(matrix, method, k_min=2, k_max=8, seed=1)
    truth = [person["persona"] for person in population]
    assert result.k == 4
    assert adjusted_rand_score(truth, result.labels) >= 0.8


def test_silhouette_on_a_sample_still_finds_the_patterns_of_a_large_slice():
    """Past SILHOUETTE_SAMPLE people the proposal scores every k on one fixed-seed sample."""
    population = generate_population(3 * SILHOUETTE_SAMPLE, random.Random(11))
    matrix = standardize(feature_matrix(records_from_population(population, CATALOGUE), SPACE))
    result = cluster(matrix, "kmeans", k_min=2, k_max=8, seed=1)
    assert result.k == 4
    assert adjusted_rand_score([p["persona"] for p in population], result.labels) >= 0.8
    assert cluster(matrix, "kmeans", k_min=2, k_max=8, seed=1).silhouettes == result.silhouettes


def test_analyst_override_wins_over_the_proposal():
    population = generate_population(120, random.Random(3))
    matrix = standardize(feature_matrix(records_from_population(population, CATALOGUE), SPACE))
    result = cluster(matrix, "kmeans", k_min=2, k_max=6, k=5, seed=1)
    assert result.k == 5 and len(set(result.labels.tolist())) == 5
    assert result.proposed_k in result.silhouettes


def _group(age, municipality, size, x):
    return Group(age, frozenset({municipality}), list(range(size)), np.array([x, 0.0]))


def test_small_groups_merge_with_same_age_group_elsewhere():
    groups = [
        _group("older", 1, 9, 0.0),  # big enough: stays
        _group("young", 1, 2, 0.0),
        _group("young", 2, 2, 0.1),
        _group("young", 3, 2, 5.0),
        _group("older", 2, 3, 9.0),  # no other small older group: withheld
    ]
    published, withheld = enforce_k(groups, 5)
    sizes = sorted((g.age_group, g.size, len(g.municipalities)) for g in published)
    assert sizes == [("older", 9, 1), ("young", 6, 3)]
    assert [(g.age_group, g.size) for g in withheld] == [("older", 3)]
    assert all(g.size >= 5 for g in published)


def test_merging_prefers_the_nearest_small_group():
    groups = [
        _group("young", 1, 3, 0.0),
        _group("young", 2, 3, 0.2),
        _group("young", 3, 3, 8.0),
        _group("young", 4, 3, 8.1),
    ]
    published, withheld = enforce_k(groups, 5)
    assert withheld == []
    assert sorted(sorted(g.municipalities) for g in published) == [[1, 2], [3, 4]]
