"""The `kg` command line: a thin layer over graphbuild's library functions.

Every command reads documents (.txt, .md, .docx, .pdf) or extraction records (.json), by default
the bundled sample corpus, and fails with one line naming the file or server when input is bad.
"""
from __future__ import annotations

import csv
import io
import json
import os
from collections.abc import Iterable
from enum import Enum
from pathlib import Path
from typing import Annotated, Any

import typer

from graphbuild.errors import GraphbuildError
from graphbuild.knowledge import sample_corpus
from graphbuild.tables import cell

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
DEFAULT_FORMATS = ("turtle", "nt", "csv")  # streamed from the store: memory does not grow with the corpus
StoreOpt = Annotated[Path | None, typer.Option("--store", help="The store `kg build` wrote (its graph.db, or the folder "
                                                                "holding it). Default: data/graph.db when there and no "
                                                                "documents are given.")]


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
            writer.writerow({k: cell(row.get(k)) for k in columns})
        typer.echo(buf.getvalue(), nl=False)
        return
    if not rows:
        typer.echo("(no rows)")
        return
    cells = [[cell(r.get(c)) for c in columns] for r in rows]
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


def _stored(paths: list[Path] | None, store: Path | None = None):
    """The store to read (no re-extraction): the one named, else data/graph.db when there and no documents are
    given; None means: build the graph of the documents (or of the sample corpus) in memory."""
    from graphbuild.store import open_store, store_file

    if paths:
        if store is not None:
            _fail("give documents or --store, not both")
        return None
    target = store or Path("data")
    if store is None and not store_file(target).is_file():
        return None
    try:
        return open_store(target)
    except GraphbuildError as err:
        _fail(str(err))


def _ask(paths: list[Path] | None, store: Path | None, name: str, params: dict[str, Any]) -> list[dict[str, Any]]:
    """A canned question's rows: from the store's SQL twin, or from the graph of the documents."""
    from graphbuild import queries

    stored = _stored(paths, store)
    if stored is None:
        return queries.run(_graph(paths), name, **params)
    from graphbuild.store import questions as store_questions

    with stored:
        return store_questions.run(stored, name, **params)


def _graph(paths: list[Path] | None, store: Path | None = None):
    """The graph: read from the store (see `_stored`), or built from the documents."""
    from graphbuild.graph import build_graph

    stored = _stored(paths, store)
    if stored is not None:
        with stored:
            return stored.graph()
    return build_graph(_inputs(paths).records)


@app.command()
def extract(paths: Paths = None,
            out: Annotated[Path, typer.Option("--out", "-o", help="Folder for the records, one .json each.")]
            = Path("out/records"), jobs: Jobs = None) -> None:
    """Extract one record per document (document, implements, references, mandates) into OUT."""
    from graphbuild.extract import write_record
    from graphbuild.pipeline import drop_duplicates, record_file_names
    from graphbuild.pool import extract_paths
    from graphbuild.progress import Meter

    with Meter() as meter:
        run = extract_paths(paths or [sample_corpus()], jobs=jobs, progress=meter)
    _warn(run.problems)
    records, repeated = drop_duplicates(run.records)
    _warn(repeated)
    for record, name in zip(records, record_file_names(records)):
        _warn([f"{record.path or record.source}: {w}" for w in record.warnings])
        unknown = [a.name for a in record.agencies if not a.known and a.kind != "collective"]
        if unknown:
            typer.echo(f"note: {record.source}: {len(unknown)} agencies not in the gazetteer (ontology/agencies.toml):"
                       f" {'; '.join(unknown)}", err=True)
        write_record(record, out, name)
    if not records:
        _fail("nothing could be read")
    mandates = sum(len(r.mandates) for r in records)
    typer.echo(f"{len(records)} records ({mandates} mandates) written to {out}")


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
          out: Annotated[Path, typer.Option("--out", "-o", help="Folder for the store and the exports.")] = Path("data"),
          top: Annotated[int, typer.Option(help="How many of the most loaded agencies to list.")] = 5,
          jobs: Jobs = None,
          formats: Annotated[str, typer.Option("--formats", help="Exports to write, comma-separated: turtle, jsonld, "
                                                                  "nt, graphml, gexf, csv; 'all' or 'none'. Default: "
                                                                  "the ones written as streams (turtle, nt, csv).")]
          = ",".join(DEFAULT_FORMATS)) -> None:
    """Build the graph into OUT/graph.db (the store every other command reads) and write exports into OUT: Turtle,
    N-Triples and CSV unless --formats says otherwise (JSON-LD, GraphML and GEXF when asked for).

    Incremental: files already in the store as they are are not read again, records are cached by content
    (OUT/.cache/records), and only what new, changed or removed files touch is rebuilt."""
    from graphbuild.pipeline import EXPORTS
    from graphbuild.progress import Meter
    from graphbuild.schema import export_format
    from graphbuild.store import build_store, open_store
    from graphbuild.store import questions as store_questions
    from graphbuild.store.export import write_store_exports

    try:
        wanted = list(EXPORTS) if formats.strip() == "all" else [] if formats.strip() == "none" else \
            list(dict.fromkeys(export_format(f.strip()).name for f in formats.split(",") if f.strip()))
    except GraphbuildError as err:
        _fail(str(err))
    try:
        with Meter() as meter:
            update = build_store(paths, out, jobs=jobs, progress=meter)
    except GraphbuildError as err:
        _fail(str(err))
    _warn(update.problems)
    _warn(update.warnings)
    with open_store(out) as store, Meter() as meter:
        generation, done = store.meta("generation"), store.meta("exports") or {}
        stale = [f for f in wanted if done.get(f) != generation or not (out / EXPORTS[f]).exists()]
        write_store_exports(store, out, stale, progress=meter)
        store.set_meta("exports", {**done, **{f: generation for f in stale}})
        s = store.summary(top=0)
        documents = len(store.sources())
        leaders = store_questions.run(store, "agency_load", top=top)
        where = store.path
    labels = ", ".join(f"{v} {k}" for k, v in s["labels"].items())
    typer.echo(f"{update.files} files: {update.extracted} extracted, {len(update.added)} added, "
               f"{len(update.changed)} changed, {len(update.removed)} removed")
    typer.echo(f"{documents} documents -> {s['nodes']} nodes ({labels}), {s['edges']} edges")
    typer.echo(f"documents cited but not in the corpus: {s['documents_cited_only']}")
    typer.echo("most loaded named agencies (led / coordinated):")
    for a in leaders:
        typer.echo(f"  {a['led']:>3} / {a['coordinated']:<3} {a['agency']} ({a['jurisdiction']})")
    typer.echo(f"store {where}; " + (f"exports written to {out}/" if stale else
                                      f"exports in {out}/ already up to date" if wanted else "no exports"))


@app.command("export")
def export_cmd(fmt: Annotated[str, typer.Argument(metavar="WHAT",
                                                  help="turtle, jsonld, nt, graphml, gexf or csv (the graph); "
                                                       "neo4j-import (neo4j-admin's CSV files); or mandates (a "
                                                       "flat table, see --format).")],
               paths: Paths = None,
               out: Annotated[Path | None, typer.Option("--out", "-o", help="Target file (csv: a folder).")] = None,
               table_format: Annotated[str, typer.Option("--format", "-f", help="mandates: csv, xlsx or json.")]
               = "csv",
               lang: LangOpt = "en",
               agency: AgencyOpt = None, document: DocumentOpt = None, province: ProvinceOpt = None,
               due_from: DueFromOpt = None, due_to: DueToOpt = None, as_of: AsOfOpt = None, within: WithinOpt = None,
               status: StatusOpt = None, store: StoreOpt = None) -> None:
    """Export the graph in one FORMAT; `neo4j-import`: the CSV files and command of `neo4j-admin database import`
    (a first load of a large graph, README); or `mandates`: one row per mandate (document, issuer, province, section,
    text, lead, coordinators, due, status, source file and line) for a spreadsheet; --lang vi gives Vietnamese
    headers and words."""
    from graphbuild.pipeline import EXPORTS, export
    from graphbuild.schema import export_format

    if fmt.lower() == "neo4j-import":
        from graphbuild.neo4j_import import write_admin_import

        target = out or Path("data") / "neo4j-import"
        try:
            written = write_admin_import(_graph(paths, store), target)
        except (GraphbuildError, OSError) as err:
            _fail(f"{target}: {err}")
        typer.echo(f"wrote {len(written) - 2} CSV files, import.sh and schema.cypher to {target}/")
        return
    if fmt.lower() == "mandates":
        from graphbuild import queries, tables

        if table_format not in tables.FORMATS:
            _fail(f"--format {table_format!r}: expected one of {', '.join(tables.FORMATS)}")
        given = {"agency": agency, "document": document, "province": province, "due_from": due_from,
                 "due_to": due_to, "as_of": as_of, "within": within, "status": status}
        target = out or Path("data") / f"mandates.{table_format}"
        try:
            rows = _ask(paths, store, "mandates", {k: v for k, v in given.items() if v is not None})
            written = tables.write_table(rows, queries.CANNED["mandates"].columns, table_format, target, lang)
        except (GraphbuildError, OSError) as err:
            _fail(str(err))
        typer.echo(f"wrote {written} ({len(rows)} mandates)")
        return
    try:
        fmt = export_format(fmt).name
    except GraphbuildError as err:
        _fail(f"{err}; or mandates")
    target = out or Path("data") / EXPORTS[fmt]
    stored = _stored(paths, store)
    try:
        if stored is not None:
            from graphbuild.progress import Meter
            from graphbuild.store.export import write_store_export

            with stored, Meter() as meter:
                written = write_store_export(stored, fmt, target, progress=meter)
        else:
            written = export(_graph(paths), fmt, target)
    except (GraphbuildError, OSError) as err:
        _fail(f"{target}: {err}")
    typer.echo(f"wrote {written}")


@app.command()
def validate(paths: Paths = None,
             report_format: Annotated[str | None, typer.Option(
                 "--format", "-f", help="Also print the report: text, json or turtle (the summary goes to stderr).")]
             = None, store: StoreOpt = None) -> None:
    """Check the graph's RDF against the SHACL shapes of ontology/shapes.ttl: one summary line, and the report
    with --format. Exits 1 when the graph does not conform."""
    from graphbuild.rdf import REPORT_FORMATS, shacl_report

    if report_format is not None and report_format not in REPORT_FORMATS:
        _fail(f"unknown report format {report_format!r} (expected one of: {', '.join(REPORT_FORMATS)})")
    report = shacl_report(_graph(paths, store))
    if report_format is not None:
        typer.echo(report.render(report_format))
    typer.echo(report.summary(), err=report_format is not None)
    if not report.conforms:
        raise typer.Exit(1)


@app.command()
def stats(paths: Paths = None, fmt: Format = Fmt.table, store: StoreOpt = None) -> None:
    """Counts of nodes and edges by kind, and the most loaded agencies."""
    from graphbuild.graph import summary

    stored = _stored(paths, store)
    if stored is not None:
        with stored:
            s = stored.summary()
    else:
        s = summary(_graph(paths))
    rows = [{"what": f"node {k}", "count": v} for k, v in s["labels"].items()]
    rows += [{"what": f"edge {k}", "count": v} for k, v in s["edge_types"].items()]
    rows += [{"what": "documents cited but not in the corpus", "count": s["documents_cited_only"]}]
    _emit(rows, fmt, ["what", "count"])


# The options of every question, view, export table and report: one name per parameter (queries.PARAM_NAMES).
AgencyOpt = Annotated[str | None, typer.Option("--agency", "-a", help="An agency: its name (accents optional), an "
                                                                      "alias or abbreviation, e.g. 'Sở Tài chính'.")]
DocumentOpt = Annotated[str | None, typer.Option("--document", "-d", help="A document number, e.g. 58-NQ/TW.")]
ProvinceOpt = Annotated[str | None, typer.Option("--province", "-p", help="A province, e.g. 'Thanh Hóa'.")]
DueFromOpt = Annotated[str | None, typer.Option("--due-from", "--from", help="Deadlines ending on or after (ISO).")]
DueToOpt = Annotated[str | None, typer.Option("--due-to", "--to", help="Deadlines ending on or before (ISO).")]
AsOfOpt = Annotated[str | None, typer.Option("--as-of", help="Status as of this date (ISO; default today).")]
WithinOpt = Annotated[int | None, typer.Option("--within", help="Days ahead that count as due soon (default 30).")]
StatusOpt = Annotated[str | None, typer.Option("--status", help="past-deadline, due-soon, not-yet-due, recurring "
                                                                "or no-deadline.")]
ReasonOpt = Annotated[str | None, typer.Option("--reason", help="no-lead, group-lead-only, no-deadline or "
                                                                "vague-deadline (audit_gaps; 'all': every row).")]
GroupsOpt = Annotated[bool, typer.Option("--groups", help="Count catch-all groups (UBND cấp huyện, các sở, ban, "
                                                          "ngành) as agencies too.")]
TopOpt = Annotated[int | None, typer.Option("--top", help="At most this many rows (agencies).")]
AsOfStructureOpt = Annotated[str | None, typer.Option(
    "--as-of-structure", help="Roll agencies and provinces up to the bodies of this date, across the 2025 "
                              "reorganisation (ISO).")]
LangOpt = Annotated[str, typer.Option("--lang", help="vi or en: headers, legends and words (agency names stay "
                                                     "Vietnamese).")]
FLAGS = {"agency": "--agency", "document": "--document", "province": "--province", "due_from": "--due-from",
         "due_to": "--due-to", "as_of": "--as-of", "within": "--within", "status": "--status", "reason": "--reason",
         "groups": "--groups", "top": "--top", "direction": "--direction", "min_count": "--min-count",
         "as_of_structure": "--as-of-structure"}


def _flags(params: Iterable[str]) -> str:
    return " ".join(FLAGS.get(p, "--" + p.replace("_", "-")) for p in params)


@app.command()
def query(name: Annotated[str | None, typer.Argument(help="A canned question (see --list).")] = None,
          paths: Paths = None,
          agency: AgencyOpt = None, document: DocumentOpt = None, province: ProvinceOpt = None,
          due_from: DueFromOpt = None, due_to: DueToOpt = None, as_of: AsOfOpt = None, within: WithinOpt = None,
          status: StatusOpt = None, reason: ReasonOpt = None, groups: GroupsOpt = False, top: TopOpt = None,
          direction: Annotated[str | None, typer.Option(help="down: what implements it; up: what it implements.")]
          = None,
          min_count: Annotated[int | None, typer.Option("--min-count", help="Smallest count to show.")] = None,
          as_of_structure: AsOfStructureOpt = None,
          list_: Annotated[bool, typer.Option("--list", help="List the canned questions.")] = False,
          fmt: Format = Fmt.table, store: StoreOpt = None) -> None:
    """Ask a canned question of the graph (kg query --list; docs/queries.md)."""
    from graphbuild import queries

    if list_ or name is None:
        _emit([{"name": c.name, "question": c.title, "options": _flags(c.params)}
               for c in queries.CANNED.values()], fmt, ["name", "question", "options"])
        return
    if name not in queries.CANNED:
        _fail(f"unknown question {name!r} (kg query --list shows them)")
    canned = queries.CANNED[queries.AT_STRUCTURE.get(name, name) if as_of_structure else name]
    every_gap = name == "audit_gaps" and reason is not None and reason.strip().lower() == "all"
    given = {"agency": agency, "document": document, "province": province, "due_from": due_from, "due_to": due_to,
             "as_of": as_of, "within": within, "status": status, "reason": None if every_gap else reason,
             "groups": groups or None, "top": top, "direction": direction, "min_count": min_count,
             "as_of_structure": as_of_structure}
    params = {k: v for k, v in given.items() if v is not None}
    unknown = [k for k in params if k not in canned.params]
    if unknown:
        _fail(f"{name} does not take {_flags(unknown)} (it takes {_flags(canned.params) or 'no options'})")
    _required(canned.function, params, name)
    try:
        rows = _ask(paths, store, name, params)
    except (GraphbuildError, ValueError) as err:
        _fail(str(err))
    if name == "audit_gaps" and reason is None:  # grouped by reason with counts; --reason lists the rows
        _emit(queries.count_by(rows, "reason", queries.AUDIT_REASONS), fmt, ["reason", "mandates", "documents"])
        if fmt is Fmt.table and rows:
            typer.echo(f"(kg query audit_gaps --reason {queries.count_by(rows, 'reason', queries.AUDIT_REASONS)[0]['reason']}"
                       " lists those mandates; --reason all lists every one)", err=True)
        return
    _emit(rows, fmt, list(canned.columns))


@app.command()
def view(name: Annotated[str | None, typer.Argument(help="A view (see --list).")] = None,
         paths: Paths = None,
         out: Annotated[Path | None, typer.Option("--out", "-o", help="The HTML file to write.")] = None,
         document: DocumentOpt = None, province: ProvinceOpt = None, as_of: AsOfOpt = None,
         top: Annotated[int | None, typer.Option(help="At most this many agencies.")] = None,
         min_count: Annotated[int | None, typer.Option("--min-count", help="Smallest shared count to draw "
                                                                             "(default: chosen to stay legible).")]
         = None,
         groups: Annotated[bool, typer.Option("--groups", help="Draw catch-all groups (UBND cấp huyện ...) too.")]
         = False,
         agency: AgencyOpt = None, as_of_structure: AsOfStructureOpt = None,
         lang: LangOpt = "en",
         list_: Annotated[bool, typer.Option("--list", help="List the views.")] = False,
         store: StoreOpt = None) -> None:
    """Draw an interactive view (self-contained HTML, works offline)."""
    from graphbuild import views

    if list_ or name is None:
        _emit([{"name": v.name, "view": v.title, "options": _flags(v.params)} for v in views.VIEWS.values()],
              Fmt.table, ["name", "view", "options"])
        return
    if name not in views.VIEWS:
        _fail(f"unknown view {name!r} (kg view --list shows them)")
    given = {"document": document, "province": province, "as_of": as_of, "top": top, "min_count": min_count,
             "groups": groups or None, "agency": agency, "as_of_structure": as_of_structure}
    params = {k: v for k, v in given.items() if v is not None}
    unknown = [k for k in params if k not in views.VIEWS[name].params]
    if unknown:
        _fail(f"view {name} does not take {_flags(unknown)} (it takes {_flags(views.VIEWS[name].params)})")
    _required(views.VIEWS[name].function, params, f"view {name}")
    target = out or Path("data") / "views" / f"{name}.html"
    try:
        written = views.render(_graph(paths), name, target, lang=lang, **params)
    except (GraphbuildError, ValueError, OSError) as err:
        _fail(str(err))
    typer.echo(f"wrote {written}")


@app.command()
def report(paths: Paths = None,
           out: Annotated[Path | None, typer.Option("--out", "-o", help="The HTML file to write.")] = None,
           province: ProvinceOpt = None, document: DocumentOpt = None, as_of: AsOfOpt = None,
           within: WithinOpt = None, top: TopOpt = None, lang: LangOpt = "en", store: StoreOpt = None) -> None:
    """Write one self-contained, offline HTML report of the corpus, a province (--province) or a resolution and
    what carries it out (--document): implementation chain, mandates per agency by status, deadlines over time,
    mandates without lead or deadline, and every mandate with its file and line."""
    from graphbuild import report as reports

    target = out or Path("data") / "report.html"
    try:
        written = reports.render(_graph(paths, store), target, province=province, document=document, as_of=as_of,
                                 within=within, lang=lang, top=top)
    except (GraphbuildError, OSError) as err:
        _fail(str(err))
    typer.echo(f"wrote {written}")


@load_app.command("neo4j")
def load_neo4j(paths: Paths = None,
               uri: Annotated[str | None, typer.Option(help="bolt://host:7687 or neo4j://host (env NEO4J_URI).")] = None,
               database: Annotated[str | None, typer.Option(
                   help="Database name (env NEO4J_DATABASE; the server's default if neither).")] = None,
               batch_size: Annotated[int | None, typer.Option(
                   "--batch-size", min=1, help="Rows per transaction (default: 5,000 on Neo4j; elsewhere 1,000, cut to "
                                               "what the server's parameter limit takes: about 10 on FalkorDB).")]
               = None,
               store: StoreOpt = None) -> None:
    """Load the graph into Neo4j over Bolt (credentials from NEO4J_USERNAME / NEO4J_PASSWORD): the database then
    holds this build, as `kg push sparql` replaces its graph (facts the build no longer has are removed)."""
    from graphbuild.neo4j_store import load_graph

    uri = uri or os.environ.get("NEO4J_URI")
    if not uri:
        _fail("no Neo4j URI: give --uri or set NEO4J_URI")
    from graphbuild.progress import Meter

    G = _graph(paths, store)
    try:
        with Meter() as meter:
            counts = load_graph(G, uri, os.environ.get("NEO4J_USERNAME"), os.environ.get("NEO4J_PASSWORD"),
                                database=database, batch_size=batch_size, progress=meter)
    except GraphbuildError as err:
        _fail(str(err))
    typer.echo(f"{uri}: {counts['nodes']} nodes, {counts['relationships']} relationships in the database "
               f"({counts['nodes_created']} nodes and {counts['relationships_created']} relationships new, "
               f"{counts['nodes_removed']} nodes and {counts['relationships_removed']} relationships removed; "
               f"{counts['transactions']} transactions, {counts['seconds']:.2f} s)")
    typer.echo("  " + ", ".join(f"{k} {v}" for k, v in {**counts["labels"], **counts["types"]}.items()))


@push_app.command("sparql")
def push_sparql(paths: Paths = None,
                store: Annotated[str, typer.Option(help="The store's base URL, e.g. http://localhost:7878.")] = ...,
                graph: Annotated[str | None, typer.Option(help="The named graph to replace.")] = None,
                gsp_path: Annotated[str, typer.Option("--gsp-path", help="Graph Store endpoint path.")] = "/store",
                store_path: Annotated[Path | None, typer.Option("--from-store", help="The store `kg build` wrote "
                                                                "(default: data/graph.db when there).")] = None,
                ) -> None:
    """Replace a named graph in a SPARQL 1.1 store (Graph Store Protocol)."""
    from graphbuild.rdf import DEFAULT_GRAPH_IRI
    from graphbuild.rdf import push_sparql as push

    graph = graph or DEFAULT_GRAPH_IRI
    stored = _stored(paths, store_path)
    try:
        if stored is not None:
            from graphbuild.store.export import push_store

            with stored:
                n = push_store(stored, store, graph, gsp_path=gsp_path)
        else:
            n = push(_graph(paths), store, graph, gsp_path=gsp_path)
    except GraphbuildError as err:
        _fail(str(err))
    typer.echo(f"replaced <{graph}> in {store}: {n} triples")


def main() -> None:
    app()


if __name__ == "__main__":
    main()
