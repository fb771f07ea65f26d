"""The competence-and-contribution index (seed 003 task 20), by the OECD/JRC handbook on
composite indicators: raw sub-indicators -> normalisation -> weights -> aggregation, the
method kept as versioned data (`IndexConfig.config`):

    {"normalisation": "minmax" | "rank" | "zscore",
     "aggregation": "linear",
     "pillars": {"competence": {"weight": 0.5, "indicators": {"qualification": 0.3, ...}},
                 "contribution": {"weight": 0.5, "indicators": {"publications": 0.25, ...}}}}

- Sub-indicators (`RAW`), one number per person read from the registry: highest
  qualification (VQF level), academic titles, foreign languages, skill assessments,
  training hours; applied S&T tasks, patents, publications, awards, policy consultancy
  and mentoring. The registry has no record kind of its own for the last two: they count
  the jobs (current or past) whose position names an advisory role (tư vấn, cố vấn,
  phản biện, advisor, consultant) or a mentoring one (hướng dẫn, giảng viên, huấn luyện,
  mentor, lecturer, supervisor), so a method may weigh them (version 2026.2 does).
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

from hientai.core.text import fold
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
    "policy_consultancy": gettext_lazy("Policy consultancy and advisory roles"),
    "mentoring": gettext_lazy("Mentoring, teaching and supervision"),
}
# The pillar each sub-indicator belongs to (the method's form keeps them there).
PILLAR_OF = {
    "qualification": "competence", "titles": "competence", "languages": "competence",
    "skills": "competence", "training": "competence", "applied_tasks": "contribution",
    "patents": "contribution", "publications": "contribution", "awards": "contribution",
    "policy_consultancy": "contribution", "mentoring": "contribution",
}  # fmt: skip
PILLAR_LABELS = {
    "competence": gettext_lazy("Competence"),
    "contribution": gettext_lazy("Practical contribution"),
}
NORMALISATION_LABELS = {
    "minmax": gettext_lazy("Min-max to [0, 1]"),
    "rank": gettext_lazy("Percentile rank"),
    "zscore": gettext_lazy("Z-score clipped at ±3, mapped to [0, 1]"),
}
# Folded words of job positions (see the module text).
ADVISORY_WORDS = ("tu van", "co van", "phan bien", "advis", "consult")
MENTORING_WORDS = ("huong dan", "giang vien", "huan luyen", "mentor", "lecturer", "supervis",
                   "coach", "tutor")  # fmt: skip
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
        advisory: dict[int, int] = {}
        mentoring: dict[int, int] = {}
        for pid, position in (
            registry.Employment.objects.filter(person_id__in=ids)
            .exclude(position="")
            .order_by()
            .values_list("person_id", "position")
        ):
            folded = fold(position)
            if any(word in folded for word in ADVISORY_WORDS):
                advisory[pid] = advisory.get(pid, 0) + 1
            if any(word in folded for word in MENTORING_WORDS):
                mentoring[pid] = mentoring.get(pid, 0) + 1
        fill("policy_consultancy", advisory.items())
        fill("mentoring", mentoring.items())
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
    through = registry.Person.strategic_technologies.through
    for start in range(0, len(person_ids), 20000):
        ids = person_ids[start : start + 20000]
        rows = (
            registry.Person.objects.filter(pk__in=ids)
            .order_by()
            .values_list("pk", "unit__code", "gender", "birth_year", "ethnic_group_id",
                         "overseas_kind")
        )  # fmt: skip
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
            registry.Employment.objects.filter(person_id__in=ids, end__isnull=True)
            .order_by()
            .values_list("person_id", "sector")
        ):
            if sector and f"sector:{sector}" not in out[pid]:
                out[pid].append(f"sector:{sector}")
        for pid, code_id in (
            through.objects.filter(person_id__in=ids).order_by().values_list("person_id", "code_id")
        ):
            top = codes.code.get(code_id, "").split(".")[0]
            if top and f"technology:{top}" not in out[pid]:
                out[pid].append(f"technology:{top}")
    return out


def rounded(value: float) -> float:
    return math.floor(value * 100 + 0.5) / 100


# --- Stored runs: what the pages read -------------------------------------------------
#
# Scoring normalises over everyone, so one person's score depends on the whole registry:
# a run scores everyone once (about a minute at 1,000,000 profiles, `hientai
# competence-index --store`, or the coordinator's button on small registries) and stores
# each score with its raw inputs, the normalised value of every raw value (explanations),
# sums by unit and group, and the sensitivity. Pages then read indexed rows only.

SMALL_CELL = 3  # groups of people smaller than this are not shown outside city-wide roles
SENSITIVITY_SAMPLE = 100_000  # people ranked for Spearman beyond this many


def kendall_tau(a: np.ndarray, b: np.ndarray) -> float:
    """Kendall's tau-b (ties counted as in the textbook), pairwise: callers pass a sample."""
    sa = np.sign(a[:, None] - a[None, :])
    sb = np.sign(b[:, None] - b[None, :])
    den = math.sqrt(float((sa * sa).sum()) * float((sb * sb).sum()))
    return float((sa * sb).sum()) / den if den else 1.0


def _lookup(raw: np.ndarray, normalised: np.ndarray) -> dict[str, list[float]]:
    values, first = np.unique(raw, return_index=True)
    return {
        "values": [float(v) for v in values],
        "normalised": [float(normalised[i]) for i in first],
    }


def org_groups(person_ids: list[int]) -> dict[int, list[str]]:
    """Organisations (and their kinds) of people's current jobs, from the register."""
    from hientai.talent.models import Organisation, OrganisationMember

    kinds = dict(Organisation.objects.values_list("pk", "kind"))
    out: dict[int, list[str]] = {}
    wanted = set(person_ids)
    for org_id, pid in (
        OrganisationMember.objects.filter(current=True)
        .order_by()
        .values_list("organisation_id", "person_id")
    ):
        if pid in wanted and org_id in kinds:
            groups = out.setdefault(pid, [])
            groups.append(f"org:{org_id}")
            if f"orgkind:{kinds[org_id]}" not in groups:
                groups.append(f"orgkind:{kinds[org_id]}")
    return out


def run_sensitivity(scores: Scores, config: dict[str, Any], *, draws: int = 100,
                    sample: int = 1500, seed: int = 20) -> dict[str, Any]:  # fmt: skip
    """Spearman over everyone and Kendall's tau-b on a seeded sample, per weight moved
    by -20 % and +20 % (one at a time), and over `draws` random moves of all weights."""
    rng = np.random.default_rng(seed)
    if len(scores.person_ids) > SENSITIVITY_SAMPLE:
        # A seeded sample, scored again on its own: ~7 s a Spearman at 1,000,000 people.
        chosen = np.sort(rng.choice(len(scores.person_ids), SENSITIVITY_SAMPLE, replace=False))
        raw = {key: values[chosen] for key, values in scores.raw.items()}
        total, normalised = compose(raw, config)
        scores = Scores(scores.version, [scores.person_ids[i] for i in chosen], total,
                        normalised, raw, scores.weights)  # fmt: skip
    result = sensitivity(scores, config, draws=draws, seed=seed)
    count = len(scores.person_ids)
    picked: np.ndarray = (
        rng.choice(count, size=min(sample, count), replace=False) if count else np.zeros(0, int)
    )
    rows: list[dict[str, Any]] = []
    for key, factor, rho in result.one_at_a_time:
        moved, _n = compose(scores.raw, _moved(config, {key: factor}))
        tau = kendall_tau(scores.scores[picked], moved[picked]) if count > 1 else 1.0
        rows.append({"weight": key, "factor": round(factor, 2), "spearman": round(rho, 4),
                     "kendall": round(tau, 4)})  # fmt: skip
    ordered = sorted(result.random_rhos)
    return {
        "spread": 0.2,
        "draws": draws,
        "spearman_people": count,
        "kendall_sample": len(picked),
        "one_at_a_time": rows,
        "spearman_worst": round(result.worst, 4),
        "kendall_worst": round(min([float(r["kendall"]) for r in rows], default=1.0), 4),
        "random_min": round(ordered[0], 4) if ordered else 1.0,
        "random_median": round(result.median_random, 4),
    }


def store_run(config_obj: IndexConfig, now: Any, *, draws: int = 100) -> Any:
    """Score everyone with `config_obj`, replace that version's stored run, return it."""
    import time

    from django.db import transaction

    from hientai.talent.models import IndexFact, IndexRun, IndexScore

    started = time.monotonic()
    check_config(config_obj.config)
    rows = list(registry.Person.objects.order_by("pk").values_list("pk", "unit_id"))
    ids = [pid for pid, _unit in rows]
    scores = compute(ids, config_obj)
    keys = list(scores.weights)
    lookup = {key: _lookup(scores.raw[key], scores.normalised[key]) for key in keys}
    sens = run_sensitivity(scores, config_obj.config, draws=draws)
    groups = standard_groups(ids, now.date() if hasattr(now, "date") else now)
    for pid, extra in org_groups(ids).items():
        groups[pid].extend(extra)
    facts: dict[tuple[int, str], list[float]] = {}
    for i, (pid, unit_id) in enumerate(rows):
        value = float(scores.scores[i])
        for key in ["all", *[g for g in groups.get(pid, []) if not g.startswith("unit:")]]:
            cell = facts.setdefault((unit_id, key), [0, 0.0])
            cell[0] += 1
            cell[1] += value
    raw_columns = [scores.raw[key] for key in keys]
    ranks = np.empty(len(ids), dtype=np.int64)
    ranks[np.argsort(-scores.scores, kind="stable")] = np.arange(1, len(ids) + 1)
    with transaction.atomic():
        IndexRun.objects.filter(config=config_obj).delete()
        run = IndexRun.objects.create(config=config_obj, computed_at=now, people=len(ids),
                                      lookup=lookup, sensitivity=sens)  # fmt: skip
        batch: list[IndexScore] = []
        for i, (pid, unit_id) in enumerate(rows):
            text = ",".join(_number(column[i]) for column in raw_columns)
            batch.append(IndexScore(run=run, person_id=pid, unit_id=unit_id, rank=int(ranks[i]),
                                    score=float(scores.scores[i]), raw=text))  # fmt: skip
            if len(batch) >= 5000:
                IndexScore.objects.bulk_create(batch)
                batch = []
        IndexScore.objects.bulk_create(batch)
        IndexFact.objects.bulk_create(
            [IndexFact(run=run, unit_id=unit_id, key=key, people=int(n), total=total)
             for (unit_id, key), (n, total) in facts.items()],
            batch_size=5000,
        )  # fmt: skip
        run.seconds = round(time.monotonic() - started, 2)
        run.save(update_fields=["seconds"])
    return run


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def latest_run(config_obj: IndexConfig | None = None) -> Any:
    from hientai.talent.models import IndexRun

    try:
        config_obj = config_obj or active_config()
    except ValidationError:
        return None
    return IndexRun.objects.filter(config=config_obj).select_related("config").first()


@dataclass
class Explained:
    score: float
    parts: list[Part]
    pillars: dict[str, str]  # sub-indicator -> pillar


def explain_stored(run: Any, raw_text: str, score: float) -> Explained:
    """A stored score's parts from its raw inputs and the run's normalised values; the
    contributions add up to the stored score."""
    import bisect

    config = run.config.config
    weights = effective_weights(config)
    raws = [float(x) for x in raw_text.split(",")] if raw_text else []
    pillars = {key: name for name, p in config["pillars"].items() for key in p["indicators"]}
    parts = []
    for (key, weight), raw in zip(weights.items(), raws, strict=True):
        table = run.lookup[key]
        at = bisect.bisect_left(table["values"], raw)
        normalised = table["normalised"][at] if at < len(table["values"]) else 0.0
        parts.append(Part(key, str(RAW_LABELS[key]), raw, normalised, weight,
                          100.0 * weight * normalised))  # fmt: skip
    return Explained(score, parts, pillars)


def scope_facts(run: Any, unit_ids: tuple[int, ...] | None) -> dict[str, tuple[int, float]]:
    """Group key -> (people, mean score) over the units (None: the whole city)."""
    from django.db.models import Sum as _Sum

    from hientai.talent.models import IndexFact

    rows = IndexFact.objects.filter(run=run)
    if unit_ids is not None:
        rows = rows.filter(unit_id__in=unit_ids)
    out = {}
    for key, people, total in (
        rows.order_by().values("key").annotate(p=_Sum("people"), t=_Sum("total"))
        .values_list("key", "p", "t")
    ):  # fmt: skip
        if people:
            out[key] = (int(people), float(total) / people)
    return out


def unit_facts(run: Any, unit_ids: tuple[int, ...] | None) -> list[tuple[int, int, float]]:
    """(unit id, people, mean score) of each unit with people in the run."""
    from hientai.talent.models import IndexFact

    rows = IndexFact.objects.filter(run=run, key="all")
    if unit_ids is not None:
        rows = rows.filter(unit_id__in=unit_ids)
    return [(u, p, t / p) for u, p, t in rows.values_list("unit_id", "people", "total") if p]
