"""The topic taxonomy: ids, kinds, levels per service type, measures, CUAD mapping."""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from .errors import BpolintError
from .paths import rules_root
from .yamlio import load_yaml

LEVEL_RANK = {"required": 2, "recommended": 1}


@dataclass(frozen=True)
class Topic:
    id: str
    title: str
    kind: str  # requirement | risk | wording | hygiene
    levels: dict[str, str]
    measure: str | None = None
    cuad: str | None = None
    cuad_positive: tuple[str, ...] = ()
    note: str | None = None

    def level_for(self, service_types: tuple[str, ...] | list[str]) -> str | None:
        """The strongest level that applies; ``all`` always applies."""
        found = [self.levels[s] for s in (*service_types, "all") if s in self.levels]
        if not found:
            return None
        return max(found, key=lambda lv: LEVEL_RANK.get(lv, 0))


@dataclass(frozen=True)
class Taxonomy:
    service_types: dict[str, str]
    topics: dict[str, Topic] = field(default_factory=dict)

    def applicable(self, service_types: tuple[str, ...] | list[str]) -> list[tuple[Topic, str]]:
        out = []
        for topic in self.topics.values():
            level = topic.level_for(service_types)
            if level:
                out.append((topic, level))
        return out


def parse_taxonomy(path: Path) -> Taxonomy:
    data = load_yaml(path)
    name = str(path)
    if not isinstance(data, dict) or "topics" not in data:
        raise BpolintError("E204", name, None, {"key": "topics", "where": ""})
    topics: dict[str, Topic] = {}
    for tid, t in data["topics"].items():
        topics[tid] = Topic(
            id=tid, title=t.get("title", tid), kind=t["kind"], levels=dict(t.get("levels", {})),
            measure=t.get("measure"), cuad=t.get("cuad"), cuad_positive=tuple(t.get("cuad-positive", ()) or ()),
            note=t.get("note"),
        )
    return Taxonomy(service_types=dict(data.get("service-types", {})), topics=topics)


@lru_cache(maxsize=4)
def load_taxonomy(path: str | None = None) -> Taxonomy:
    return parse_taxonomy(Path(path) if path else rules_root() / "taxonomy.yaml")
