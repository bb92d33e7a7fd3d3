// province_plans: the corpus's documents by province; with a structure date, by the province holding their
// territory then (a 2017 plan of Quảng Ngãi, or of Kon Tum, is under today's Quảng Ngãi).
// Parameters: $jurisdiction (key of the province, already the one holding the named territory at the date:
// graphbuild.queries.province_at_structure), $as_of_structure (ISO date, or null: the document's own province).
// The province at a date: follow SUCCEEDED_BY steps with `rollup` dated on or before the date, as far as they go.
MATCH (doc:Document {in_corpus: true})
MATCH (doc)-[:IN_JURISDICTION]->(own:Jurisdiction)
CALL {
  WITH own
  MATCH p = (own)-[:SUCCEEDED_BY*0..8]->(held:Jurisdiction)
  WHERE $as_of_structure IS NOT NULL
    AND all(step IN relationships(p) WHERE step.rollup AND step.change_date <= $as_of_structure)
  OPTIONAL MATCH (held)-[next:SUCCEEDED_BY]->()
  WHERE next.rollup AND next.change_date <= $as_of_structure
  WITH held, next
  WHERE next IS NULL
  RETURN held
  UNION
  WITH own
  MATCH (held:Jurisdiction {id: own.id})
  WHERE $as_of_structure IS NULL
  RETURN held
}
WITH doc, own, held
WHERE $jurisdiction IS NULL OR held.id = $jurisdiction
RETURN held.name AS province, coalesce(doc.number, doc.id) AS document, doc.kind AS kind, doc.date AS date,
       own.name AS issued_in, doc.title AS title, doc.id AS id
ORDER BY province, coalesce(date, ''), id
