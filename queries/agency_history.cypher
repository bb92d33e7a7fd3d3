// agency_history: an agency's (or a province's) predecessors and successors across the 2025 reorganisation.
// Parameters: $agency (a key, or a name as the graph has it: graphbuild.queries.agency_name makes printed aliases
// canonical), $jurisdiction (key: agencies of that province).
// One row per SUCCEEDED_BY step on the way to the body or from it, through steps that ended a body (a transfer
// from a body that goes on is shown next to it, not followed). Each branch returns values only: FalkorDB 4.16 does
// not carry nodes returned by CALL {} into a later MATCH.
MATCH (root)
WHERE ('Agency' IN labels(root) OR 'Jurisdiction' IN labels(root))
  AND (root.id = $agency OR toLower(root.name) = toLower($agency))
  AND ($jurisdiction IS NULL OR 'Jurisdiction' IN labels(root) OR root.jurisdiction = $jurisdiction)
CALL {
  WITH root
  MATCH p = (root)-[:SUCCEEDED_BY*0..8]->(u)
  WHERE all(step IN relationships(p) WHERE step.kind <> 'transfer')
  MATCH (u)-[r:SUCCEEDED_BY]->(v)
  WHERE u = root OR r.kind <> 'transfer'
  OPTIONAL MATCH (u)-[:PART_OF]->(ju:Jurisdiction)
  OPTIONAL MATCH (v)-[:PART_OF]->(jv:Jurisdiction)
  RETURN DISTINCT 'successor' AS relation, u.name AS predecessor, coalesce(ju.name, u.name) AS predecessor_jurisdiction,
         v.name AS successor, coalesce(jv.name, v.name) AS successor_jurisdiction, r.date AS date, r.kind AS kind,
         r.duties AS duties, r.rollup AS rollup, r.approximate AS approximate, r.legal_basis AS basis,
         r.change AS change, u.id AS predecessor_id, v.id AS successor_id
  UNION
  WITH root
  MATCH p = (v)-[:SUCCEEDED_BY*0..8]->(root)
  WHERE all(step IN relationships(p) WHERE step.kind <> 'transfer')
  MATCH (u)-[r:SUCCEEDED_BY]->(v)
  WHERE v = root OR r.kind <> 'transfer'
  OPTIONAL MATCH (u)-[:PART_OF]->(ju:Jurisdiction)
  OPTIONAL MATCH (v)-[:PART_OF]->(jv:Jurisdiction)
  RETURN DISTINCT 'predecessor' AS relation, u.name AS predecessor, coalesce(ju.name, u.name) AS predecessor_jurisdiction,
         v.name AS successor, coalesce(jv.name, v.name) AS successor_jurisdiction, r.date AS date, r.kind AS kind,
         r.duties AS duties, r.rollup AS rollup, r.approximate AS approximate, r.legal_basis AS basis,
         r.change AS change, u.id AS predecessor_id, v.id AS successor_id
}
RETURN root.id AS root, relation, predecessor, predecessor_jurisdiction, successor, successor_jurisdiction, date, kind,
       duties, rollup, approximate, basis, change, predecessor_id, successor_id
ORDER BY root, relation, date, predecessor_id, successor_id
