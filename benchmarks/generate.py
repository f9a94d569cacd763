"""Seeded summit documents of three sizes, with non-ASCII text, for the benchmarks.

``document(size, seed)`` returns plain data that passes ``summitlib.validate``; the sizes
are about 9 kB (``small``), 130 kB (``medium``), 3 MB (``large``), 30 MB (``30mb``) and
50 MB (``50mb``) of canonical JSON.
The same seed always gives the same document, so runs on different machines compare.

    python benchmarks/generate.py medium > medium.json
"""

from __future__ import annotations

import random
import sys
from typing import Any

#: Records per document: (leaders, focus areas, goals per agenda, tactics per agenda,
#: recommendations, sources).
SIZES: dict[str, tuple[int, int, int, int, int, int]] = {
    "small": (2, 3, 2, 2, 2, 2),
    "medium": (4, 24, 29, 12, 32, 24),
    "large": (12, 240, 280, 64, 540, 320),
    "30mb": (12, 2400, 2800, 640, 5400, 3200),
    "50mb": (12, 4000, 4700, 1070, 9000, 5300),
}

_WORDS = [
    "sanctions",
    "energy",
    "Arctic",
    "security",
    "trade",
    "ceasefire",
    "grain",
    "corridor",
    "talks",
    "reset",
    "пограничный",
    "мир",
    "переговоры",
    "энергетика",
    "санкции",
    "безопасность",
    "économie",
    "coopération",
    "sécurité",
    "Zusammenarbeit",
    "Größe",
    "Öl",
    "貿易",
    "安全",
    "能源",
    "合作",
    "平和",
    "交渉",
    "‘pragmatic’",
    "“deal”",
    "—",
    "détente",
    "naïve",
    "São",
    "Paulo",
    "Kraków",
]
_NAMES = (
    "Владимир Путин",
    "Donald Trump",
    "Xi Jinping 习近平",
    "Recep Tayyip Erdoğan",
    "Emmanuel Macron",
    "Narendra Modi नरेन्द्र मोदी",
    "Luiz Inácio Lula da Silva",
    "Olaf Scholz",
    "Ursula von der Leyen",
    "Kishida Fumio 岸田文雄",
    "Volodymyr Zelenskyy Володимир Зеленський",
    "Cyril Ramaphosa",
)
_COUNTRIES = ("RU", "US", "CN", "TR", "FR", "IN", "BR", "DE", "BE", "JP", "UA", "ZA")
_CONFIDENCE = ("stated", "reported", "inferred")
_CATEGORIES = ("communication", "agenda-setting", "leverage", "relationship", "outcome", "venue")


def _text(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(_WORDS) for _ in range(words)).capitalize() + "."


def document(size: str = "medium", seed: int = 2025) -> dict[str, Any]:
    """Return a valid summit document of *size* as plain data, reproducibly."""
    leaders_n, areas_n, goals_n, tactics_n, recs_n, sources_n = SIZES[size]
    rng = random.Random(f"{size}-{seed}")
    sources = [
        {
            "id": f"source-{i}",
            "title": _text(rng, 6),
            "url": f"https://example.org/news/{i}",
            "publisher": rng.choice(("Reuters", "ТАСС", "Le Monde", "新华社")),
            "published": f"2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
        }
        for i in range(sources_n)
    ]
    source_ids = [s["id"] for s in sources]
    leaders = [
        {
            "id": f"leader-{i}",
            "name": _NAMES[i % len(_NAMES)],
            "country": _COUNTRIES[i % len(_COUNTRIES)],
            "role": _text(rng, 3),
            "short_name": _NAMES[i % len(_NAMES)].split()[-1],
            "other_names": [_text(rng, 2), _text(rng, 2)],
            "identifiers": [{"scheme": "wikidata", "identifier": f"Q{rng.randint(1, 10**6)}"}],
        }
        for i in range(leaders_n)
    ]
    areas = []
    for i in range(areas_n):
        area: dict[str, Any] = {
            "id": f"area-{i}",
            "label": _text(rng, 2),
            "description": _text(rng, 12),
            "topic": f"cap:{rng.choice((1, 3, 8, 12, 16, 18, 19, 21))}",
        }
        if i % 2 == 0:
            area["scale"] = {"low": _text(rng, 3), "high": _text(rng, 3)}
        areas.append(area)
    area_ids = [a["id"] for a in areas]
    agendas = []
    goal_number = 0
    for leader in leaders:
        goals = []
        for _ in range(goals_n):
            goals.append(
                {
                    "id": f"goal-{goal_number}",
                    "focus_area": rng.choice(area_ids),
                    "title": _text(rng, 4),
                    "emphasis": _text(rng, 5),
                    "details": [_text(rng, 10) for _ in range(rng.randint(1, 3))],
                    "position": rng.randint(0, 100),
                    "salience": round(rng.uniform(0, 100), 1),
                    "confidence": rng.choice(_CONFIDENCE),
                    "sources": rng.sample(source_ids, 2),
                }
            )
            goal_number += 1
        tactics = [
            {
                "element": _text(rng, 2),
                "approach": _text(rng, 6),
                "category": rng.choice(_CATEGORIES),
                "sources": rng.sample(source_ids, 1),
            }
            for _ in range(tactics_n)
        ]
        agendas.append(
            {"leader": leader["id"], "vision": _text(rng, 40), "goals": goals, "tactics": tactics}
        )
    recommendations = [
        {
            "id": f"recommendation-{i}",
            "focus_area": rng.choice(area_ids),
            "title": _text(rng, 5),
            "aims": [
                {"leader": leader["id"], "text": _text(rng, 6)} for leader in rng.sample(leaders, 2)
            ],
            "approaches": [_text(rng, 3) for _ in range(2)],
            "rationale": _text(rng, 20),
            "sources": rng.sample(source_ids, 2),
        }
        for i in range(recs_n)
    ]
    return {
        "schema_version": "1.0",
        "id": f"benchmark-{size}",
        "title": _text(rng, 8),
        "status": "held",
        "start_date": "2025-08-15",
        "end_date": "2025-08-16",
        "location": {
            "name": "Анкоридж, Alaska",
            "locality": "Anchorage",
            "region": "Alaska",
            "country": "US",
            "latitude": 61.25,
            "longitude": -149.8,
        },
        "summary": _text(rng, 60),
        "leaders": leaders,
        "focus_areas": areas,
        "agendas": agendas,
        "recommendations": recommendations,
        "sources": sources,
    }


def document_bytes(size: str = "medium", seed: int = 2025) -> bytes:
    """Return :func:`document` as indented UTF-8 JSON, as a person would keep it."""
    import orjson

    return orjson.dumps(document(size, seed), option=orjson.OPT_INDENT_2) + b"\n"


if __name__ == "__main__":
    sys.stdout.buffer.write(document_bytes(sys.argv[1] if len(sys.argv) > 1 else "medium"))
