"""The competence-and-contribution index (seed 003 task 20), by the OECD/JRC handbook on
composite indicators: raw sub-indicators -> normalisation -> weights -> aggregation, the
method kept as versioned data (`IndexConfig.config`):

    {"normalisation": "minmax" | "rank" | "zscore",
     "aggregation": "linear",
     "pillars": {"competence": {"weight": 0.5, "indicators": {"qualification": 0.3, ...}},
                 "contribution": {"weight": 0.5, "indicators": {"publications": 0.25, ...}}}}

- Sub-indicators (`RAW`), one number per person read from the registry: highest
  qualification (VQF level), academic titles, foreign languages, skill assessments,
  training hours; applied S&T tasks, patents, publications, awards. Policy consultancy
  and mentoring have no source in the registry yet: a method may name them only once
  they do (an unknown sub-indicator is an error).
- Normalisation over the people scored: min-max to [0, 1], percentile rank, or z-score
  mapped to [0, 1] by clipping at ±3.
- Weights: within a pillar and across pillars, each set normalised to sum 1; a person's
  effective weight for a sub-indicator is pillar weight × indicator weight.
- Aggregation: linear (weighted sum, ×100). Every score explains itself: the
  contributions (100 × effective weight × normalised value) add up to the score.
- Sensitivity: every weight moved by up to ±20 % (one at a time, and random draws),
  renormalised, scores again; Spearman's rank correlation with the base ranking.
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from django.core.exceptions import ValidationError
from django.db.models import Count, Q, Sum
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hientai.registry import models as registry
from hientai.talent.indexer import codes_cached
from hientai.talent.models import IndexConfig

RAW_LABELS = {
    "qualification": gettext_lazy("Highest qualification (VQF level)"),
    "titles": gettext_lazy("Academic titles"),
    "languages": gettext_lazy("Foreign languages"),
    "skills": gettext_lazy("Skill assessments"),
    "training": gettext_lazy("Training hours"),
    "applied_tasks": gettext_lazy("Applied S&T tasks"),
    "patents": gettext_lazy("Patents and utility solutions"),
    "publications": gettext_lazy("Publications"),
    "awards": gettext_lazy("Awards and honours"),
}
NORMALISATIONS = ("minmax", "rank", "zscore")
AGGREGATIONS = ("linear",)
DEFAULT_CONFIG: dict[str, Any] = {
    "normalisation": "minmax",
    "aggregation": "linear",
    "pillars": {
        "competence": {
            "weight": 0.5,
            "indicators": {"qualification": 0.35, "titles": 0.2, "languages": 0.15,
                           "skills": 0.1, "training": 0.2},
        },
        "contribution": {
            "weight": 0.5,
            "indicators": {"applied_tasks": 0.3, "patents": 0.2, "publications": 0.3,
                           "awards": 0.2},
        },
    },
}  # fmt: skip


def check_config(config: dict[str, Any]) -> None:
    """A method that can be computed, or a ValidationError in Vietnamese."""
    if config.get("normalisation") not in NORMALISATIONS:
        raise ValidationError(_("Unknown normalisation; use one of: %(names)s.")
                              % {"names": ", ".join(NORMALISATIONS)})  # fmt: skip
    if config.get("aggregation") not in AGGREGATIONS:
        raise ValidationError(_("Unknown aggregation; use one of: %(names)s.")
                              % {"names": ", ".join(AGGREGATIONS)})  # fmt: skip
    pillars = config.get("pillars") or {}
    if not pillars:
        raise ValidationError(_("The method has no pillar."))
    for name, pillar in pillars.items():
        indicators = pillar.get("indicators") or {}
        if not indicators:
            raise ValidationError(_("Pillar “%(name)s” has no sub-indicator.") % {"name": name})
        for key, weight in [("", pillar.get("weight")), *indicators.items()]:
            if key and key not in RAW_LABELS:
                raise ValidationError(_("Unknown sub-indicator “%(name)s”.") % {"name": key})
            if not isinstance(weight, (int, float)) or weight < 0:
                raise ValidationError(_("Weights are numbers of zero or more."))
        if sum(indicators.values()) <= 0:
            raise ValidationError(_("Pillar “%(name)s” weighs nothing.") % {"name": name})
    if sum(p.get("weight", 0) for p in pillars.values()) <= 0:
        raise ValidationError(_("The pillars weigh nothing."))


def effective_weights(config: dict[str, Any]) -> dict[str, float]:
    """Sub-indicator -> pillar weight × indicator weight, each level normalised to sum 1."""
    pillars = config["pillars"]
    total = sum(p["weight"] for p in pillars.values())
    out: dict[str, float] = {}
    for pillar in pillars.values():
        inner = sum(pillar["indicators"].values())
        for key, weight in pillar["indicators"].items():
            out[key] = out.get(key, 0.0) + (pillar["weight"] / total) * (weight / inner)
    return out


def raw_values(person_ids: list[int]) -> dict[str, np.ndarray]:
    """Sub-indicator -> one raw value per person of `person_ids` (same order)."""
    index = {pid: i for i, pid in enumerate(person_ids)}
    count = len(person_ids)
    out = {key: np.zeros(count) for key in RAW_LABELS}
    codes = codes_cached()

    def fill(key: str, rows: Iterable[tuple[int, Any]]) -> None:
        for pid, value in rows:
            if pid in index and value:
                out[key][index[pid]] = float(value)

    for chunk_start in range(0, count, 20000):
        ids = person_ids[chunk_start : chunk_start + 20000]
        levels: dict[int, int] = {}
        for pid, level_id, degree_id in (
            registry.Qualification.objects.filter(person_id__in=ids)
            .order_by()
            .values_list("person_id", "level_id", "degree_id")
        ):
            level = max(codes.vqf.get(level_id or 0, 0), codes.vqf.get(degree_id or 0, 0))
            levels[pid] = max(levels.get(pid, 0), level)
        fill("qualification", levels.items())
        titles: dict[int, int] = {}
        for pid, title_id in (
            registry.AcademicTitle.objects.filter(person_id__in=ids)
            .order_by()
            .values_list("person_id", "title_id")
        ):
            titles[pid] = max(titles.get(pid, 0), 2 if codes.code.get(title_id or 0) == "GS" else 1)
        fill("titles", titles.items())

        for model, key, where in (
            (registry.LanguageSkill, "languages", {}),
            (registry.SkillAssessment, "skills", {}),
            (registry.STProject, "applied_tasks", {"applied": True}),
            (registry.Publication, "publications", {}),
            (registry.Award, "awards", {}),
        ):
            rows = model.objects.filter(person_id__in=ids, **where).order_by().values("person_id")
            fill(key, rows.annotate(n=Count("pk")).values_list("person_id", "n"))
        hours = registry.TrainingRecord.objects.filter(person_id__in=ids).order_by()
        fill(
            "training",
            hours.values("person_id").annotate(n=Sum("hours")).values_list("person_id", "n"),
        )
        patents = registry.Patent.objects.filter(person_id__in=ids).order_by().values("person_id")
        granted = Count("pk", filter=Q(status="granted"))
        fill("patents", patents.annotate(n=Count("pk") + granted).values_list("person_id", "n"))
    return out


def normalise(values: np.ndarray, method: str) -> np.ndarray:
    if len(values) == 0:
        return values
    if method == "minmax":
        low, high = values.min(), values.max()
        return (values - low) / (high - low) if high > low else np.zeros_like(values)
    if method == "rank":
        # Average ranks of ties, scaled to [0, 1].
        order = values.argsort(kind="stable")
        ranks = np.empty(len(values))
        ranks[order] = np.arange(len(values))
        _unique, inverse, counts = np.unique(values, return_inverse=True, return_counts=True)
        sums = np.bincount(inverse, weights=ranks)
        ranks = (sums / counts)[inverse]
        return ranks / (len(values) - 1) if len(values) > 1 else np.zeros_like(values)
    std = values.std()
    if std == 0:
        return np.zeros_like(values)
    return np.clip(((values - values.mean()) / std + 3) / 6, 0, 1)


@dataclass
class Part:
    indicator: str
    label: str
    raw: float
    normalised: float
    weight: float  # effective weight, sums to 1 over the parts
    contribution: float  # 100 × weight × normalised


@dataclass
class Scores:
    version: str
    person_ids: list[int]
    scores: np.ndarray
    normalised: dict[str, np.ndarray]
    raw: dict[str, np.ndarray]
    weights: dict[str, float]
    rank_of: dict[int, int] = field(default_factory=dict)

    def explain(self, person_id: int) -> list[Part]:
        i = self.person_ids.index(person_id)
        return [
            Part(key, str(RAW_LABELS[key]), float(self.raw[key][i]),
                 float(self.normalised[key][i]), weight,
                 100.0 * weight * float(self.normalised[key][i]))
            for key, weight in self.weights.items()
        ]  # fmt: skip

    def score(self, person_id: int) -> float:
        return float(self.scores[self.person_ids.index(person_id)])


def compose(raw: dict[str, np.ndarray], config: dict[str, Any]) -> tuple[np.ndarray, dict]:
    weights = effective_weights(config)
    normalised = {key: normalise(raw[key], config["normalisation"]) for key in weights}
    total = np.zeros(len(next(iter(raw.values()))) if raw else 0)
    for key, weight in weights.items():
        total = total + 100.0 * weight * normalised[key]
    return total, normalised


def compute(person_ids: list[int], config_obj: IndexConfig | None = None) -> Scores:
    config_obj = config_obj or active_config()
    config = config_obj.config
    check_config(config)
    raw = raw_values(person_ids)
    total, normalised = compose(raw, config)
    return Scores(config_obj.version, list(person_ids), total, normalised, raw,
                  effective_weights(config))  # fmt: skip


def active_config() -> IndexConfig:
    found = IndexConfig.objects.filter(active=True).order_by("-created_at").first()
    if found is None:
        raise ValidationError(_("No index method is in use."))
    return found


def spearman(a: np.ndarray, b: np.ndarray) -> float:
    ra, rb = normalise(a, "rank"), normalise(b, "rank")
    if ra.std() == 0 or rb.std() == 0:
        return 1.0
    return float(np.corrcoef(ra, rb)[0, 1])


@dataclass
class Sensitivity:
    one_at_a_time: list[tuple[str, float, float]]  # (weight moved, factor, rho)
    random_rhos: list[float]

    @property
    def worst(self) -> float:
        return min([rho for _k, _f, rho in self.one_at_a_time] + self.random_rhos)

    @property
    def median_random(self) -> float:
        ordered = sorted(self.random_rhos)
        return ordered[len(ordered) // 2] if ordered else 1.0


def _moved(config: dict[str, Any], factors: dict[str, float]) -> dict[str, Any]:
    out = {**config, "pillars": {}}
    for name, pillar in config["pillars"].items():
        out["pillars"][name] = {
            "weight": pillar["weight"] * factors.get(f"pillar:{name}", 1.0),
            "indicators": {k: w * factors.get(k, 1.0) for k, w in pillar["indicators"].items()},
        }
    return out


def sensitivity(scores: Scores, config: dict[str, Any], *, draws: int = 100,
                spread: float = 0.2, seed: int = 20) -> Sensitivity:  # fmt: skip
    """Rank stability when the weights move by up to ±`spread`."""
    keys = [f"pillar:{name}" for name in config["pillars"]] + list(scores.weights)
    result = Sensitivity([], [])
    for key in keys:
        for factor in (1 - spread, 1 + spread):
            moved, _n = compose(scores.raw, _moved(config, {key: factor}))
            result.one_at_a_time.append((key, factor, spearman(scores.scores, moved)))
    rng = random.Random(seed)
    for _draw in range(draws):
        factors = {key: rng.uniform(1 - spread, 1 + spread) for key in keys}
        moved, _n = compose(scores.raw, _moved(config, factors))
        result.random_rhos.append(spearman(scores.scores, moved))
    return result


def by_group(scores: Scores, groups: dict[int, list[str]]) -> dict[str, tuple[int, float]]:
    """Group -> (people, mean score); `groups` maps a person to the groups they belong to."""
    sums: dict[str, list[float]] = {}
    for i, pid in enumerate(scores.person_ids):
        for group in groups.get(pid, []):
            sums.setdefault(group, []).append(float(scores.scores[i]))
    return {g: (len(v), sum(v) / len(v)) for g, v in sorted(sums.items())}


def standard_groups(person_ids: list[int], on: Any) -> dict[int, list[str]]:
    """Unit, sector of the current job, strategic technology group, and the groups of the
    plans: under 45, women, ethnic minorities, overseas."""
    codes = codes_cached()
    out: dict[int, list[str]] = {pid: [] for pid in person_ids}
    wanted = set(person_ids)
    rows = (
        registry.Person.objects.filter(pk__in=person_ids)
        .order_by()
        .values_list("pk", "unit__code", "gender", "birth_year", "ethnic_group_id", "overseas_kind")
    )
    for pid, unit, gender, year, ethnic, overseas in rows:
        groups = out[pid]
        groups.append(f"unit:{unit}")
        if year and on.year - year < 45:
            groups.append("group:under_45")
        if gender == "female":
            groups.append("group:women")
        if ethnic and codes.code.get(ethnic) not in (None, "01"):
            groups.append("group:ethnic_minority")
        if overseas:
            groups.append("group:overseas")
    for pid, sector in (
        registry.Employment.objects.filter(person_id__in=person_ids, end__isnull=True)
        .order_by()
        .values_list("person_id", "sector")
    ):
        if pid in wanted and sector:
            out[pid].append(f"sector:{sector}")
    through = registry.Person.strategic_technologies.through
    for pid, code_id in (
        through.objects.filter(person_id__in=person_ids)
        .order_by()
        .values_list("person_id", "code_id")
    ):
        top = codes.code.get(code_id, "").split(".")[0]
        if top and f"technology:{top}" not in out[pid]:
            out[pid].append(f"technology:{top}")
    return out


def rounded(value: float) -> float:
    return math.floor(value * 100 + 0.5) / 100
