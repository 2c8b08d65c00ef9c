"""Shared fixtures: a small synthetic corpus of Jingjiang patents, its documents and embeddings."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime
from typing import Any

import numpy as np
import pytest

from search.documents import to_document, vector_dims
from transforms.records import (
    Classification,
    IndustryLabel,
    LegalStatus,
    Party,
    Patent,
    PatentType,
    Place,
    Provenance,
)

# 推进装置 / 引进器材 / 推进器 share bigrams (推进, 进器) without sharing the substring 推进器.
SUBJECTS = [
    "船舶推进器",
    "推进装置",
    "船用螺旋桨",
    "船用柴油机",
    "起重机",
    "钢结构舱盖",
    "焊接机器人",
    "电机控制器",
    "液压系统",
    "锂电池",
    "风力发电机组",
    "锚链",
    "推进器叶片",
    "ＬＮＧ储罐",
    "引进器材",
]
ACTIONS = ["及其制造方法", "的安装结构", "的检测装置", "", "用连接件"]
TOWNS = ["新港园区", "城南园区", "斜桥镇", "生祠镇", None]
INDUSTRIES = ["shipbuilding", "marine_equipment", "steel", "new_energy"]
IPCS = ["B63H21/17", "B63H1/14", "B66C23/00", "F02B61/04", "H01M10/052", "B23K37/00"]


def make_patents(n: int = 50, seed: int = 7) -> list[Patent]:
    """``n`` deterministic synthetic patents with Chinese titles and abstracts."""
    rnd = random.Random(seed)
    out: list[Patent] = []
    for i in range(n):
        subject = rnd.choice(SUBJECTS)
        other = rnd.choice([s for s in SUBJECTS if s != subject])
        town = TOWNS[i % len(TOWNS)]
        industries = rnd.sample(INDUSTRIES, k=1 + i % 2)
        out.append(
            Patent(
                publication_number=f"CN{218000000 + i}U",
                country="CN",
                kind="U" if i % 3 else "A",
                patent_type=PatentType.UTILITY_MODEL if i % 3 else PatentType.INVENTION,
                titles={
                    "zh": f"一种{subject}{rnd.choice(ACTIONS)}",
                    **({"en": "Marine propeller"} if i % 7 == 0 else {}),
                },
                abstracts={"zh": f"本实用新型公开了一种{subject}，包括{other}，结构简单。"},
                applicants=[
                    Party(
                        raw_name=f"靖江{'ABC'[i % 3]}船业有限公司",
                        name=f"靖江{'ABC'[i % 3]}船业有限公司",
                        address=f"江苏省靖江市{town or '城区'}{i}号",
                        place=Place(
                            country="CN", province="江苏省", city="泰州市", county="靖江市", town=town
                        ),
                        is_local=town is not None,
                    )
                ],
                inventors=[f"发明人{i % 5}"],
                ipc=[IPCS[i % len(IPCS)], IPCS[(i + 2) % len(IPCS)]],
                application_date=date(2018 + i % 5, 1 + i % 12, 1 + i % 28),
                legal_status=[LegalStatus.IN_FORCE, LegalStatus.LAPSED, LegalStatus.PENDING][i % 3],
                industries=[
                    IndustryLabel(code=code, score=1.0 - j / 10, primary=j == 0)
                    for j, code in enumerate(industries)
                ],
                classification=Classification(taxonomy_version="riverside-2024.1"),
                provenance=Provenance(
                    source="synthetic",
                    fetched_at=datetime(2024, 5, 1, 8, 0, tzinfo=UTC),
                    pipeline_version="0.1.0",
                    synthetic=i % 4 != 0,
                ),
            )
        )
    return out


@pytest.fixture(scope="session")
def patents() -> list[Patent]:
    return make_patents()


@pytest.fixture(scope="session")
def vectors(patents: list[Patent]) -> np.ndarray:
    return np.random.default_rng(0).standard_normal((len(patents), vector_dims())).astype(np.float32)


@pytest.fixture(scope="session")
def documents(patents: list[Patent], vectors: np.ndarray) -> list[dict[str, Any]]:
    return [to_document(p, list(map(float, v))) for p, v in zip(patents, vectors, strict=True)]
