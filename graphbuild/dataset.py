"""What every export says about itself: a DCAT/VoID description of the dataset and the PROV activity
that built it (tool and version, time, the input files with their checksums).

The build time must not make two builds of the same input differ, so it is not the clock: it is
SOURCE_DATE_EPOCH when set (the reproducible-builds convention), else the newest modification
time of the input files, else (records given in memory, no file to look at) left out.
"""
from __future__ import annotations

import hashlib
import os
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import networkx as nx
from rdflib import RDF, RDFS, XSD, Literal, Namespace, URIRef
from rdflib.term import Node

from graphbuild import __version__, schema

Triple = tuple[Node, Node, Node]

VNP = Namespace(schema.ONTOLOGY_NS)
DCAT = Namespace(schema.PREFIXES["dcat"])
VOID = Namespace(schema.PREFIXES["void"])
DCTERMS = Namespace(schema.PREFIXES["dcterms"])
PROV = Namespace(schema.PREFIXES["prov"])
TOOL = "graphbuild"
TOOL_BASE = "https://w3id.org/vn-plan-kg/tool/"
VOCABULARIES = ("vnp", "eli", "org", "prov", "skos", "time", "dcterms")
TITLE = {"en": "Vietnamese implementation plans: documents, agencies and mandates",
         "vi": "Kế hoạch triển khai của cơ quan nhà nước Việt Nam: văn bản, cơ quan và nhiệm vụ"}
DESCRIPTION = {
    "en": "Documents (resolutions, decisions, plans ...), the agencies that issue them and the mandates they "
          "assign, extracted from the source files named by the build activity, with the lines each fact "
          "comes from.",
    "vi": "Văn bản (nghị quyết, quyết định, kế hoạch ...), cơ quan ban hành và các nhiệm vụ văn bản giao, "
          "trích từ các tệp nguồn mà hoạt động xây dựng liệt kê, kèm dòng của mỗi dữ kiện.",
}


def build_time(paths: Iterable[str | Path | None]) -> str | None:
    """The time a build is stamped with (ISO 8601, UTC, seconds): SOURCE_DATE_EPOCH, else the newest input file."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    newest = None
    for path in paths:
        try:
            mtime = Path(path).stat().st_mtime if path else None
        except OSError:
            continue
        if mtime is not None and (newest is None or mtime > newest):
            newest = mtime
    return datetime.fromtimestamp(int(newest), UTC).strftime("%Y-%m-%dT%H:%M:%SZ") if newest is not None else None


@dataclass(frozen=True)
class Build:
    """One run of the tool: its version, when (see `build_time`), and the input files with their SHA-256."""

    version: str
    time: str | None
    inputs: tuple[tuple[str, str | None], ...]

    @property
    def iri(self) -> URIRef:
        """Named after what went in, so the same input gives the same IRI."""
        text = "\n".join([self.version, self.time or "", *(f"{p}\t{c or ''}" for p, c in self.inputs)])
        return URIRef(schema.ID_BASE + "build/" + hashlib.sha256(text.encode()).hexdigest()[:16])

    @property
    def tool_iri(self) -> URIRef:
        return URIRef(f"{TOOL_BASE}{TOOL}/{self.version}")


def build_of(G: nx.MultiDiGraph) -> Build:
    """The build that made `G` (graph attributes `sources` and `built`, set by graph.build_graph)."""
    sources = G.graph.get("sources") or {}
    return Build(__version__, G.graph.get("built"), tuple(sorted(sources.items())))


def description_triples(G: nx.MultiDiGraph, data_triples: int) -> Iterator[Triple]:
    """The dataset (dcat:Dataset, void:Dataset) with its counts, and the prov:Activity that built it.

    `data_triples` (void:triples) counts the triples of the data, not those of this description.
    """
    labels = Counter(data.get("label") for _, data in G.nodes(data=True))
    return describe(build_of(G), G.number_of_nodes(), labels, data_triples)


def describe(build: Build, entities: int, labels: Counter, data_triples: int) -> Iterator[Triple]:
    """`description_triples` from the figures themselves (a store has them without a networkx graph)."""
    from graphbuild.rdf import file_iri

    dataset = URIRef(schema.DATASET_IRI)
    yield dataset, RDF.type, DCAT.Dataset
    yield dataset, RDF.type, VOID.Dataset
    for lang in ("en", "vi"):
        yield dataset, DCTERMS.title, Literal(TITLE[lang], lang=lang)
        yield dataset, DCTERMS.description, Literal(DESCRIPTION[lang], lang=lang)
    yield dataset, DCTERMS.conformsTo, URIRef(schema.ONTOLOGY_IRI)
    for prefix in VOCABULARIES:
        yield dataset, VOID.vocabulary, URIRef(schema.PREFIXES[prefix])
    yield dataset, VOID.uriSpace, Literal(schema.ID_BASE)
    yield dataset, VOID.triples, Literal(data_triples)
    yield dataset, VOID.entities, Literal(entities)
    for label in schema.NODE_LABELS:
        if labels[label]:
            partition = URIRef(f"{schema.DATASET_IRI}/class/{label}")
            yield dataset, VOID.classPartition, partition
            yield partition, VOID["class"], URIRef(schema.expand(schema.NODE_TYPES[label].rdf_class))
            yield partition, VOID.entities, Literal(labels[label])
    if build.time:
        yield dataset, DCTERMS.issued, Literal(build.time, datatype=XSD.dateTime)
    yield dataset, PROV.wasGeneratedBy, build.iri
    yield build.iri, RDF.type, PROV.Activity
    yield build.iri, RDFS.label, Literal(f"{TOOL} {build.version} build", lang="en")
    yield build.iri, PROV.wasAssociatedWith, build.tool_iri
    if build.time:
        yield build.iri, PROV.endedAtTime, Literal(build.time, datatype=XSD.dateTime)
    for path, _ in build.inputs:
        yield build.iri, PROV.used, file_iri(path)  # each file: vnp:SourceFile with its vnp:sha256
    yield build.tool_iri, RDF.type, PROV.SoftwareAgent
    yield build.tool_iri, RDFS.label, Literal(f"{TOOL} {build.version}", lang="en")
    yield build.tool_iri, DCTERMS.hasVersion, Literal(build.version)


def summary_attributes(G: nx.MultiDiGraph) -> dict[str, str]:
    """The description as flat attributes, for the formats that take no RDF (GraphML, GEXF, CSV metadata)."""
    return build_attributes(build_of(G))


def build_attributes(build: Build) -> dict[str, str]:
    """`summary_attributes` of a build (a store knows its build without a networkx graph)."""
    attributes = {"dataset": schema.DATASET_IRI, "conforms_to": schema.ONTOLOGY_IRI,
                  "generated_by": f"{TOOL} {build.version}", "build": str(build.iri)}
    if build.time:
        attributes["built"] = build.time
    attributes["inputs"] = "|".join(f"{path} sha256:{checksum or 'unknown'}" for path, checksum in build.inputs)
    return attributes
