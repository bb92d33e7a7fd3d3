// agency_load_at_structure: agencies ranked by the mandates they carry at a structure date: each mandate counted
// for the body that holds, at that date, the duties of the agency the document named (2025 reorganisation).
// Parameters: $as_of_structure (ISO date), $jurisdiction (key of the province at that date:
// graphbuild.queries.province_at_structure), $document, $due_from, $due_to, $groups, $top (as agency_load).
// due_end: the mandate's due_date (the last day of its deadline's period), compared as ISO text.
// A holder: an agency with no SUCCEEDED_BY step carrying its duties whole (`rollup`: a merger, a rename, a split's
// main successor) dated on or before the date; the agencies whose mandates it carries reach it by such steps, all
// dated on or before the date (dates never go back along a chain: tests/test_reorganisation.py). The document's
// province at the date likewise.
// from: "<name> (<province>): <led> led, <coordinated> coordinated[ via merger | via split, main successor]" per
// agency the counts came from; divided_among: where the holder's duties went when they were divided (district
// committees), carried as one string joined by ¦ until the end (FalkorDB reads no \u escapes).
// Works on FalkorDB 4.16 too: no CALL {} (FalkorDB does not bind what it returns in a later MATCH), and short enough
// (graphbuild.queries.run_cypher sends it without comments and indentation; FalkorDB's Bolt server crashes on a
// query of more than about 4 KB).
MATCH (a:Agency)
OPTIONAL MATCH (a)-[next:SUCCEEDED_BY]->()
WHERE next.rollup AND next.change_date <= $as_of_structure
WITH a, next
WHERE next IS NULL
OPTIONAL MATCH (a)-[division:SUCCEEDED_BY]->(to:Agency)-[:PART_OF]->(tj:Jurisdiction)
WHERE division.change_kind IN ['split', 'dissolved'] AND division.change_date <= $as_of_structure
WITH a, collect(to.name + ' (' + tj.name + ')') AS parts
WITH a, reduce(joined = '', part IN parts | joined + '¦' + part) AS divided
MATCH p = (a0:Agency)-[:SUCCEEDED_BY*0..8]->(a)
WHERE all(step IN relationships(p) WHERE step.rollup AND step.change_date <= $as_of_structure)
MATCH (a0)-[r:LEADS|COORDINATES]->(m:Mandate)-[:PART_OF]->(doc:Document)
WHERE (coalesce($groups, false) OR coalesce(a0.kind, '') <> 'collective')
  AND ($document IS NULL OR doc.id = $document OR toLower(doc.number) = toLower($document))
MATCH (doc)-[:IN_JURISDICTION]->(own:Jurisdiction)
MATCH q = (own)-[:SUCCEEDED_BY*0..8]->(held:Jurisdiction)
WHERE all(step IN relationships(q) WHERE step.rollup AND step.change_date <= $as_of_structure)
  AND ($jurisdiction IS NULL OR held.id = $jurisdiction)
OPTIONAL MATCH (held)-[later:SUCCEEDED_BY]->()
WHERE later.rollup AND later.change_date <= $as_of_structure
WITH a, divided, a0, p, r, doc, toString(m.due_date) AS due_end, later
WHERE later IS NULL
  AND (($due_from IS NULL AND $due_to IS NULL)
       OR (due_end IS NOT NULL AND ($due_from IS NULL OR due_end >= $due_from) AND ($due_to IS NULL OR due_end <= $due_to)))
WITH a, divided, a0, CASE WHEN length(p) = 0 THEN '' WHEN any(step IN relationships(p) WHERE step.change_kind = 'split')
          THEN ' via split, main successor' ELSE ' via merger' END AS how,
     toInteger(sum(CASE WHEN type(r) = 'LEADS' THEN 1 ELSE 0 END)) AS a0_led,
     toInteger(sum(CASE WHEN type(r) = 'COORDINATES' THEN 1 ELSE 0 END)) AS a0_coordinated,
     min(due_end) AS a0_next_due, collect(DISTINCT doc.id) AS a0_documents
MATCH (a0)-[:IN_JURISDICTION]->(aj:Jurisdiction)
WITH a, divided, sum(a0_led) AS led, sum(a0_coordinated) AS coordinated, min(a0_next_due) AS next_due,
     collect(a0.name + ' (' + aj.name + '): ' + toString(a0_led) + ' led, ' + toString(a0_coordinated)
             + ' coordinated' + how) AS from, collect(a0_documents) AS document_lists
OPTIONAL MATCH (a)-[:IN_JURISDICTION]->(j:Jurisdiction)
WITH a.name AS agency, j.name AS jurisdiction, a.kind AS kind, toInteger(led) AS led,
     toInteger(coordinated) AS coordinated, toInteger(led + coordinated) AS total,
     size(reduce(seen = [], d IN reduce(flat = [], ds IN document_lists | flat + ds)
                 | CASE WHEN d IN seen THEN seen ELSE seen + d END)) AS documents, next_due,
     CASE WHEN divided = '' THEN 'current' ELSE 'divided' END AS status, from,
     CASE WHEN divided = '' THEN [] ELSE split(substring(divided, 1), '¦') END AS divided_among, a.id AS id
ORDER BY total DESC, led DESC, id
WITH collect([agency, jurisdiction, kind, led, coordinated, total, documents, next_due, status, from, divided_among,
              id]) AS rows
UNWIND rows[0..coalesce($top, size(rows))] AS row
RETURN row[0] AS agency, row[1] AS jurisdiction, row[2] AS kind, row[3] AS led, row[4] AS coordinated,
       row[5] AS total, row[6] AS documents, row[7] AS next_due, row[8] AS status, row[9] AS from,
       row[10] AS divided_among, row[11] AS id
