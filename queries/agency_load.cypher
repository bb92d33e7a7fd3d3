// agency_load: agencies ranked by the mandates they lead and coordinate.
// Parameters: $jurisdiction (key jur/<province slug>: mandates of that province's documents), $document (a number
// or a key), $due_from, $due_to (ISO dates: only mandates whose deadline ends in the window), $top (null: all).
// due_end: the last day of the deadline's period as ISO text (YYYY, YYYY-MM, YYYY-QN, YYYY-MM-DD, YYYY/YYYY),
// compared as strings with the ISO date parameters (graphbuild.queries.due_end).
MATCH (m:Mandate)-[:PART_OF]->(doc:Document)
WHERE ($jurisdiction IS NULL OR doc.jurisdiction = $jurisdiction)
  AND ($document IS NULL OR doc.id = $document OR toLower(doc.number) = toLower($document))
WITH m, doc, m.due AS due
WITH m, doc, CASE
         WHEN due IS NULL THEN null
         WHEN size(due) = 4 THEN due + '-12-31'
         WHEN size(due) = 9 THEN substring(due, 5, 4) + '-12-31'
         WHEN size(due) = 10 THEN due
         WHEN substring(due, 5, 1) = 'Q'
           THEN substring(due, 0, 5) + ['03-31', '06-30', '09-30', '12-31'][toInteger(substring(due, 6, 1)) - 1]
         WHEN toInteger(substring(due, 5, 2)) IN [4, 6, 9, 11] THEN due + '-30'
         WHEN toInteger(substring(due, 5, 2)) <> 2 THEN due + '-31'
         WHEN toInteger(substring(due, 0, 4)) % 400 = 0
              OR (toInteger(substring(due, 0, 4)) % 4 = 0 AND toInteger(substring(due, 0, 4)) % 100 <> 0)
           THEN due + '-29'
         ELSE due + '-28'
       END AS due_end
WHERE ($due_from IS NULL AND $due_to IS NULL)
   OR (due_end IS NOT NULL AND ($due_from IS NULL OR due_end >= $due_from) AND ($due_to IS NULL OR due_end <= $due_to))
MATCH (a:Agency)-[r:LEADS|COORDINATES]->(m)
WITH a, sum(CASE WHEN type(r) = 'LEADS' THEN 1 ELSE 0 END) AS led,
     sum(CASE WHEN type(r) = 'COORDINATES' THEN 1 ELSE 0 END) AS coordinated,
     count(DISTINCT doc) AS documents, min(due_end) AS next_due
OPTIONAL MATCH (j:Jurisdiction {id: a.jurisdiction})
WITH a.name AS agency, j.name AS jurisdiction, a.kind AS kind, led, coordinated, led + coordinated AS total,
     documents, next_due, a.id AS id
ORDER BY total DESC, led DESC, id
WITH collect({agency: agency, jurisdiction: jurisdiction, kind: kind, led: led, coordinated: coordinated,
              total: total, documents: documents, next_due: next_due, id: id}) AS rows
UNWIND rows[0..coalesce($top, size(rows))] AS row
RETURN row.agency AS agency, row.jurisdiction AS jurisdiction, row.kind AS kind, row.led AS led,
       row.coordinated AS coordinated, row.total AS total, row.documents AS documents, row.next_due AS next_due,
       row.id AS id
