// province_plans: the corpus's documents by province; with a structure date, by the province holding their
// territory then (a 2017 plan of Quảng Ngãi, or of Kon Tum, is under today's Quảng Ngãi).
// Parameters: $jurisdiction (key of the province, already the one holding the named territory at the date:
// graphbuild.queries.province_at_structure), $as_of_structure (ISO date, or null: the document's own province).
// The province at a date: follow SUCCEEDED_BY steps with `rollup` dated on or before the date, as far as they go.
// The province at a date: the end of the longest run of SUCCEEDED_BY steps with `rollup` dated on or before it
// (none: the document's own province). No subquery: FalkorDB runs no `CALL () {}`, Neo4j 5 deprecates `CALL { WITH }`.
MATCH (doc:Document {in_corpus: true})
MATCH (doc)-[:IN_JURISDICTION]->(own:Jurisdiction)
MATCH p = (own)-[:SUCCEEDED_BY*0..8]->(held:Jurisdiction)
WHERE length(p) = 0 OR ($as_of_structure IS NOT NULL
                        AND all(step IN relationships(p) WHERE step.rollup AND step.change_date <= $as_of_structure))
WITH doc, own, collect([length(p), held.id, held.name]) AS reached
WITH doc, own, reduce(best = reached[0], r IN reached | CASE WHEN r[0] > best[0] THEN r ELSE best END) AS held
WHERE $jurisdiction IS NULL OR held[1] = $jurisdiction
RETURN held[2] AS province, coalesce(doc.number, doc.id) AS document, doc.kind AS kind, doc.date AS date,
       own.name AS issued_in, doc.title AS title, doc.id AS id
ORDER BY province, coalesce(date, ''), id
