// coordination: agency pairs that share mandates, lead with coordinator (a leads, b coordinates) and
// coordinator with coordinator (id of a < id of b), with the number of shared mandates and documents.
// Parameters: $jurisdiction (key jur/<province slug>: mandates of that documents of the province), $min_count,
// $groups (true: pairs with a catch-all group of kind collective too).
MATCH (m:Mandate)-[:PART_OF]->(doc:Document)
WHERE $jurisdiction IS NULL OR doc.jurisdiction = $jurisdiction
CALL {
  WITH m
  MATCH (a:Agency)-[:LEADS]->(m)<-[:COORDINATES]-(b:Agency)
  WHERE a <> b
  RETURN a, b, 'lead-coordinator' AS relation
  UNION
  WITH m
  MATCH (a:Agency)-[:COORDINATES]->(m)<-[:COORDINATES]-(b:Agency)
  WHERE a.id < b.id
  RETURN a, b, 'coordinator-coordinator' AS relation
}
WITH m, doc, a, b, relation
WHERE coalesce($groups, false) OR (coalesce(a.kind, '') <> 'collective' AND coalesce(b.kind, '') <> 'collective')
WITH a, b, relation, count(DISTINCT m) AS mandates, count(DISTINCT doc) AS documents
WHERE mandates >= $min_count
OPTIONAL MATCH (ja:Jurisdiction {id: a.jurisdiction})
OPTIONAL MATCH (jb:Jurisdiction {id: b.jurisdiction})
RETURN a.name AS agency_a, ja.name AS jurisdiction_a, b.name AS agency_b, jb.name AS jurisdiction_b, relation,
       mandates, documents, a.id AS id_a, b.id AS id_b
ORDER BY mandates DESC, relation, id_a, id_b
