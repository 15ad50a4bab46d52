"""Which metric a figure measures: its unit, and the words reports use around it.

A figure's unit says which metrics it may measure (grams cannot be guns); the words
around it say which one: "tin có giá trị" and "cung cấp" for tips, "giao nộp" and
"thu hồi" for weapons handed in, "hiến máu" for blood donation, "khen thưởng" for
commendations. Those words are `CUES`, written once here from the language of
provincial police and mass-organisation reports, for the metrics of the standard
catalogue; a metric of another catalogue is known by the words of its Vietnamese name.

Words weigh by where they stand: in the figure or right after its unit most, then before
it in its clause, then elsewhere in its sentence, and least in the title and lead of
the report (the topic of the whole text: "Ngày hội hiến máu"). A metric must have
evidence of its own beyond the unit; the unit then weighs in: the metric's own unit
counts for it, another counting word of the same dimension against it ("mắt camera"
are not models, even in a sentence about a model). A figure stated per unit ("mỗi suất
1 triệu đồng", "5 Công an chính quy/xã") measures only a metric defined per unit.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence
from decimal import Decimal

import attrs

from danvan._metrics import Aggregation, Catalogue, Metric
from danvan._quantity import Quantity
from danvan._ratio import Ratio
from danvan._text import match_key
from danvan._units import Unit, counts_in

__all__ = ["CUES", "Evidence", "MetricScorer"]

#: Words reports use around a figure of each metric of the standard catalogue, with
#: their weight. A group's words count for every metric below it.
CUES: dict[str, dict[str, float]] = {
    "tips": {"tin có giá trị": 3, "nguồn tin có giá trị": 3, "nguồn tin": 2, "cung cấp": 2},
    "crimes.reported": {
        "tin báo": 2,
        "tố giác": 2,
        "tố giác tội phạm": 3,
        "kiến nghị khởi tố": 2,
    },
    "crimes.solved": {"điều tra làm rõ": 3, "làm rõ": 2, "khám phá": 2, "phá án": 2},
    "surrendered": {
        "giao nộp": 2,
        "tự giao nộp": 2,
        "thu hồi": 2,
        "thu gom": 2,
        "vật liệu nổ": 1,
    },
    "surrendered.explosives": {"vật liệu nổ": 1},
    "surrendered.bombs": {"bom": 2},
    "surrendered.shells": {"đạn pháo": 3},
    "surrendered.grenades": {"lựu đạn": 3},
    "surrendered.warheads": {"đầu đạn": 3},
    "surrendered.mines": {"mìn": 2},
    "surrendered.detonators": {"kíp nổ": 3, "kíp": 1},
    "surrendered.explosive_mass": {"thuốc nổ": 3},
    "surrendered.guns": {"súng": 2},
    "surrendered.rounds": {"đạn": 2, "viên đạn": 2},
    "surrendered.rudimentary_weapons": {"vũ khí thô sơ": 3, "thô sơ": 2},
    "surrendered.support_tools": {"công cụ hỗ trợ": 3},
    "surrendered.fireworks": {"pháo nổ": 3, "pháo": 1},
    "models": {"mô hình": 1.5},
    "model_types": {"loại mô hình": 3},
    "model_sites": {"điểm mô hình": 3},
    "exemplars": {"điển hình": 2, "gương điển hình": 2, "tập thể, cá nhân điển hình": 4},
    "exemplars.individuals": {"cá nhân điển hình": 3, "điển hình": 1},
    "exemplars.collectives": {"tập thể điển hình": 3, "điển hình": 1},
    "commendations": {
        "khen thưởng": 3,
        "bằng khen": 3,
        "giấy khen": 3,
        "biểu dương": 1,
    },
    "blood.turns": {"hiến máu": 3},
    "blood.units": {"đơn vị máu": 2, "hiến máu": 1},
    "charity.money": {
        "ủng hộ": 2,
        "từ thiện": 2,
        "quyên góp": 2,
        "cứu trợ": 2,
        "vì người nghèo": 2,
        "quỹ": 1,
        "an sinh": 1,
        "người nghèo": 1,
        "hộ nghèo": 1,
        "hoàn cảnh khó khăn": 1,
        "hỗ trợ": 1,
    },
    "charity.gifts": {"quà": 2, "suất quà": 2, "phần quà": 2, "trao tặng": 1, "tặng": 1},
    "charity.participants": {"ủng hộ": 2, "quyên góp": 2},
    "communes.total": {
        "tỉnh có": 2,
        "huyện có": 2,
        "thành phố có": 2,
        "đơn vị hành chính": 2,
    },
    "police.regular.communes": {"công an chính quy": 2, "chính quy": 2},
    "police.regular.coverage": {"công an chính quy": 2, "chính quy": 2},
    "police.regular.officers": {"công an chính quy": 2, "chính quy": 2, "bố trí": 1},
    "police.regular.per_commune": {"công an chính quy": 2, "chính quy": 2},
}
#: Counting words a metric is stated in besides its own unit: reports count crimes
#: reported as "tin báo" (tips), though the metric counts cases.
ALSO_IN: dict[str, tuple[str, ...]] = {"crimes.reported": ("tin",)}
#: Metrics defined per unit ("số Công an chính quy mỗi xã"): the only ones a figure
#: stated per unit ("/xã", "mỗi suất") may measure.
PER_UNIT = frozenset({"police.regular.per_commune"})
#: Words that say a money figure is not money given: the value of goods, or loans.
_NOT_GIVEN = ("trị giá", "giá trị", "giải ngân", "vay", "cho vay")

_WHERE = {"span": 1.0, "next": 1.0, "after": 0.7, "near": 0.8, "clause": 0.6}
_SENTENCE, _DOCUMENT = 0.4, 0.25
_OWN_UNIT, _SAME_SIZE, _OTHER_WORD = 1.0, 0.5, -0.5
_EVIDENCE, _PROPOSE = 0.5, 1.0
_STOP = frozenset(
    [
        "do",
        "của",
        "các",
        "và",
        "có",
        "về",
        "được",
        "cho",
        "theo",
        "trong",
        "tính",
        "bằng",
        "số",
        "tỷ",
        "lệ",
        "quả",
        "cái",
        "loại",
        "mỗi",
    ]
)
_GENERIC = frozenset({"công an", "nhân dân", "lực lượng", "quần chúng", "an ninh", "trật tự"})
_TOKEN = re.compile(r"[^\W_]{1,40}")


@attrs.frozen
class Evidence:
    """The context of one figure, as words (match keys) by where they stand."""

    span: str
    next: str  # the figure and the two words right after it
    after: str  # the rest of the clause after it
    near: str  # the six words before it in its clause
    clause: str  # the rest of its clause before it
    sentence: str  # the rest of its sentence
    document: str  # the title and lead of the report
    per_unit: bool  # "mỗi ..." just before it, or "/xã" right after it


def keys(text: str) -> str:
    """The words of ``text`` as match keys, single-spaced and padded for phrase look-ups."""
    return " " + " ".join(_word_key(w) for w in _TOKEN.findall(text)) + " "


@functools.lru_cache(maxsize=65536)
def _word_key(word: str) -> str:
    return match_key(word)


@attrs.frozen
class _Phrases:
    metric: Metric
    phrases: tuple[tuple[str, float], ...]  # padded keys, weight


class MetricScorer:
    """Proposes metrics of one catalogue for figures."""

    def __init__(self, catalogue: Catalogue) -> None:
        self.catalogue = catalogue
        self._fits: dict[tuple[Unit, bool, bool], list[tuple[_Phrases, float]]] = {}
        self.metrics: list[_Phrases] = []
        for metric in catalogue:
            if metric.is_group:
                continue
            words = dict(_phrases_of(metric))
            for ancestor in catalogue.ancestors(metric.code):
                if ancestor.is_group:  # a group's words say what its parts share
                    for phrase, weight in _phrases_of(ancestor):
                        words.setdefault(phrase, weight)
            # Longest first: a phrase inside one already found is not counted again.
            padded = tuple(
                sorted(((keys(p), w) for p, w in words.items()), key=lambda pw: -len(pw[0]))
            )
            self.metrics.append(_Phrases(metric, padded))

    def _fitting(self, value: Quantity | Ratio) -> list[tuple[_Phrases, float]]:
        """The metrics a figure's unit may measure, with how well it fits (cached by unit)."""
        unit = value.unit if isinstance(value, Quantity) else value.denominator.unit
        key = (unit, isinstance(value, Ratio), isinstance(value, Ratio) and value.has_figures)
        if key not in self._fits:
            self._fits[key] = [
                (entry, fit)
                for entry in self.metrics
                if (fit := _unit_fit(entry.metric, value, self.catalogue)) is not None
            ]
        return self._fits[key]

    def propose(
        self, value: Quantity | Ratio | None, evidence: Evidence
    ) -> tuple[Metric, Decimal, tuple[str, ...], tuple[str, ...]] | None:
        """The best metric for a figure, its share of the evidence, the words that led to
        it and the other metrics that fit; None when no metric has evidence enough."""
        if value is None:
            return None
        scored: list[tuple[float, Metric, tuple[str, ...]]] = []
        for entry, fit in self._fitting(value):
            metric = entry.metric
            if evidence.per_unit != (metric.code in PER_UNIT):
                continue
            # The topic of the report counts only for a figure in the metric's own unit.
            found, words = _weigh(entry.phrases, evidence, topic=fit == _OWN_UNIT)
            if metric.code == "charity.money" and any(
                f" {match_key(w)} " in evidence.near + evidence.clause for w in _NOT_GIVEN
            ):
                continue
            if found < _EVIDENCE:
                continue
            scored.append((found + fit, metric, words))
        scored.sort(key=lambda s: -s[0])
        if not scored or scored[0][0] < _PROPOSE:
            return None
        best, metric, words = scored[0]
        runner = scored[1][0] if len(scored) > 1 else 0.0
        share = Decimal(str(round(best / (best + max(runner, 0.0)), 2)))
        return metric, share, words, tuple(s[1].code for s in scored[1:4])


def _phrases_of(metric: Metric) -> Iterable[tuple[str, float]]:
    """The words of a metric: its cues, or the phrases of its Vietnamese name."""
    if metric.code in CUES:
        yield from CUES[metric.code].items()
        return
    words = [match_key(w) for w in _TOKEN.findall(metric.name_vi)]
    own = match_key(metric.unit.vi) if metric.unit is not None else ""
    content = [w for w in words if w not in _STOP]
    if len(content) == 1:
        yield content[0], 1.0
        return
    for n in (2, 3, 4):
        for i in range(len(words) - n + 1):
            gram = words[i : i + n]
            phrase = " ".join(gram)
            if gram[0] in _STOP or gram[-1] in _STOP or phrase in _GENERIC or phrase == own:
                continue
            yield phrase, float(n - 1)


def _unit_fit(metric: Metric, value: Quantity | Ratio, catalogue: Catalogue) -> float | None:
    """How the figure's unit fits the metric's: None when it cannot measure it."""
    if isinstance(value, Ratio):
        if metric.aggregation is not Aggregation.RATIO or not value.has_figures:
            return None
        below = catalogue.get(metric.denominator or "").unit if metric.denominator else None
        return _fit(value.denominator.unit, below, metric.code)
    if metric.aggregation is Aggregation.RATIO:
        return None
    return _fit(value.unit, metric.unit, metric.code)


def _fit(unit: Unit, wanted: Unit | None, code: str) -> float | None:
    """Its own unit counts for a metric; two sizes of one measure, or a word that covers
    the other, a little; another word counting the same kind of thing ("tập thể" for
    commendations) against it; a word counting another kind ("đợt" for bombs) rules
    it out."""
    if wanted is None:
        return None
    if unit == wanted:
        return _OWN_UNIT
    if unit.dimension is not wanted.dimension:
        return None
    if counts_in(unit, wanted) or counts_in(wanted, unit):
        return _SAME_SIZE
    if unit.code in ALSO_IN.get(code, ()):
        return 0.0
    if unit.counts is wanted.counts:
        return _OTHER_WORD
    return None


def _weigh(
    phrases: Sequence[tuple[str, float]], evidence: Evidence, *, topic: bool
) -> tuple[float, tuple[str, ...]]:
    """The evidence for a metric: each phrase counted once, where it weighs most."""
    total = 0.0
    words: list[str] = []
    places = [
        (evidence.span, _WHERE["span"]),
        (evidence.next, _WHERE["next"]),
        (evidence.near, _WHERE["near"]),
        (evidence.after, _WHERE["after"]),
        (evidence.clause, _WHERE["clause"]),
        (evidence.sentence, _SENTENCE),
        *([(evidence.document, _DOCUMENT)] if topic else []),
    ]
    for phrase, weight in phrases:
        if any(phrase in f" {found} " for found in words):
            continue
        for where, factor in places:
            if phrase in where:
                total += weight * factor
                words.append(phrase.strip())
                break
    return total, tuple(words)
