// agency_history: an agency's predecessors and successors across the 2025 reorganisation, or (no agency) a province's,
// or (neither) every step once, from its predecessor.
// Parameters: $agency (a key, or a name as the graph has it: graphbuild.names makes printed aliases canonical),
// $jurisdiction (key: the agency's province, or the province asked about).
// One row per SUCCEEDED_BY step on the way to the body or from it, through steps that ended a body (a transfer
// from a body that goes on is shown next to it, not followed). Each direction is collected as rows of values, then
// both are unwound: no subquery (FalkorDB runs no `CALL () {}`, Neo4j 5 deprecates `CALL { WITH }`).
MATCH (root)
OPTIONAL MATCH (root)-[:IN_JURISDICTION]->(rj:Jurisdiction)
WITH root, rj
WHERE ($agency IS NOT NULL AND 'Agency' IN labels(root) AND (root.id = $agency OR toLower(root.name) = toLower($agency))
       AND ($jurisdiction IS NULL OR rj.id = $jurisdiction))
   OR ($agency IS NULL AND 'Jurisdiction' IN labels(root) AND root.id = $jurisdiction)
   OR ($agency IS NULL AND $jurisdiction IS NULL AND ('Agency' IN labels(root) OR 'Jurisdiction' IN labels(root)))
OPTIONAL MATCH p = (root)-[:SUCCEEDED_BY*0..8]->(u)
WHERE all(step IN relationships(p) WHERE step.change_kind <> 'transfer')
OPTIONAL MATCH (u)-[r:SUCCEEDED_BY]->(v)
WHERE u = root OR (r.change_kind <> 'transfer' AND ($agency IS NOT NULL OR $jurisdiction IS NOT NULL))
OPTIONAL MATCH (u)-[:IN_JURISDICTION]->(ju:Jurisdiction)
OPTIONAL MATCH (v)-[:IN_JURISDICTION]->(jv:Jurisdiction)
WITH root, collect(DISTINCT CASE WHEN r IS NULL THEN NULL ELSE [
  'successor', u.name, coalesce(ju.name, u.name), v.name, coalesce(jv.name, v.name), r.change_date, r.change_kind,
  r.duties, r.rollup, r.approximate, r.legal_basis, r.change, u.id, v.id] END) AS later
OPTIONAL MATCH p2 = (w)-[:SUCCEEDED_BY*0..8]->(root)
WHERE all(step IN relationships(p2) WHERE step.change_kind <> 'transfer')
OPTIONAL MATCH (x)-[s:SUCCEEDED_BY]->(w)
WHERE ($agency IS NOT NULL OR $jurisdiction IS NOT NULL) AND (w = root OR s.change_kind <> 'transfer')
OPTIONAL MATCH (x)-[:IN_JURISDICTION]->(jx:Jurisdiction)
OPTIONAL MATCH (w)-[:IN_JURISDICTION]->(jw:Jurisdiction)
WITH root, later, collect(DISTINCT CASE WHEN s IS NULL THEN NULL ELSE [
  'predecessor', x.name, coalesce(jx.name, x.name), w.name, coalesce(jw.name, w.name), s.change_date, s.change_kind,
  s.duties, s.rollup, s.approximate, s.legal_basis, s.change, x.id, w.id] END) AS earlier
UNWIND later + earlier AS step
RETURN root.id AS root, step[0] AS relation, step[1] AS predecessor, step[2] AS predecessor_jurisdiction,
       step[3] AS successor, step[4] AS successor_jurisdiction, step[5] AS date, step[6] AS kind, step[7] AS duties,
       step[8] AS rollup, step[9] AS approximate, step[10] AS basis, step[11] AS change, step[12] AS predecessor_id,
       step[13] AS successor_id
ORDER BY root, relation, date, predecessor_id, successor_id
