// agency_history: an agency's predecessors and successors across the 2025 reorganisation, or (no agency) a province's,
// or (neither) every step once, from its predecessor.
// Parameters: $agency (a key, or a name as the graph has it: graphbuild.names makes printed aliases canonical),
// $jurisdiction (key: the agency's province, or the province asked about).
// One row per SUCCEEDED_BY step on the way to the body or from it, through steps that ended a body (a transfer
// from a body that goes on is shown next to it, not followed). Each branch returns values only: FalkorDB 4.16 does
// not carry nodes returned by CALL {} into a later MATCH.
MATCH (root)
OPTIONAL MATCH (root)-[:IN_JURISDICTION]->(rj:Jurisdiction)
WITH root, rj
WHERE ($agency IS NOT NULL AND 'Agency' IN labels(root) AND (root.id = $agency OR toLower(root.name) = toLower($agency))
       AND ($jurisdiction IS NULL OR rj.id = $jurisdiction))
   OR ($agency IS NULL AND 'Jurisdiction' IN labels(root) AND root.id = $jurisdiction)
   OR ($agency IS NULL AND $jurisdiction IS NULL AND ('Agency' IN labels(root) OR 'Jurisdiction' IN labels(root)))
CALL {
  WITH root
  MATCH p = (root)-[:SUCCEEDED_BY*0..8]->(u)
  WHERE all(step IN relationships(p) WHERE step.change_kind <> 'transfer')
  MATCH (u)-[r:SUCCEEDED_BY]->(v)
  WHERE u = root OR (r.change_kind <> 'transfer' AND ($agency IS NOT NULL OR $jurisdiction IS NOT NULL))
  OPTIONAL MATCH (u)-[:IN_JURISDICTION]->(ju:Jurisdiction)
  OPTIONAL MATCH (v)-[:IN_JURISDICTION]->(jv:Jurisdiction)
  RETURN DISTINCT 'successor' AS relation, u.name AS predecessor, coalesce(ju.name, u.name) AS predecessor_jurisdiction,
         v.name AS successor, coalesce(jv.name, v.name) AS successor_jurisdiction, r.change_date AS date, r.change_kind AS kind,
         r.duties AS duties, r.rollup AS rollup, r.approximate AS approximate, r.legal_basis AS basis,
         r.change AS change, u.id AS predecessor_id, v.id AS successor_id
  UNION
  WITH root
  MATCH p = (v)-[:SUCCEEDED_BY*0..8]->(root)
  WHERE all(step IN relationships(p) WHERE step.change_kind <> 'transfer')
  MATCH (u)-[r:SUCCEEDED_BY]->(v)
  WHERE ($agency IS NOT NULL OR $jurisdiction IS NOT NULL) AND (v = root OR r.change_kind <> 'transfer')
  OPTIONAL MATCH (u)-[:IN_JURISDICTION]->(ju:Jurisdiction)
  OPTIONAL MATCH (v)-[:IN_JURISDICTION]->(jv:Jurisdiction)
  RETURN DISTINCT 'predecessor' AS relation, u.name AS predecessor, coalesce(ju.name, u.name) AS predecessor_jurisdiction,
         v.name AS successor, coalesce(jv.name, v.name) AS successor_jurisdiction, r.change_date AS date, r.change_kind AS kind,
         r.duties AS duties, r.rollup AS rollup, r.approximate AS approximate, r.legal_basis AS basis,
         r.change AS change, u.id AS predecessor_id, v.id AS successor_id
}
RETURN root.id AS root, relation, predecessor, predecessor_jurisdiction, successor, successor_jurisdiction, date, kind,
       duties, rollup, approximate, basis, change, predecessor_id, successor_id
ORDER BY root, relation, date, predecessor_id, successor_id
