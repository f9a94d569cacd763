"""Tests for summitlib.corpus: a corpus in one process and on a real local Dask cluster."""

from __future__ import annotations

import copy
import io
import json
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from distributed import Client, LocalCluster, get_task_stream

from summitlib import cli, corpus, table

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
DOCUMENTS = 300
#: Every DEFECT_EVERY-th document is broken, in one of the ways below.
DEFECT_EVERY = 9


def _break(kind: str, data: dict[str, Any]) -> bytes:
    """Return the document *data* broken in the way *kind* names."""
    if kind == "range":
        data["agendas"][0]["goals"][0]["salience"] = 140
    elif kind == "topic":
        data["focus_areas"][0]["topic"] = "cap:22"
    elif kind == "reference":
        data["agendas"][1]["goals"][0]["focus_area"] = "nowhere"
    text = json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8")
    if kind == "syntax":
        return text[: len(text) // 2]
    if kind == "duplicate-key":
        return text.replace(b'"title"', b'"title": "x", "title"', 1)
    if kind == "encoding":
        return text.replace(b"Putin", b"Put\xffin", 1)
    return text


DEFECTS = ("range", "topic", "reference", "syntax", "duplicate-key", "encoding")


def _generate(directory: Path) -> tuple[list[str], dict[str, str | None]]:
    """Write DOCUMENTS variations of the seed; return their paths and expected codes.

    Positions and saliences are drawn from a seeded generator, some goals and
    recommendations are dropped; broken documents map to the problem code expected.
    """
    rng = random.Random(20250815)
    base = json.loads((EXAMPLES / "alaska-2025.json").read_text("utf-8"))
    paths: list[str] = []
    expected: dict[str, str | None] = {}
    for number in range(DOCUMENTS):
        data = copy.deepcopy(base)
        data["id"] = f"summit-{number:04d}"
        for agenda in data["agendas"]:
            for goal in agenda["goals"]:
                if "position" in goal:
                    goal["position"] = rng.randint(0, 100)
                goal["salience"] = round(rng.uniform(0, 100), 1)
            if rng.random() < 0.3:
                agenda["goals"].pop(rng.randrange(len(agenda["goals"])))
        if rng.random() < 0.3:
            data["recommendations"] = data["recommendations"][:1]
        kind = (
            DEFECTS[(number // DEFECT_EVERY) % len(DEFECTS)] if number % DEFECT_EVERY == 0 else None
        )
        path = directory / f"doc-{number:04d}.json"
        path.write_bytes(_break(kind, data) if kind else _break("", data))
        paths.append(str(path))
        expected[str(path)] = kind
    return paths, expected


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[str], dict[str, str | None]]:
    """The generated corpus, plus a file that does not exist."""
    directory = tmp_path_factory.mktemp("corpus")
    paths, expected = _generate(directory)
    missing = str(directory / "missing.json")
    return [*paths[:150], missing, *paths[150:]], expected


@pytest.fixture(scope="module")
def single(generated: tuple[list[str], dict[str, str | None]]) -> corpus.CorpusResult:
    """The corpus processed in this process, one file after another."""
    return corpus.process(generated[0])


@pytest.fixture(scope="module")
def cluster() -> Iterator[LocalCluster]:
    """A real local Dask cluster: two worker processes, loopback only, no dashboard."""
    with LocalCluster(
        n_workers=2,
        processes=True,
        threads_per_worker=1,
        host="127.0.0.1",
        dashboard_address=None,
    ) as local:
        yield local


def test_every_file_is_reported_in_order(
    generated: tuple[list[str], dict[str, str | None]], single: corpus.CorpusResult
) -> None:
    """Each input path has one outcome, in input order; none is lost."""
    paths, _ = generated
    assert [outcome.path for outcome in single.files] == paths


def test_broken_files_are_reported_with_their_problem(
    generated: tuple[list[str], dict[str, str | None]], single: corpus.CorpusResult
) -> None:
    """Broken documents are invalid with the expected code; the missing file is unreadable."""
    _, expected = generated
    broken = {path for path, kind in expected.items() if kind is not None}
    assert len(broken) == len(range(0, DOCUMENTS, DEFECT_EVERY))
    assert {kind for kind in expected.values() if kind} == set(DEFECTS)
    for outcome in single.files:
        if outcome.path.endswith("missing.json"):
            assert (outcome.status, outcome.error) == ("unreadable", "no such file or directory")
            continue
        kind = expected[outcome.path]
        if kind is None:
            assert outcome.status == "valid", (outcome.path, outcome.problems)
            assert outcome.tables["summits"][0]["document"] == outcome.path
        elif kind == "encoding":
            # The same wording as `summitlib validate`: bytes that are not UTF-8 are not text.
            assert outcome.status == "unreadable", outcome.path
            assert (outcome.error or "").startswith("not UTF-8 text (invalid byte at line")
            assert outcome.tables == {}
        else:
            assert outcome.status == "invalid", outcome.path
            assert kind in {problem.code for problem in outcome.problems}, outcome.problems
            assert outcome.tables == {}
    assert len(single.failed) == len(broken) + 1
    assert len(single.valid) == DOCUMENTS - len(broken)


def test_stacked_tables_hold_every_valid_file(single: corpus.CorpusResult) -> None:
    """The corpus tables have one summit row and one comparison per valid file."""
    tables = single.tables()
    assert list(tables) == list(table.TABLES)
    assert len(tables["summits"]) == len(single.valid)
    assert len(tables["comparisons"]) == len(single.valid)
    assert {row["document"] for row in tables["goals"]} == {o.path for o in single.valid}


def test_a_local_dask_scheduler_gives_the_single_process_result(
    generated: tuple[list[str], dict[str, str | None]], single: corpus.CorpusResult
) -> None:
    """Dask's in-process 'sync' scheduler gives the same result as the plain loop."""
    assert corpus.process(generated[0], scheduler="sync", partition_size=50) == single


def test_a_two_worker_cluster_gives_the_single_process_result(
    cluster: LocalCluster,
    generated: tuple[list[str], dict[str, str | None]],
    single: corpus.CorpusResult,
) -> None:
    """Run by scheduler address, as against a remote cluster, the result is the same."""
    address = cluster.scheduler_address
    assert address.startswith("tcp://127.0.0.1:")
    result = corpus.process(generated[0], scheduler=address, partition_size=16)
    assert result == single
    assert result.tables() == single.tables()


def test_an_open_client_runs_the_work_on_its_workers(
    cluster: LocalCluster, generated: tuple[list[str], dict[str, str | None]]
) -> None:
    """With a Client, the tasks run on the cluster's workers and the client stays open."""
    paths = generated[0][:64]
    with Client(cluster, set_as_default=False) as client:
        with get_task_stream(client) as stream:
            result = corpus.process(paths, scheduler=client, partition_size=8)
        assert client.status == "running"
        workers = set(client.scheduler_info()["workers"])
    used = {task["worker"] for task in stream.data}
    assert len(workers) == 2
    assert used
    assert used <= workers
    assert [outcome.path for outcome in result.files] == paths


def test_export_writes_the_tables_of_a_valid_corpus(tmp_path: Path) -> None:
    """A valid corpus is written, one file per table, rows labelled by file."""
    result, written = corpus.export([str(EXAMPLES)], tmp_path / "out", "csv")
    assert result.ok
    assert [path.name for path in written] == [f"{name}.csv" for name in table.TABLES]
    summits = (tmp_path / "out" / "summits.csv").read_text(encoding="utf-8").splitlines()
    assert len(summits) == 1 + len(result.files)


def test_export_writes_nothing_when_a_file_fails(tmp_path: Path) -> None:
    """One invalid or missing file means no tables, and the failure is in the result."""
    bad = tmp_path / "bad.json"
    bad.write_text('{"schema_version": "1.0"}', encoding="utf-8")
    paths = [str(EXAMPLES / "alaska-2025.json"), str(bad), str(tmp_path / "gone.json")]
    result, written = corpus.export(paths, tmp_path / "out", "parquet")
    assert written == []
    assert not (tmp_path / "out").exists()
    assert [outcome.status for outcome in result.files] == ["valid", "invalid", "unreadable"]
    assert [outcome.ok for outcome in result.files] == [True, False, False]
    assert result.files[1].problems[0].code == "required"
    assert result.files[2].error == "no such file or directory"


def test_export_refuses_an_unknown_format(tmp_path: Path) -> None:
    """An unknown format is refused before any file is read."""
    with pytest.raises(ValueError, match="csv, parquet"):
        corpus.export([str(EXAMPLES)], tmp_path, "xml")


def _cli(*argv: str) -> tuple[int, str, str]:
    stdout, stderr = io.StringIO(), io.StringIO()
    code = cli.run(list(argv), stdout, stderr, environ={"NO_COLOR": "1"})
    return code, stdout.getvalue(), stderr.getvalue()


def test_the_export_command_writes_csv_and_parquet(tmp_path: Path) -> None:
    """`summitlib export` writes every table, in CSV by default or Parquet."""
    code, out, err = _cli("export", str(EXAMPLES), "-o", str(tmp_path / "csv"))
    assert (code, err) == (0, "")
    assert out.startswith(f"{tmp_path / 'csv'}: wrote {len(table.TABLES)} csv tables, ")
    assert sorted(p.name for p in (tmp_path / "csv").iterdir()) == sorted(
        f"{name}.csv" for name in table.TABLES
    )
    code, out, _ = _cli(
        "export",
        str(EXAMPLES / "geneva-2021.json"),
        "-o",
        str(tmp_path / "pq"),
        "--format",
        "parquet",
    )
    assert code == 0
    assert "from 1 file\n" in out
    assert (tmp_path / "pq" / "goals.parquet").is_file()


def test_the_export_command_reports_bad_files_and_writes_nothing(tmp_path: Path) -> None:
    """Invalid files exit 1 and missing ones 2, with problems on stderr and no tables."""
    bad = tmp_path / "bad.json"
    bad.write_text('{"schema_version": "1.0"}', encoding="utf-8")
    code, out, err = _cli("export", str(bad), "-o", str(tmp_path / "out"))
    assert (code, out) == (1, "")
    assert f"{bad}:1:1: $.id: " in err
    assert "[required]" in err
    assert err.endswith(f"summitlib export: nothing written to {tmp_path / 'out'}\n")
    code, _, err = _cli("export", str(tmp_path / "gone.json"), "-o", str(tmp_path / "out"))
    assert code == 2
    assert "no such file or directory" in err
    assert not (tmp_path / "out").exists()


def test_the_export_command_refuses_bad_usage(tmp_path: Path) -> None:
    """A missing --to, an unknown format or an unwritable target is a usage error (2)."""
    assert _cli("export", str(EXAMPLES))[0] == 2
    assert _cli("export", str(EXAMPLES), "-o", str(tmp_path), "--format", "xlsx")[0] == 2
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    code, out, err = _cli("export", str(EXAMPLES), "-o", str(blocker))
    assert (code, out) == (2, "")
    assert err.startswith(f"{blocker}: error: cannot write: ")
