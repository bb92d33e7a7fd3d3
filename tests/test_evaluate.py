"""Evaluation: the project's scorer gives the figures users compare against."""
import copy
import json
from pathlib import Path

import pytest

from graphbuild.errors import GraphbuildError
from graphbuild.evaluate import actor_key, evaluate, load_gold

GOLD = Path(__file__).resolve().parent / "data" / "gold"


@pytest.fixture(scope="module")
def gold():
    return load_gold(GOLD)


def test_gold_against_itself_is_perfect(gold):
    summary, _ = evaluate(gold, copy.deepcopy(gold))
    for key in ("mandate_f1", "lead_f1", "coord_f1", "references_f1", "implements_f1", "due_acc"):
        assert summary[key] == 1.0
    assert summary["load_error"] == 0.0


def test_a_dropped_mandate_costs_recall_and_load(gold):
    name = "003_05e3fa0bd3f85029.txt"
    pred = copy.deepcopy(gold)
    dropped = pred[name]["mandates"].pop(0)
    summary, per_doc = evaluate({name: gold[name]}, {name: pred[name]})
    total = len(gold[name]["mandates"])
    assert summary["mandate_f1"] == round(2 * (total - 1) / (2 * total - 1), 4)
    assert per_doc[name]["missed_lines"] == [dropped["line"]]
    assert summary["load_error"] > 0


def test_abbreviated_or_respelled_actors_still_count():
    assert actor_key("Sở NN&PTNT") == actor_key("Sở Nông nghiệp và Phát triển nông thôn")
    assert actor_key("Sở Lao động - Thương binh và Xã hội") == actor_key("Sở Lao động, Thương binh và Xã hội")
    assert actor_key("UBND cấp huyện") == actor_key("Ủy ban nhân dân cấp huyện")


def test_a_wrong_deadline_is_counted(gold):
    name = "000_aa7159e0c2e7d853.txt"
    pred = copy.deepcopy(gold)
    with_due = next(m for m in pred[name]["mandates"] if m["due"])
    with_due["due"] = "1999"
    summary, per_doc = evaluate({name: gold[name]}, {name: pred[name]})
    assert summary["due_acc"] < 1.0 and per_doc[name]["due_wrong"][0][2] == "1999"


def test_unreadable_gold_is_one_clear_error(tmp_path):
    bad = tmp_path / "x.json"
    bad.write_text("{not json", encoding="utf-8")
    with pytest.raises(GraphbuildError, match="x.json: not a JSON record"):
        load_gold(bad)
    (tmp_path / "y").mkdir()
    with pytest.raises(GraphbuildError, match="no annotated records"):
        load_gold(tmp_path / "y")


def test_shared_scorer_agrees_when_present(gold, tmp_path):
    """Where the shared evaluation script is at hand, our figures equal its figures."""
    import subprocess
    import sys

    script = Path(__file__).resolve().parents[2] / "shared" / "eval" / "score.py"
    if not script.exists():
        pytest.skip("../shared/eval/score.py is not beside this checkout")
    from graphbuild.extract import extract_paths, write_record

    corpus = Path(__file__).resolve().parents[1] / "data" / "corpus"
    run = extract_paths([corpus])
    for r in run.records:
        write_record(r, tmp_path)
    out = subprocess.run([sys.executable, str(script), "--gold", str(GOLD), "--pred", str(tmp_path)],
                         capture_output=True, text=True, check=True).stdout.strip().splitlines()[-1]
    theirs = json.loads(out)
    ours, _ = evaluate(gold, {Path(r.source).name: r.to_dict() for r in run.records})
    for key in ("mandate_f1", "lead_f1", "coord_f1", "due_acc", "references_f1", "implements_f1", "load_error"):
        assert ours[key] == theirs[key], key
