"""The on-disk store: the graph a build from scratch gives, kept so by incremental updates."""
import json
import shutil
from pathlib import Path

import pytest
from support.oxigraph import oxigraph_server  # noqa: F401  (pytest fixture)

from graphbuild.errors import GraphbuildError
from graphbuild.graph import build_graph, summary
from graphbuild.pipeline import read_inputs
from graphbuild.store import build_store, open_store
from graphbuild.store import update as store_update

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "data" / "corpus"
PLANS = ROOT / "tests" / "fixtures" / "plans"


def rows(G) -> list[str]:
    """The whole graph as sorted lines: nodes with attributes, edges with attributes, graph attributes."""
    out = [json.dumps([k, G.nodes[k]], sort_keys=True, ensure_ascii=False) for k in sorted(G.nodes)]
    out += [json.dumps([u, v, k, d], sort_keys=True, ensure_ascii=False)
            for u, v, k, d in sorted(G.edges(keys=True, data=True), key=lambda e: e[:3])]
    return [*out, json.dumps(G.graph, sort_keys=True)]


def from_scratch(folder: Path) -> list[str]:
    return rows(build_graph(read_inputs([folder], jobs=1).records))


def stored(out: Path) -> list[str]:
    with open_store(out) as store:
        return rows(store.graph())


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    shutil.copytree(CORPUS, folder)
    for f in PLANS.glob("*.txt"):
        shutil.copy(f, folder / f.name)
    return folder


def test_the_store_holds_the_graph_a_build_gives(corpus: Path, tmp_path: Path) -> None:
    update = build_store([corpus], tmp_path / "data", jobs=1)
    assert len(update.added) == 8 and update.extracted == 8 and not update.problems
    assert stored(tmp_path / "data") == from_scratch(corpus)
    with open_store(tmp_path / "data") as store:
        assert store.summary(top=5) == summary(build_graph(read_inputs([corpus], jobs=1).records), top=5)


def test_a_rebuild_with_nothing_changed_reads_nothing(corpus: Path, tmp_path: Path, monkeypatch) -> None:
    build_store([corpus], tmp_path / "data", jobs=1)
    monkeypatch.setattr(store_update, "extract_files", lambda *a, **k: pytest.fail("extracted again"))
    again = build_store([corpus], tmp_path / "data", jobs=1)
    assert again.unchanged and again.extracted == 0 and again.rebuilt == 0


def test_adding_changing_and_removing_documents_leaves_the_graph_of_the_corpus(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "data"
    shutil.move(corpus / "district_plan.txt", tmp_path / "district_plan.txt")
    build_store([corpus], out, jobs=1)

    shutil.move(tmp_path / "district_plan.txt", corpus / "district_plan.txt")
    added = build_store([corpus], out, jobs=1)
    assert added.added == ["district_plan.txt"] and added.extracted == 1 and added.rebuilt < 4
    assert stored(out) == from_scratch(corpus)

    plan = corpus / "003_05e3fa0bd3f85029.txt"
    plan.write_text(plan.read_text(encoding="utf-8").replace("154/KH-UBND", "155/KH-UBND").replace("Sở Y tế", "Sở Nội vụ"),
                    encoding="utf-8")
    changed = build_store([corpus], out, jobs=1)
    assert changed.changed == ["003_05e3fa0bd3f85029.txt"]
    after = stored(out)
    assert after == from_scratch(corpus)
    assert not any("154/KH-UBND" in line for line in after)  # the old number left no node, edge or alias behind

    (corpus / "party_program.txt").unlink()
    removed = build_store([corpus], out, jobs=1)
    assert removed.removed == ["party_program.txt"]
    assert stored(out) == from_scratch(corpus)
    assert not any("party_program.txt" in line for line in stored(out))


def test_a_second_copy_of_a_document_is_counted_once(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "data"
    build_store([corpus], out, jobs=1)
    shutil.copy(corpus / "003_05e3fa0bd3f85029.txt", corpus / "zz_copy.txt")
    update = build_store([corpus], out, jobs=1)
    assert any("zz_copy.txt" in line and "same document" in line for line in update.problems)
    assert stored(out) == from_scratch(corpus)
    (corpus / "003_05e3fa0bd3f85029.txt").unlink()  # the copy now stands for the document
    build_store([corpus], out, jobs=1)
    assert stored(out) == from_scratch(corpus)


def test_a_new_extractor_extracts_everything_again(corpus: Path, tmp_path: Path, monkeypatch) -> None:
    build_store([corpus], tmp_path / "data", jobs=1)
    monkeypatch.setattr(store_update, "extractor_version", lambda: "another-version")
    again = build_store([corpus], tmp_path / "data", jobs=1)
    assert len(again.changed) == 8 and again.extracted == 8
    assert stored(tmp_path / "data") == from_scratch(corpus)


def test_records_written_by_extract_build_the_same_store(tmp_path: Path) -> None:
    from graphbuild.extract import write_record

    for record in read_inputs([CORPUS], jobs=1).records:
        write_record(record, tmp_path / "records")
    build_store([tmp_path / "records"], tmp_path / "data")
    assert stored(tmp_path / "data")[:-1] == from_scratch(CORPUS)[:-1]


def test_no_store_is_one_clear_error(tmp_path: Path) -> None:
    with pytest.raises(GraphbuildError, match="no store here"):
        open_store(tmp_path)
    (tmp_path / "graph.db").write_text("not a database")
    with pytest.raises(GraphbuildError, match="not a graphbuild store"):
        open_store(tmp_path)


def test_exports_of_the_store_are_the_exports_of_the_graph(corpus: Path, tmp_path: Path) -> None:
    from graphbuild.pipeline import EXPORTS, write_exports
    from graphbuild.store.export import write_store_exports

    build_store([corpus], tmp_path / "store", jobs=1)
    with open_store(tmp_path / "store") as store:
        write_store_exports(store, tmp_path / "from-store", EXPORTS)
    write_exports(build_graph(read_inputs([corpus], jobs=1).records), tmp_path / "in-memory", EXPORTS)
    files = sorted(p.relative_to(tmp_path / "in-memory") for p in (tmp_path / "in-memory").rglob("*") if p.is_file())
    assert len(files) == 8
    for name in files:
        assert (tmp_path / "from-store" / name).read_bytes() == (tmp_path / "in-memory" / name).read_bytes(), name


def test_kg_build_updates_the_store_that_the_other_commands_read(corpus: Path, tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from graphbuild.cli import app

    runner = CliRunner()
    out = tmp_path / "data"
    first = runner.invoke(app, ["build", str(corpus), "--out", str(out), "--jobs", "1"])
    assert first.exit_code == 0, first.output
    assert "8 extracted, 8 added" in first.stdout and "exports written" in first.stdout
    again = runner.invoke(app, ["build", str(corpus), "--out", str(out), "--formats", "nt,csv"])
    assert "0 extracted, 0 added, 0 changed, 0 removed" in again.stdout and "already up to date" in again.stdout
    for command in (["query", "agency_load", "--top", "3", "--as-of", "2022-01-01", "--format", "json"],
                    ["query", "deadlines", "--status", "past-deadline", "--as-of", "2022-01-01", "--format", "json"],
                    ["stats", "--format", "json"]):
        stored = runner.invoke(app, [*command, "--store", str(out)])
        extracted = runner.invoke(app, [*command, str(corpus)])
        assert stored.exit_code == 0 and stored.stdout == extracted.stdout, command
    exported = runner.invoke(app, ["export", "nt", "--store", str(out), "--out", str(tmp_path / "again.nt")])
    assert exported.exit_code == 0 and (tmp_path / "again.nt").read_bytes() == (out / "graph.nt").read_bytes()
    missing = runner.invoke(app, ["stats", "--store", str(tmp_path / "nowhere")])
    assert missing.exit_code == 1 and "no store here" in missing.stderr and "Traceback" not in missing.output


def test_a_whole_graph_pass_is_kept_by_the_store_as_by_a_build(corpus: Path, tmp_path: Path, monkeypatch) -> None:
    """A pass over the whole graph (graph.WHOLE_GRAPH_PASSES, as the reorganisation's successors are) gives the
    store what it gives a build from scratch, and what it added goes when the node it came from goes."""
    from graphbuild import graph

    def successors(G) -> None:  # every department gets a successor, once
        for key, data in list(G.nodes(data=True)):
            if data.get("label") == "Agency" and data.get("kind") == "department":
                new = f"{key}-moi"
                if new not in G:
                    G.add_node(new, id=new, label="Agency", name=f"{data['name']} (mới)", kind="department",
                               jurisdiction=data.get("jurisdiction"), aliases=[], source="test")
                G.add_edge(key, new, key="SUCCEEDED_BY", type="SUCCEEDED_BY", source="test", sources=["test"],
                           lines=[], count=1)

    monkeypatch.setattr(graph, "WHOLE_GRAPH_PASSES", [graph.WholeGraphPass("successors", ("Agency",), successors)])
    out = tmp_path / "data"
    build_store([corpus], out, jobs=1)
    assert stored(out) == from_scratch(corpus)
    assert any("SUCCEEDED_BY" in line for line in stored(out))
    plan = corpus / "003_05e3fa0bd3f85029.txt"
    plan.write_text(plan.read_text(encoding="utf-8").replace("Sở Y tế", "Sở Nội vụ"), encoding="utf-8")
    (corpus / "party_program.txt").unlink()
    build_store([corpus], out, jobs=1)
    assert stored(out) == from_scratch(corpus)


def test_kg_push_sends_the_stored_graph(corpus: Path, tmp_path: Path, oxigraph_server: str) -> None:  # noqa: F811
    """`kg push sparql` from the store sends the triples the in-memory push sends (streamed from a file)."""
    import json
    import urllib.parse
    import urllib.request

    from typer.testing import CliRunner

    from graphbuild.cli import app
    from graphbuild.rdf import push_sparql

    graph_iri = "https://example.org/store-push"
    build_store([corpus], tmp_path / "data", jobs=1)
    pushed = CliRunner().invoke(app, ["push", "sparql", "--store", oxigraph_server, "--graph", graph_iri,
                                      "--from-store", str(tmp_path / "data")])
    assert pushed.exit_code == 0, pushed.output
    query = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph_iri}> {{ ?s ?p ?o }} }}"
    request = urllib.request.Request(f"{oxigraph_server}/query?query={urllib.parse.quote(query)}",
                                     headers={"Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        count = int(json.load(response)["results"]["bindings"][0]["n"]["value"])
    expected = push_sparql(build_graph(read_inputs([corpus], jobs=1).records), oxigraph_server, graph_iri + "/memory")
    assert count == expected and f"{count} triples" in pushed.stdout
