// deadlines: mandates with a deadline, their status as of a date and their lead agencies.
// Parameters: $due_from, $due_to (ISO dates: due_end within the window), $as_of, $soon_until (ISO dates: the
// status date and the last day a deadline is "due soon"), $status (null, or keep only that status),
// $jurisdiction (key jur/<province slug>).
// status (graphbuild.queries.mandate_status): recurring, else past-deadline (due_end < as_of), due-soon
// (due_end <= soon_until), not-yet-due.
// due_end: the last day of the period of the deadline as ISO text (YYYY, YYYY-MM, YYYY-QN, YYYY-MM-DD, YYYY/YYYY),
// compared as strings with the ISO date parameters (graphbuild.queries.due_end).
MATCH (m:Mandate)-[:PART_OF]->(doc:Document)
WHERE m.due IS NOT NULL AND ($jurisdiction IS NULL OR doc.jurisdiction = $jurisdiction)
WITH m, doc, m.due AS due
WITH m, doc, due, CASE
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
WHERE due_end IS NOT NULL
  AND ($due_from IS NULL OR due_end >= $due_from)
  AND ($due_to IS NULL OR due_end <= $due_to)
WITH m, doc, due, due_end, CASE
         WHEN m.recurring IS NOT NULL THEN 'recurring'
         WHEN due_end < $as_of THEN 'past-deadline'
         WHEN due_end <= $soon_until THEN 'due-soon'
         ELSE 'not-yet-due'
       END AS status
WHERE $status IS NULL OR status = $status
OPTIONAL MATCH (a:Agency)-[:LEADS]->(m)
WITH m, doc, due, due_end, status, collect(a.name) AS leads
OPTIONAL MATCH (j:Jurisdiction {id: doc.jurisdiction})
RETURN due_end, due, status, coalesce(doc.number, doc.id) AS document, j.name AS province, m.section AS section, leads,
       m.text AS text, m.source AS source, m.line_start AS line, m.id AS mandate, doc.id AS document_id
ORDER BY due_end, document_id, line, mandate
