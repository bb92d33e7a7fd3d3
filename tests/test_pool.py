"""Extraction on every core and through the record cache gives exactly the serial records."""
import json
import shutil
from pathlib import Path

from graphbuild import cache as record_cache
from graphbuild.cache import RecordCache, extractor_version
from graphbuild.pool import extract_paths

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "data" / "corpus"
PLANS = ROOT / "tests" / "fixtures" / "plans"


def _bytes(run) -> list[str]:
    return [json.dumps(r.to_dict(), ensure_ascii=False, indent=1) for r in run.records]


def test_parallel_extraction_gives_the_serial_records_byte_for_byte():
    serial = extract_paths([CORPUS, PLANS], jobs=1)
    parallel = extract_paths([CORPUS, PLANS], jobs=2)
    assert len(serial.records) == 10 and not serial.problems  # README.md reads as a document too
    assert [r.source for r in parallel.records] == [r.source for r in serial.records]
    assert _bytes(parallel) == _bytes(serial)


def test_cache_extracts_only_new_or_changed_files(tmp_path):
    docs = tmp_path / "docs"
    shutil.copytree(CORPUS, docs)
    cache = RecordCache(tmp_path / "cache")
    first = extract_paths([docs], jobs=2, cache=cache)
    assert first.extracted == 5
    again = extract_paths([docs], jobs=2, cache=cache)
    assert again.extracted == 0 and _bytes(again) == _bytes(first)

    changed = docs / "003_05e3fa0bd3f85029.txt"
    changed.write_text(changed.read_text(encoding="utf-8").replace("154/KH-UBND", "155/KH-UBND"), encoding="utf-8")
    shutil.copy(PLANS / "district_plan.txt", docs / "zz_new.txt")
    third = extract_paths([docs], jobs=2, cache=cache)
    assert third.extracted == 2
    assert "155/KH-UBND" in {r.document.number for r in third.records}
    assert _bytes(third) == _bytes(extract_paths([docs], jobs=1))


def test_a_cached_record_names_the_file_it_is_read_from(tmp_path):
    cache = RecordCache(tmp_path / "cache")
    extract_paths([CORPUS / "003_05e3fa0bd3f85029.txt"], cache=cache)
    moved = tmp_path / "moved.txt"
    shutil.copy(CORPUS / "003_05e3fa0bd3f85029.txt", moved)
    run = extract_paths([moved], cache=cache)
    assert run.extracted == 0
    assert _bytes(run) == _bytes(extract_paths([moved], jobs=1))


def test_one_bad_file_is_one_problem_and_the_others_go_on(tmp_path):
    shutil.copy(CORPUS / "003_05e3fa0bd3f85029.txt", tmp_path / "good.txt")
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "scan.pdf").write_bytes(b"not a pdf at all")
    run = extract_paths([tmp_path], jobs=2, cache=RecordCache(tmp_path / ".cache"))
    assert [r.source for r in run.records] == ["good.txt"]
    assert len(run.problems) == 2 and all("\n" not in p for p in run.problems)


def test_extractor_version_follows_the_extraction_code_and_knowledge(tmp_path, monkeypatch):
    modules = record_cache._imported_modules(record_cache.EXTRACTOR_ROOT)
    assert {"graphbuild.extract", "graphbuild.mandates", "graphbuild.agencies", "graphbuild.citations",
            "graphbuild.outline", "graphbuild.read", "graphbuild.deadlines"} <= modules
    assert "graphbuild.graph" not in modules and "graphbuild.rdf" not in modules
    ontology = tmp_path / "ontology"
    shutil.copytree(record_cache.knowledge.ontology_file(""), ontology)
    monkeypatch.setattr(record_cache.knowledge, "ontology_file", lambda name: ontology / name)
    assert record_cache.extractor_version.__wrapped__() == extractor_version()
    with (ontology / "agencies.toml").open("a", encoding="utf-8") as f:
        f.write("\n# a new alias\n")
    assert record_cache.extractor_version.__wrapped__() != extractor_version()
