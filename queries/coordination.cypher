// coordination: agency pairs that share mandates, lead with coordinator (a leads, b coordinates) and
// coordinator with coordinator (id of a < id of b), with the number of shared mandates and documents.
// Parameters: $jurisdiction (key jur/<province slug>: mandates of that documents of the province), $min_count,
// $groups (true: pairs with a catch-all group of kind collective too).
// No subquery: one match of both relations (a leads or coordinates, b coordinates), told apart by type(ra).
MATCH (m:Mandate)-[:PART_OF]->(doc:Document)
OPTIONAL MATCH (doc)-[:IN_JURISDICTION]->(dj:Jurisdiction)
WITH m, doc, dj
WHERE $jurisdiction IS NULL OR dj.id = $jurisdiction
MATCH (a:Agency)-[ra:LEADS|COORDINATES]->(m)<-[:COORDINATES]-(b:Agency)
WHERE (type(ra) = 'LEADS' AND a <> b) OR (type(ra) = 'COORDINATES' AND a.id < b.id)
WITH m, doc, a, b, CASE type(ra) WHEN 'LEADS' THEN 'lead-coordinator' ELSE 'coordinator-coordinator' END AS relation
WHERE coalesce($groups, false) OR (coalesce(a.kind, '') <> 'collective' AND coalesce(b.kind, '') <> 'collective')
WITH a, b, relation, count(DISTINCT m) AS mandates, count(DISTINCT doc) AS documents
WHERE mandates >= $min_count
OPTIONAL MATCH (a)-[:IN_JURISDICTION]->(ja:Jurisdiction)
OPTIONAL MATCH (b)-[:IN_JURISDICTION]->(jb:Jurisdiction)
RETURN a.name AS agency_a, ja.name AS jurisdiction_a, b.name AS agency_b, jb.name AS jurisdiction_b, relation,
       mandates, documents, a.id AS id_a, b.id AS id_b
ORDER BY mandates DESC, relation, id_a, id_b
