"""The `kg` command line: a thin layer over graphbuild's library functions.

Every command reads documents (.txt, .md, .docx, .pdf) or extraction records (.json), by default
the bundled sample corpus, and fails with one line naming the file or server when input is bad.
"""
from __future__ import annotations

import csv
import io
import json
import os
from enum import Enum
from pathlib import Path
from typing import Annotated, Any

import typer

from graphbuild.errors import GraphbuildError
from graphbuild.knowledge import sample_corpus

app = typer.Typer(
    name="kg",
    help="Vietnamese implementation plans into a knowledge graph of resolutions, plans, agencies and mandates.\n\n"
         "Start with `kg build` (the bundled sample corpus), then `kg query --list` and `kg view --list`.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
load_app = typer.Typer(help="Load the graph into a database.", no_args_is_help=True)
push_app = typer.Typer(help="Push the graph to a remote store.", no_args_is_help=True)
app.add_typer(load_app, name="load")


def _version(value: bool) -> None:
    if value:
        from graphbuild import __version__

        typer.echo(f"kg (graphbuild) {__version__}")
        raise typer.Exit()


@app.callback()
def _main(version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                                help="Print the version and exit.")] = False) -> None:
    """Vietnamese implementation plans into a knowledge graph of resolutions, plans, agencies and mandates."""

app.add_typer(push_app, name="push")


class Fmt(str, Enum):
    table = "table"
    csv = "csv"
    json = "json"


Paths = Annotated[list[Path] | None, typer.Argument(help="Documents, folders or record .json files "
                                                         "(default: the bundled sample corpus).")]
Format = Annotated[Fmt, typer.Option("--format", "-f", help="Output: table, csv or json.")]
Jobs = Annotated[int | None, typer.Option("--jobs", "-j", min=1, help="Extraction processes (default: every core).")]


def _fail(message: str) -> None:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(1)


def _warn(lines: list[str]) -> None:
    for line in lines:
        typer.echo(f"warning: {line}", err=True)


def _emit(rows: list[dict[str, Any]], fmt: Fmt, columns: list[str] | None = None) -> None:
    """Print rows as an aligned table, CSV or JSON (the same flags on every read command)."""
    columns = columns or (list(rows[0]) if rows else [])
    if fmt is Fmt.json:
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=1, default=str))
        return
    if fmt is Fmt.csv:
        buf = io.StringIO()
        writer = csv.DictWriter(buf, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({k: _cell(row.get(k)) for k in columns})
        typer.echo(buf.getvalue(), nl=False)
        return
    if not rows:
        typer.echo("(no rows)")
        return
    cells = [[_cell(r.get(c)) for c in columns] for r in rows]
    widths = [min(60, max(len(c), *(len(row[i]) for row in cells))) for i, c in enumerate(columns)]
    typer.echo("  ".join(c.ljust(w) for c, w in zip(columns, widths)))
    typer.echo("  ".join("-" * w for w in widths))
    for row in cells:
        typer.echo("  ".join((v if len(v) <= w else v[: w - 1] + "…").ljust(w) for v, w in zip(row, widths)))


def _required(function: Any, given: dict[str, Any], what: str) -> None:
    """Fail with one line when a question or view lacks a parameter it cannot do without."""
    import inspect

    params = list(inspect.signature(function).parameters.values())[1:]
    missing = [p.name for p in params if p.default is inspect.Parameter.empty and p.kind is p.POSITIONAL_OR_KEYWORD
               and p.name not in given]
    if missing:
        _fail(f"{what} needs {', '.join('--' + m.replace('_', '-') for m in missing)}")


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple, set)):
        return "; ".join(map(str, value))
    return str(value)


def _inputs(paths: list[Path] | None, jobs: int | None = None):
    from graphbuild.pipeline import read_inputs
    from graphbuild.progress import Meter

    try:
        with Meter() as meter:
            inputs = read_inputs(paths, jobs=jobs, progress=meter)
    except GraphbuildError as err:
        _fail(str(err))
    _warn(inputs.problems)
    for record in inputs.records:
        _warn([f"{record.path or record.source}: {w}" for w in record.warnings])
    return inputs


def _graph(paths: list[Path] | None):
    from graphbuild.graph import build_graph

    return build_graph(_inputs(paths).records)


@app.command()
def extract(paths: Paths = None,
            out: Annotated[Path, typer.Option("--out", "-o", help="Folder for the records, one <stem>.json each.")]
            = Path("out/records"), jobs: Jobs = None) -> None:
    """Extract one record per document (document, implements, references, mandates) into OUT."""
    from graphbuild.extract import write_record
    from graphbuild.pool import extract_paths
    from graphbuild.progress import Meter

    with Meter() as meter:
        run = extract_paths(paths or [sample_corpus()], jobs=jobs, progress=meter)
    _warn(run.problems)
    for record in run.records:
        _warn([f"{record.path or record.source}: {w}" for w in record.warnings])
        unknown = [a.name for a in record.agencies if not a.known and a.kind != "collective"]
        if unknown:
            typer.echo(f"note: {record.source}: {len(unknown)} agencies not in the gazetteer (ontology/agencies.toml):"
                       f" {'; '.join(unknown)}", err=True)
        write_record(record, out)
    if not run.records:
        _fail("nothing could be read")
    mandates = sum(len(r.mandates) for r in run.records)
    typer.echo(f"{len(run.records)} records ({mandates} mandates) written to {out}")


@app.command()
def evaluate(paths: Paths = None,
             gold: Annotated[Path, typer.Option("--gold", "-g", help="Annotated records (a .json or a folder).")] = ...,
             per_doc: Annotated[bool, typer.Option("--per-doc", help="Figures and misses per document.")] = False,
             ) -> None:
    """Extract PATHS and score them against annotated records (the figures of the shared scorer)."""
    from graphbuild.evaluate import evaluate as score
    from graphbuild.evaluate import load_gold
    from graphbuild.extract import extract_paths

    try:
        gold_records = load_gold(gold)
    except GraphbuildError as err:
        _fail(str(err))
    run = extract_paths(paths or [sample_corpus()])
    _warn(run.problems)
    if not run.records:
        _fail("nothing could be read")
    predicted = {Path(r.source).name: r.to_dict() for r in run.records}
    summary, per = score(gold_records, predicted)
    if per_doc:
        for name, d in sorted(per.items()):
            typer.echo(f"== {name}")
            typer.echo(f"   mandates {d['mandates'].f1():.3f}  lead {d['lead'].f1():.3f}  coord {d['coord'].f1():.3f}"
                       f"  due {d['due'][0]}/{d['due'][1]}  refs {d['references'].f1():.3f}"
                       f"  implements {d['implements'].f1():.3f}  fields {d['fields']}")
            typer.echo(f"   missed mandate lines {d['missed_lines']}")
            typer.echo(f"   spurious mandate lines {d['spurious_lines']}")
            typer.echo(f"   references missed {d['references_missed']} spurious {d['references_spurious']}")
            if d["due_wrong"]:
                typer.echo(f"   wrong due [line, gold, pred] {[list(w) for w in d['due_wrong']]}")
    typer.echo(json.dumps(summary, ensure_ascii=False))


@app.command()
def build(paths: Paths = None,
          out: Annotated[Path, typer.Option("--out", "-o", help="Folder for the exports.")] = Path("data"),
          top: Annotated[int, typer.Option(help="How many of the most loaded agencies to list.")] = 5,
          jobs: Jobs = None) -> None:
    """Build the graph and write every export (Turtle, JSON-LD, N-Triples, GraphML, GEXF, CSV) into OUT."""
    from graphbuild.graph import build_graph, summary
    from graphbuild.pipeline import EXPORTS, write_exports
    from graphbuild.progress import Meter

    inputs = _inputs(paths, jobs)
    G = build_graph(inputs.records)
    with Meter() as meter:
        written = 0

        def step(_fmt: str) -> None:
            nonlocal written
            written += 1
            meter("export", written, len(EXPORTS))

        write_exports(G, out, EXPORTS, on_written=step)
    s = summary(G, top=G.number_of_nodes())
    labels = ", ".join(f"{v} {k}" for k, v in s["labels"].items())
    typer.echo(f"{len(inputs.records)} documents -> {s['nodes']} nodes ({labels}), {s['edges']} edges")
    typer.echo(f"documents cited but not in the corpus: {s['documents_cited_only']}")
    typer.echo("most loaded named agencies (led / coordinated):")
    named = [a for a in s["top_agencies"] if G.nodes[a["id"]].get("kind") != "collective"][:top]
    for a in named:
        place = G.nodes[a["jurisdiction"]].get("name", a["jurisdiction"]) if a["jurisdiction"] in G else a["jurisdiction"]
        typer.echo(f"  {a['leads']:>3} / {a['coordinates']:<3} {a['name']} ({place})")
    typer.echo(f"exports written to {out}/")


@app.command("export")
def export_cmd(fmt: Annotated[str, typer.Argument(metavar="FORMAT",
                                                  help="turtle, jsonld, nt, graphml, gexf or csv.")],
               paths: Paths = None,
               out: Annotated[Path | None, typer.Option("--out", "-o", help="Target file (csv: a folder).")] = None,
               ) -> None:
    """Export the graph in one FORMAT."""
    from graphbuild.pipeline import EXPORTS, export
    from graphbuild.schema import export_format

    try:
        fmt = export_format(fmt).name
    except GraphbuildError as err:
        _fail(str(err))
    G = _graph(paths)
    target = out or Path("data") / EXPORTS[fmt]
    try:
        written = export(G, fmt, target)
    except (GraphbuildError, OSError) as err:
        _fail(f"{target}: {err}")
    typer.echo(f"wrote {written}")


@app.command()
def validate(paths: Paths = None) -> None:
    """Check the graph's RDF against the SHACL shapes of ontology/shapes.ttl."""
    from graphbuild.rdf import validate as shacl

    conforms, report = shacl(_graph(paths))
    if not conforms:
        typer.echo(report)
        _fail("the graph does not conform to ontology/shapes.ttl")
    typer.echo("the graph conforms to ontology/shapes.ttl")


@app.command()
def stats(paths: Paths = None, fmt: Format = Fmt.table) -> None:
    """Counts of nodes and edges by kind, and the most loaded agencies."""
    from graphbuild.graph import summary

    s = summary(_graph(paths))
    rows = [{"what": f"node {k}", "count": v} for k, v in s["labels"].items()]
    rows += [{"what": f"edge {k}", "count": v} for k, v in s["edge_types"].items()]
    rows += [{"what": "documents cited but not in the corpus", "count": s["documents_cited_only"]}]
    _emit(rows, fmt, ["what", "count"])


@app.command()
def query(name: Annotated[str | None, typer.Argument(help="A canned question (see --list).")] = None,
          paths: Paths = None,
          document: Annotated[str | None, typer.Option("--document", "-d", help="A document number, e.g. 58-NQ/TW.")]
          = None,
          province: Annotated[str | None, typer.Option("--province", "-p", help="A province, e.g. 'Thanh Hóa'.")] = None,
          due_from: Annotated[str | None, typer.Option("--from", help="Window start (ISO date).")] = None,
          due_to: Annotated[str | None, typer.Option("--to", help="Window end (ISO date).")] = None,
          as_of: Annotated[str | None, typer.Option("--as-of", help="Overdue as of this date (ISO).")] = None,
          top: Annotated[int | None, typer.Option(help="At most this many rows.")] = None,
          direction: Annotated[str | None, typer.Option(help="down: what implements it; up: what it implements.")]
          = None,
          min_count: Annotated[int | None, typer.Option("--min-count", help="Smallest count to show.")] = None,
          agency: Annotated[str | None, typer.Option("--agency", "-a", help="An agency or province name, or a key.")]
          = None,
          as_of_structure: Annotated[str | None, typer.Option(
              "--as-of-structure", help="Roll agencies and provinces up to the bodies of this date (ISO).")] = None,
          list_: Annotated[bool, typer.Option("--list", help="List the canned questions.")] = False,
          fmt: Format = Fmt.table) -> None:
    """Ask a canned question of the graph."""
    from graphbuild import queries

    if list_ or name is None:
        _emit([{"name": c.name, "question": c.title, "parameters": ", ".join(c.params)}
               for c in queries.CANNED.values()], fmt, ["name", "question", "parameters"])
        return
    if name not in queries.CANNED:
        _fail(f"unknown question {name!r} (kg query --list shows them)")
    canned = queries.CANNED[queries.AT_STRUCTURE.get(name, name) if as_of_structure else name]
    given = {"document": document, "province": province, "due_from": due_from, "due_to": due_to, "as_of": as_of,
             "top": top, "direction": direction, "min_count": min_count, "agency": agency,
             "as_of_structure": as_of_structure}
    params = {k: v for k, v in given.items() if v is not None}
    unknown = [k for k in params if k not in canned.params]
    if unknown:
        _fail(f"{name} does not take {', '.join('--' + k.replace('_', '-') for k in unknown)}")
    _required(canned.function, params, name)
    try:
        rows = queries.run(_graph(paths), name, **params)
    except (GraphbuildError, ValueError) as err:
        _fail(str(err))
    _emit(rows, fmt, list(canned.columns))


@app.command()
def view(name: Annotated[str | None, typer.Argument(help="A view (see --list).")] = None,
         paths: Paths = None,
         out: Annotated[Path | None, typer.Option("--out", "-o", help="The HTML file to write.")] = None,
         document: Annotated[str | None, typer.Option("--document", "-d", help="A document number.")] = None,
         province: Annotated[str | None, typer.Option("--province", "-p", help="A province.")] = None,
         top: Annotated[int | None, typer.Option(help="At most this many agencies.")] = None,
         min_count: Annotated[int | None, typer.Option("--min-count", help="Smallest shared count to draw.")] = None,
         agency: Annotated[str | None, typer.Option("--agency", "-a", help="An agency or province name, or a key.")]
         = None,
         as_of_structure: Annotated[str | None, typer.Option(
             "--as-of-structure", help="Roll agencies up to the bodies of this date (ISO).")] = None,
         list_: Annotated[bool, typer.Option("--list", help="List the views.")] = False) -> None:
    """Draw an interactive view (self-contained HTML, works offline)."""
    from graphbuild import views

    if list_ or name is None:
        _emit([{"name": v.name, "view": v.title, "parameters": ", ".join(v.params)} for v in views.VIEWS.values()],
              Fmt.table, ["name", "view", "parameters"])
        return
    if name not in views.VIEWS:
        _fail(f"unknown view {name!r} (kg view --list shows them)")
    given = {"document": document, "province": province, "top": top, "min_count": min_count, "agency": agency,
             "as_of_structure": as_of_structure}
    params = {k: v for k, v in given.items() if v is not None}
    _required(views.VIEWS[name].function, params, f"view {name}")
    target = out or Path("data") / "views" / f"{name}.html"
    try:
        written = views.render(_graph(paths), name, target, **params)
    except (GraphbuildError, ValueError, OSError) as err:
        _fail(str(err))
    typer.echo(f"wrote {written}")


@load_app.command("neo4j")
def load_neo4j(paths: Paths = None,
               uri: Annotated[str | None, typer.Option(help="bolt://host:7687 or neo4j://host (env NEO4J_URI).")] = None,
               database: Annotated[str | None, typer.Option(help="Database name (server default if omitted).")] = None,
               batch_size: Annotated[int, typer.Option("--batch-size", help="Rows per transaction.")] = 1000) -> None:
    """Load the graph into Neo4j over Bolt (credentials from NEO4J_USERNAME / NEO4J_PASSWORD); idempotent."""
    from graphbuild.neo4j_store import load_graph

    uri = uri or os.environ.get("NEO4J_URI")
    if not uri:
        _fail("no Neo4j URI: give --uri or set NEO4J_URI")
    G = _graph(paths)
    try:
        counts = load_graph(G, uri, os.environ.get("NEO4J_USERNAME"), os.environ.get("NEO4J_PASSWORD"),
                            database=database, batch_size=batch_size)
    except GraphbuildError as err:
        _fail(str(err))
    typer.echo(f"{uri}: {counts['nodes']} nodes, {counts['relationships']} relationships in the database "
               f"({counts['nodes_created']} nodes and {counts['relationships_created']} relationships new; "
               f"{counts['transactions']} transactions, {counts['seconds']:.2f} s)")
    typer.echo("  " + ", ".join(f"{k} {v}" for k, v in {**counts["labels"], **counts["types"]}.items()))


@push_app.command("sparql")
def push_sparql(paths: Paths = None,
                store: Annotated[str, typer.Option(help="The store's base URL, e.g. http://localhost:7878.")] = ...,
                graph: Annotated[str | None, typer.Option(help="The named graph to replace.")] = None,
                gsp_path: Annotated[str, typer.Option("--gsp-path", help="Graph Store endpoint path.")] = "/store",
                ) -> None:
    """Replace a named graph in a SPARQL 1.1 store (Graph Store Protocol)."""
    from graphbuild.rdf import DEFAULT_GRAPH_IRI
    from graphbuild.rdf import push_sparql as push

    graph = graph or DEFAULT_GRAPH_IRI
    G = _graph(paths)
    try:
        n = push(G, store, graph, gsp_path=gsp_path)
    except GraphbuildError as err:
        _fail(str(err))
    typer.echo(f"replaced <{graph}> in {store}: {n} triples")


def main() -> None:
    app()


if __name__ == "__main__":
    main()
