"""Every canned question asked of the store gives the rows of its networkx function on the same graph."""
from pathlib import Path

import pytest

from graphbuild import names, queries
from graphbuild.errors import GraphbuildError
from graphbuild.graph import build_graph
from graphbuild.pipeline import read_inputs
from graphbuild.store import build_store, open_store
from graphbuild.store import questions as store_questions

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "data" / "corpus"
PLANS = ROOT / "tests" / "fixtures" / "plans"
AS_OF = {"as_of": "2022-01-01"}

CASES = [
    ("implementation_chain", {"document": "58-NQ/TW"}),
    ("implementation_chain", {"document": "58/NQ-TW", "direction": "up"}),
    ("implementation_chain", {"document": "26-CTr/TU"}),
    ("implementation_chain", {"document": "26-CTr/TU", "direction": "up"}),
    ("agency_load", {**AS_OF}),
    ("agency_load", {**AS_OF, "province": "Thanh Hóa", "top": 5}),
    ("agency_load", {**AS_OF, "groups": True, "due_from": "2021-01-01", "due_to": "2022-12-31"}),
    ("agency_load", {**AS_OF, "document": "154/KH-UBND", "within": 90}),
    ("deadlines", {**AS_OF}),
    ("deadlines", {**AS_OF, "status": "past-deadline", "province": "thanh hoa"}),
    ("deadlines", {"as_of": "2021-06-30", "due_from": "2021-01-01", "due_to": "2021-12-31"}),
    ("mandates", {**AS_OF}),
    ("mandates", {**AS_OF, "agency": "Sở Tài chính"}),
    ("mandates", {**AS_OF, "agency": "so tai chinh", "status": "no-deadline"}),
    ("mandates", {**AS_OF, "document": "154/KH-UBND", "due_from": "2021-01-01"}),
    ("cited_missing", {}),
    ("cited_missing", {"top": 3}),
    ("coordination", {}),
    ("coordination", {"province": "Thanh Hóa", "min_count": 2}),
    ("coordination", {"groups": True}),
    ("audit_gaps", {}),
    ("audit_gaps", {"province": "Thanh Hóa", "reason": "no-deadline"}),
    ("citations", {"document": "58-NQ/TW"}),
    ("citations", {"document": "154/KH-UBND"}),
]


@pytest.fixture(scope="module")
def graph_and_store(tmp_path_factory):
    out = tmp_path_factory.mktemp("store")
    build_store([CORPUS, PLANS], out, jobs=1)
    store = open_store(out)
    yield build_graph(read_inputs([CORPUS, PLANS], jobs=1).records), store
    store.close()


@pytest.mark.parametrize(("name", "params"), CASES, ids=[f"{n}-{i}" for i, (n, _) in enumerate(CASES)])
def test_the_store_answers_as_the_graph(graph_and_store, name, params) -> None:
    G, store = graph_and_store
    expected = queries.run(G, name, **params)
    assert store_questions.run(store, name, **params) == expected
    if name not in ("cited_missing", "coordination", "audit_gaps"):
        return
    assert expected  # the sample corpus has rows for the questions without parameters


def test_every_question_answers_on_the_store(graph_and_store) -> None:
    """Questions without an SQL twin (queries/<name>.sql) are answered from the stored graph: same rows, slower."""
    import inspect

    G, store = graph_and_store
    for name, canned in queries.CANNED.items():
        params = list(inspect.signature(canned.function).parameters.values())[1:]
        if any(p.default is inspect.Parameter.empty for p in params):
            continue  # asked in CASES with its parameters
        given = {"as_of": "2022-01-01"} if "as_of" in canned.params else {}
        assert store_questions.run(store, name, **given) == queries.run(G, name, **given), name


def test_a_name_the_store_does_not_have_is_one_error_naming_the_nearest(graph_and_store) -> None:
    G, store = graph_and_store
    for params in ({"document": "59-NQ/TW"}, {"province": "Thanh Hoa Nam"}, {"agency": "Sở Tài chánh"}):
        name = "citations" if "document" in params else "mandates"
        with pytest.raises(names.UnknownName) as from_store:
            store_questions.run(store, name, **params)
        with pytest.raises(names.UnknownName) as from_graph:
            queries.run(G, name, **params)
        assert str(from_store.value) == str(from_graph.value)


def test_bad_parameters_are_the_same_errors(graph_and_store) -> None:
    _, store = graph_and_store
    with pytest.raises(GraphbuildError, match="not an ISO date"):
        store_questions.run(store, "deadlines", as_of="01/01/2022")
    with pytest.raises(GraphbuildError, match="does not take|unknown parameter"):
        store_questions.run(store, "cited_missing", province="Thanh Hóa")
