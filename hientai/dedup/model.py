"""The Splink model that finds one person in several records (DuckDB, embedded).

`find_duplicates(records)` normalises the records (normalise.py), estimates the
model's parameters on the data itself (λ from deterministic rules, u by random
sampling with a fixed seed on one thread, m by expectation maximisation over two
blocking passes), scores the candidate pairs the blocking rules produce and clusters
them at a probability threshold. Nothing is downloaded and the same input gives the
same clusters.

`generic_settings()` is the baseline bench/dedup compares against: the same Splink,
raw strings, no Vietnamese normalisation.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from hientai.dedup.normalise import normalise

SEED = 20261207
# Match probability at which two records are clustered: F1 at 100,000 records peaks at
# 0.8 (0.5 lets chains of namesakes in, 0.95 loses the pairs with only a name and a year).
THRESHOLD = 0.8
REVIEW_THRESHOLD = 0.5  # pairs shown for review
U_MAX_PAIRS = 2_000_000
MEMORY_LIMIT = "4GB"
# One comparison for the whole name (its own term frequencies) rather than three added up:
# F1 0.964 -> 0.968 at 100,000, precision 0.975 -> 0.986 (bench/dedup_analyse.py).
COMBINED_NAME = True

# Comparison name -> label (Vietnamese on screens: the labels are translated where shown).
FIELDS = (
    "name", "family", "middle", "given", "birth", "gender", "personal_id", "old_id", "phone",
    "email", "unit",
)  # fmt: skip

_COLUMNS = [
    "family",
    "middle",
    "given",
    "full_name",
    "name_sorted",
    "birth_date",
    "birth_year",
    "birth_md",
    "gender",
    "personal_id",
    "old_id",
    "phone",
    "email",
    "email_user",
    "unit",
]


def _quiet_splink() -> None:
    for name in ("splink", "splink.internals"):
        logging.getLogger(name).setLevel(logging.ERROR)


def normalised_frame(records: Iterable[tuple[Any, dict[str, Any]]]) -> Any:
    """A pandas DataFrame of normalised records: unique_id plus the compared fields,
    empty values as NULL."""
    import pandas as pd

    rows = []
    for unique_id, raw in records:
        values = normalise(raw).as_dict()
        row = {"unique_id": unique_id}
        for column in _COLUMNS:
            value = values[column]
            row[column] = value if value not in ("", None) else None
        rows.append(row)
    frame = pd.DataFrame(rows, columns=["unique_id", *_COLUMNS])
    frame["birth_year"] = frame["birth_year"].astype("Int64")
    return frame


def _levels_exact_fuzzy(
    column: str, tf: bool, threshold: float = 0.88, swapped_with: str = ""
) -> Any:
    import splink.comparison_level_library as cll
    from splink import comparison_library as cl

    levels: list[Any] = [
        cll.NullLevel(column),
        cll.ExactMatchLevel(column, term_frequency_adjustments=tf),
        cll.JaroWinklerLevel(column, threshold),
        # One letter dropped, added, changed or two swapped ("hnh", "ahn"): short
        # Vietnamese syllables fall below any Jaro-Winkler threshold with one typo. In
        # longer names only, or two letters swapped: "le"/"ly" and "lan"/"lam" are
        # different names one letter apart.
        cll.CustomLevel(
            f'damerau_levenshtein("{column}_l", "{column}_r") <= 1 AND ('
            f'greatest(length("{column}_l"), length("{column}_r")) >= 4 OR '
            f"list_sort(string_split(\"{column}_l\", '')) = "
            f"list_sort(string_split(\"{column}_r\", '')))",
            "one letter off",
        ),
    ]
    if swapped_with:
        # "Mai Thị Lê" and "Lê Thị Mai": a given name that is also a family name leaves
        # the order of a reversed name ambiguous; the two words swapped still agree.
        levels.append(
            cll.CustomLevel(
                f'"{column}_l" = "{swapped_with}_r" AND "{swapped_with}_l" = "{column}_r"',
                "swapped with the " + swapped_with,
            )
        )
    levels.append(cll.ElseLevel())
    return cl.CustomComparison(output_column_name=column, comparison_levels=levels)


def _near(column: str, threshold: float = 0.88) -> str:
    """SQL: the column equal on both sides, or one typo apart (see _levels_exact_fuzzy)."""
    left, right = f'"{column}_l"', f'"{column}_r"'
    return (
        f"({left} = {right} OR jaro_winkler_similarity({left}, {right}) >= {threshold} OR "
        f"(damerau_levenshtein({left}, {right}) <= 1 AND (greatest(length({left}), "
        f"length({right})) >= 4 OR list_sort(string_split({left}, '')) = "
        f"list_sort(string_split({right}, '')))))"
    )


def _name_comparison() -> Any:
    """The whole name as one comparison: family, middle and given names are not
    independent (the middle name and the given name follow the gender, families share
    middle names), so their weights are not added up; the full name's own frequency
    weighs an exact match (a common full name is weak evidence)."""
    import splink.comparison_level_library as cll
    from splink import comparison_library as cl

    same_family_given = '"family_l" = "family_r" AND "given_l" = "given_r"'
    one_middle = '("middle_l" IS NULL OR "middle_r" IS NULL)'
    return cl.CustomComparison(
        output_column_name="name",
        comparison_levels=[
            cll.CustomLevel('"given_l" IS NULL OR "given_r" IS NULL').configure(is_null_level=True),
            cll.ExactMatchLevel("full_name", term_frequency_adjustments=True),
            cll.CustomLevel('"name_sorted_l" = "name_sorted_r"', "same words, other order"),
            cll.CustomLevel(
                f"{same_family_given} AND {one_middle}", "middle name on one side only"
            ),
            cll.CustomLevel(
                f"{_near('family')} AND {_near('given', 0.9)} AND "
                f"(({_near('middle')}) OR {one_middle})",
                "one typo",
            ),
            cll.CustomLevel(
                '"family_l" = "given_r" AND "given_l" = "family_r"',
                "family and given names swapped",
            ),
            cll.CustomLevel(same_family_given, "other middle name"),
            cll.ElseLevel(),
        ],
    )


def _birth_comparison() -> Any:
    import splink.comparison_level_library as cll
    from splink import comparison_library as cl

    both_dates = '"birth_date_l" IS NOT NULL AND "birth_date_r" IS NOT NULL'
    swapped = (
        f"{both_dates} AND substr(birth_date_l, 1, 4) = substr(birth_date_r, 1, 4) "
        "AND substr(birth_date_l, 6, 2) = substr(birth_date_r, 9, 2) "
        "AND substr(birth_date_l, 9, 2) = substr(birth_date_r, 6, 2)"
    )
    return cl.CustomComparison(
        output_column_name="birth",
        comparison_levels=[
            cll.CustomLevel('"birth_year_l" IS NULL OR "birth_year_r" IS NULL').configure(
                is_null_level=True
            ),
            cll.CustomLevel(f'{both_dates} AND "birth_date_l" = "birth_date_r"', "same date"),
            cll.CustomLevel(
                f"({both_dates} AND damerau_levenshtein(birth_date_l, birth_date_r) <= 1) "
                f"OR ({swapped})",
                "one digit off or day and month swapped",
            ),
            cll.CustomLevel(
                '"birth_year_l" = "birth_year_r" AND '
                '("birth_date_l" IS NULL OR "birth_date_r" IS NULL)',
                "same year, one has only the year",
            ),
            cll.CustomLevel('"birth_year_l" = "birth_year_r"', "same year, other dates"),
            cll.CustomLevel('abs("birth_year_l" - "birth_year_r") <= 1', "years one apart"),
            cll.ElseLevel(),
        ],
    )


def _id_comparison(column: str) -> Any:
    import splink.comparison_level_library as cll
    from splink import comparison_library as cl

    return cl.CustomComparison(
        output_column_name=column,
        comparison_levels=[
            cll.NullLevel(column),
            cll.ExactMatchLevel(column),
            cll.DamerauLevenshteinLevel(column, 1),
            cll.ElseLevel(),
        ],
    )


def _email_comparison() -> Any:
    import splink.comparison_level_library as cll
    from splink import comparison_library as cl

    return cl.CustomComparison(
        output_column_name="email",
        comparison_levels=[
            cll.NullLevel("email"),
            cll.ExactMatchLevel("email"),
            cll.ElseLevel(),
        ],
    )


def _unit_comparison() -> Any:
    import splink.comparison_level_library as cll
    from splink import comparison_library as cl

    # The unit whose list a record comes from: a person is listed again mostly by the same
    # unit, so agreement is evidence (weighted by the unit's size), disagreement is weak
    # evidence against (people move and work in two units), as estimated on the data.
    return cl.CustomComparison(
        output_column_name="unit",
        comparison_levels=[
            cll.NullLevel("unit"),
            cll.ExactMatchLevel("unit", term_frequency_adjustments=True),
            cll.ElseLevel(),
        ],
    )


def vietnamese_settings() -> Any:
    from splink import SettingsCreator, block_on
    from splink import comparison_library as cl
    from splink.blocking_rule_library import CustomRule

    return SettingsCreator(
        link_type="dedupe_only",
        unique_id_column_name="unique_id",
        comparisons=[
            *(
                [_name_comparison()]
                if COMBINED_NAME
                else [
                    _levels_exact_fuzzy("family", tf=True, swapped_with="given"),
                    _levels_exact_fuzzy("middle", tf=True),
                    _levels_exact_fuzzy("given", tf=True, threshold=0.9, swapped_with="family"),
                ]
            ),
            _birth_comparison(),
            cl.ExactMatch("gender"),
            _id_comparison("personal_id"),
            _id_comparison("old_id"),
            _id_comparison("phone"),
            _email_comparison(),
            _unit_comparison(),
        ],
        blocking_rules_to_generate_predictions=[
            block_on("personal_id"),
            block_on("old_id"),
            block_on("phone"),
            block_on("email"),
            # Family and given name and year, the middle names not disagreeing (one of
            # them missing or alike): the common names' blocks stay small at a million.
            CustomRule(
                "l.family = r.family AND l.given = r.given AND l.birth_year = r.birth_year "
                "AND (l.middle IS NULL OR r.middle IS NULL OR l.middle = r.middle "
                "OR jaro_winkler_similarity(l.middle, r.middle) >= 0.8)"
            ),
            block_on("given", "birth_date"),
            block_on("family", "birth_date"),
            block_on("name_sorted", "birth_md"),
            block_on("name_sorted", "birth_year"),
            CustomRule(
                "l.full_name = r.full_name AND (l.birth_year IS NULL OR r.birth_year IS NULL)"
            ),
        ],
        retain_intermediate_calculation_columns=True,
        retain_matching_columns=True,
        additional_columns_to_retain=["full_name"],
    )


def _training_rules() -> dict[str, Any]:
    from splink import block_on

    return {
        "deterministic": [block_on("personal_id"), block_on("email")],
        # Passes whose pairs are nearly all the same person: m is learnt from them without
        # the namesakes a name block would mix in.
        "em": [block_on("personal_id"), block_on("phone")],
    }


# ----------------------------------------------------------------------- the generic model


def generic_frame(records: Iterable[tuple[Any, dict[str, Any]]]) -> Any:
    """The baseline's input: raw strings lower-cased, no other normalisation."""
    import pandas as pd

    rows = []
    for unique_id, raw in records:
        name = raw.get("full_name") or " ".join(
            str(raw.get(key) or "") for key in ("family_name", "middle_name", "given_name")
        )
        row = {"unique_id": unique_id, "name": " ".join(str(name).lower().split()) or None}
        for column, key in (
            ("dob", "birth_date"),
            ("gender", "gender"),
            ("pid", "personal_id"),
            ("phone", "phone"),
            ("email", "email"),
        ):
            value = str(raw.get(key) or "").strip().lower()
            row[column] = value or None
        rows.append(row)
    return pd.DataFrame(
        rows, columns=["unique_id", "name", "dob", "gender", "pid", "phone", "email"]
    )


def generic_settings() -> Any:
    from splink import SettingsCreator, block_on
    from splink import comparison_library as cl

    return SettingsCreator(
        link_type="dedupe_only",
        comparisons=[
            cl.JaroWinklerAtThresholds("name", [0.95, 0.88]).configure(
                term_frequency_adjustments=True
            ),
            cl.LevenshteinAtThresholds("dob", [1, 2]),
            cl.ExactMatch("gender"),
            cl.LevenshteinAtThresholds("pid", [1]),
            cl.ExactMatch("phone"),
            cl.ExactMatch("email"),
        ],
        blocking_rules_to_generate_predictions=[
            block_on("name", "dob"),
            block_on("pid"),
            block_on("phone"),
            block_on("email"),
            block_on("name", "gender"),
        ],
        retain_intermediate_calculation_columns=False,
        retain_matching_columns=False,
    )


def _generic_training_rules() -> dict[str, Any]:
    from splink import block_on

    return {
        "deterministic": [block_on("pid"), block_on("email")],
        "em": [block_on("name", "dob"), block_on("pid")],
    }


# ----------------------------------------------------------------------------- running


@dataclass
class Result:
    """Clusters and scored pairs of one run."""

    clusters: dict[Any, Any]  # unique_id -> cluster id (every input record)
    pairs: list[dict[str, Any]] = field(default_factory=list)  # above REVIEW_THRESHOLD
    parameters: dict[str, Any] = field(default_factory=dict)


def _linker(frame: Any, settings: Any, threads: int) -> tuple[Any, Any]:
    import duckdb
    from splink import DuckDBAPI, Linker

    _quiet_splink()
    connection = duckdb.connect(":memory:")
    connection.execute(f"SET threads = {int(threads)}")
    connection.execute("SET enable_progress_bar = false")
    # DuckDB spills to disk beyond this, so a million records stay well under 8 GiB.
    connection.execute(f"SET memory_limit = '{MEMORY_LIMIT}'")
    return Linker(frame, settings, DuckDBAPI(connection=connection)), connection


def _train(linker: Any, connection: Any, rules: dict[str, Any], threads: int, n: int) -> None:
    with contextlib.suppress(Exception):
        linker.training.estimate_probability_two_random_records_match(
            rules["deterministic"], recall=0.7
        )
    settings_obj = linker._settings_obj
    if not 0 < settings_obj._probability_two_random_records_match < 1:
        # Without identifiers to count on, about one record in five has a twin.
        settings_obj._probability_two_random_records_match = min(0.5, max(1e-9, 0.4 / n))
    # Random sampling is repeatable with a seed only on one thread.
    connection.execute("SET threads = 1")
    linker.training.estimate_u_using_random_sampling(
        max_pairs=min(U_MAX_PAIRS, max(10_000, n * 20)), seed=SEED
    )
    connection.execute(f"SET threads = {int(threads)}")
    for rule in rules["em"]:
        try:
            linker.training.estimate_parameters_using_expectation_maximisation(
                rule, estimate_without_term_frequencies=True
            )
        except Exception:
            continue


def run(
    frame: Any,
    *,
    settings: Any = None,
    rules: dict[str, Any] | None = None,
    threshold: float = THRESHOLD,
    threads: int = 2,
    keep_pairs: bool = False,
    constrained: bool = True,
) -> Result:
    """Train, predict and cluster `frame` (from normalised_frame or generic_frame)."""
    settings = settings if settings is not None else vietnamese_settings()
    rules = rules if rules is not None else _training_rules()
    ids = frame["unique_id"].tolist()
    if len(ids) < 2:
        return Result(clusters={uid: uid for uid in ids})
    # EM needs a handful of pairs; a model for tiny inputs keeps its starting values.
    import warnings

    linker, connection = _linker(frame, settings, threads)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        _train(linker, connection, rules, threads, len(ids))
        predictions = linker.inference.predict(
            threshold_match_probability=min(REVIEW_THRESHOLD, threshold)
        )
    scored = connection.execute(
        f"SELECT unique_id_l, unique_id_r, match_probability FROM {predictions.physical_name} "
        f"WHERE match_probability >= {float(threshold)} "
        "ORDER BY match_probability DESC, unique_id_l, unique_id_r"
    ).fetchall()
    clusters = cluster(ids, scored, _conflict_values(frame) if constrained else None)
    pairs: list[dict[str, Any]] = []
    if keep_pairs:
        pairs = predictions.as_pandas_dataframe().to_dict("records")
    parameters = {"settings": linker.misc.save_model_to_json()}
    connection.close()
    return Result(clusters=clusters, pairs=pairs, parameters=parameters)


def _conflict_values(frame: Any) -> dict[Any, tuple]:
    """Per record what two records of one person cannot disagree on: the 12-digit ID,
    the full birth date and the gender."""
    values = {}
    columns = [c for c in ("personal_id", "birth_date", "gender") if c in frame.columns]
    if len(columns) < 3:
        return {}
    for uid, pid, date, gender in frame[["unique_id", *columns]].itertuples(index=False):
        values[uid] = (
            pid if isinstance(pid, str) else None,
            date if isinstance(date, str) else None,
            gender if isinstance(gender, str) else None,
        )
    return values


def _close(a: str, b: str) -> bool:
    """Equal, one character apart, two neighbours swapped, or day and month swapped."""
    if a == b:
        return True
    if len(a) != len(b):
        return False
    diff = [i for i in range(len(a)) if a[i] != b[i]]
    if len(diff) == 1:
        return True
    if len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]]:
        return a[diff[1]] == b[diff[0]]
    return len(a) == 10 and a[:4] == b[:4] and a[5:7] == b[8:10] and a[8:10] == b[5:7]


def _compatible(left: list[set], right: list[set]) -> bool:
    for values_l, values_r in zip(left, right, strict=True):
        if values_l and values_r and not any(_close(a, b) for a in values_l for b in values_r):
            return False
    return True


def cluster(ids: list, scored: list[tuple], conflicts: dict | None) -> dict[Any, Any]:
    """Clusters from pairs taken best first (connected components), except that two
    clusters are not joined when they hold different personal IDs, different full
    birth dates or different genders (a chain through a record that lacks them would
    otherwise join two namesakes). Cluster id: the smallest record id in it."""
    parent = {uid: uid for uid in ids}
    members: dict[Any, list[set]] = {}
    if conflicts:
        for uid in ids:
            members[uid] = [{v} if v else set() for v in conflicts.get(uid, (None,) * 3)]

    def root(x: Any) -> Any:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for left, right, _probability in scored:
        a, b = root(left), root(right)
        if a == b:
            continue
        if conflicts:
            if not _compatible(members[a], members[b]):
                continue
            members[a] = [x | y for x, y in zip(members[a], members[b], strict=True)]
            del members[b]
        parent[b] = a
    roots: dict[Any, Any] = {}
    for uid in ids:
        top = root(uid)
        roots[top] = min(roots.get(top, uid), uid, key=_sort_key)
    return {uid: roots[root(uid)] for uid in ids}


def _sort_key(value: Any) -> tuple:
    return (0, value, "") if isinstance(value, int) else (1, 0, str(value))


def find_duplicates(
    records: Iterable[tuple[Any, dict[str, Any]]],
    *,
    threshold: float = THRESHOLD,
    threads: int = 2,
    keep_pairs: bool = False,
) -> Result:
    """The Vietnamese model on raw records [(id, raw dict)]."""
    return run(
        normalised_frame(records), threshold=threshold, threads=threads, keep_pairs=keep_pairs
    )


def find_duplicates_generic(
    records: Iterable[tuple[Any, dict[str, Any]]], *, threshold: float = THRESHOLD, threads: int = 2
) -> Result:
    return run(
        generic_frame(records),
        settings=generic_settings(),
        rules=_generic_training_rules(),
        threshold=threshold,
        threads=threads,
        constrained=False,
    )


def explanation(pair: dict[str, Any]) -> list[dict[str, Any]]:
    """Per-field evidence of one predicted pair: each comparison's level and its match
    weight (Splink's bf_ columns as log2 Bayes factors)."""
    import math

    evidence = []
    for name in FIELDS:
        gamma = pair.get(f"gamma_{name}")
        factor = pair.get(f"bf_{name}")
        tf_factor = pair.get(f"bf_tf_adj_{name}")
        if gamma is None or factor is None:
            continue
        product = float(factor) * (float(tf_factor) if tf_factor not in (None, "") else 1.0)
        weight = math.log2(product) if product > 0 else -99.0
        left_col, right_col = _shown_columns(name)
        evidence.append(
            {
                "field": name,
                "level": int(gamma),
                "weight": round(weight, 2),
                "left": _plain(pair.get(left_col)),
                "right": _plain(pair.get(right_col)),
            }
        )
    return evidence


def _shown_columns(name: str) -> tuple[str, str]:
    column = {"birth": "birth_date", "name": "full_name"}.get(name, name)
    return f"{column}_l", f"{column}_r"


def _plain(value: Any) -> Any:
    if value is None:
        return None
    try:
        import pandas as pd

        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    if hasattr(value, "item"):
        return value.item()
    return value
