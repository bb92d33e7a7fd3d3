// deadlines: mandates with a deadline, their status as of a date and their lead agencies.
// Parameters: $due_from, $due_to (ISO dates: due_end within the window), $as_of, $soon_until (ISO dates: the
// status date and the last day a deadline is "due soon"), $status (null, or keep only that status),
// $jurisdiction (key jur/<province slug>).
// status (graphbuild.queries.mandate_status): recurring, else past-deadline (due_end < as_of), due-soon
// (due_end <= soon_until), not-yet-due.
// due_end: the mandate's due_date, the last day of the period of its deadline (a Cypher date in Neo4j, ISO text in
// FalkorDB, which cannot return dates over Bolt), compared as date() with the ISO date parameters.
MATCH (m:Mandate)-[:PART_OF]->(doc:Document)
WHERE m.due_date IS NOT NULL
OPTIONAL MATCH (doc)-[:IN_JURISDICTION]->(j:Jurisdiction)
WITH m, doc, j, m.due AS due, toString(m.due_date) AS due_end
WHERE ($jurisdiction IS NULL OR j.id = $jurisdiction)
  AND ($due_from IS NULL OR date(due_end) >= date($due_from))
  AND ($due_to IS NULL OR date(due_end) <= date($due_to))
WITH m, doc, j, due, due_end, CASE
         WHEN m.recurring IS NOT NULL THEN 'recurring'
         WHEN date(due_end) < date($as_of) THEN 'past-deadline'
         WHEN date(due_end) <= date($soon_until) THEN 'due-soon'
         ELSE 'not-yet-due'
       END AS status
WHERE $status IS NULL OR status = $status
OPTIONAL MATCH (a:Agency)-[:LEADS]->(m)
WITH m, doc, j, due, due_end, status, collect(a.name) AS leads
RETURN due_end, due, status, coalesce(doc.number, doc.id) AS document, j.name AS province, m.section AS section, leads,
       m.text AS text, m.source AS source, m.line_start AS line, m.id AS mandate, doc.id AS document_id
ORDER BY due_end, document_id, line, mandate
