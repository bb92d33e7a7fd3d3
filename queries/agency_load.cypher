// agency_load: agencies ranked by the mandates they lead and coordinate, with the status of the mandates.
// Parameters: $jurisdiction (key jur/<province slug>: mandates of that documents of the province), $document (a number
// or a key), $due_from, $due_to (ISO dates: only mandates whose deadline ends in the window), $as_of, $soon_until
// (ISO dates: the status date and the last day a deadline is "due soon"), $groups (true: count catch-all groups
// of kind collective too), $top (null: all).
// due_end: the mandate's due_date, the last day of the period of its deadline (a Cypher date in Neo4j, ISO text in
// FalkorDB, which cannot return dates over Bolt), compared as date() with the ISO date parameters.
// status (graphbuild.queries.mandate_status): recurring, else no-deadline, past-deadline (due_end < as_of),
// due-soon (due_end <= soon_until), not-yet-due.
MATCH (m:Mandate)-[:PART_OF]->(doc:Document)
OPTIONAL MATCH (doc)-[:IN_JURISDICTION]->(dj:Jurisdiction)
WITH m, doc, dj
WHERE ($jurisdiction IS NULL OR dj.id = $jurisdiction)
  AND ($document IS NULL OR doc.id = $document OR toLower(doc.number) = toLower($document))
WITH m, doc, toString(m.due_date) AS due_end
WHERE ($due_from IS NULL AND $due_to IS NULL)
   OR (due_end IS NOT NULL AND ($due_from IS NULL OR date(due_end) >= date($due_from))
       AND ($due_to IS NULL OR date(due_end) <= date($due_to)))
WITH m, doc, due_end, CASE
         WHEN m.recurring IS NOT NULL THEN 'recurring'
         WHEN due_end IS NULL THEN 'no-deadline'
         WHEN date(due_end) < date($as_of) THEN 'past-deadline'
         WHEN date(due_end) <= date($soon_until) THEN 'due-soon'
         ELSE 'not-yet-due'
       END AS status
MATCH (a:Agency)-[r:LEADS|COORDINATES]->(m)
WHERE coalesce($groups, false) OR coalesce(a.kind, '') <> 'collective'
WITH a, sum(CASE WHEN type(r) = 'LEADS' THEN 1 ELSE 0 END) AS led,
     sum(CASE WHEN type(r) = 'COORDINATES' THEN 1 ELSE 0 END) AS coordinated,
     count(DISTINCT doc) AS documents,
     sum(CASE WHEN status = 'past-deadline' THEN 1 ELSE 0 END) AS past_deadline,
     sum(CASE WHEN status = 'due-soon' THEN 1 ELSE 0 END) AS due_soon,
     sum(CASE WHEN status = 'not-yet-due' THEN 1 ELSE 0 END) AS not_yet_due,
     sum(CASE WHEN status = 'recurring' THEN 1 ELSE 0 END) AS recurring,
     sum(CASE WHEN status = 'no-deadline' THEN 1 ELSE 0 END) AS no_deadline,
     min(CASE WHEN date(due_end) >= date($as_of) THEN due_end END) AS next_due
OPTIONAL MATCH (a)-[:IN_JURISDICTION]->(j:Jurisdiction)
WITH a.name AS agency, j.name AS jurisdiction, a.kind AS kind, led, coordinated, led + coordinated AS total,
     documents, past_deadline, due_soon, not_yet_due, recurring, no_deadline, next_due, a.id AS id
ORDER BY total DESC, led DESC, id
WITH collect({agency: agency, jurisdiction: jurisdiction, kind: kind, led: led, coordinated: coordinated,
              total: total, documents: documents, past_deadline: past_deadline, due_soon: due_soon,
              not_yet_due: not_yet_due, recurring: recurring, no_deadline: no_deadline, next_due: next_due,
              id: id}) AS rows
UNWIND rows[0..coalesce($top, size(rows))] AS row
RETURN row.agency AS agency, row.jurisdiction AS jurisdiction, row.kind AS kind, row.led AS led,
       row.coordinated AS coordinated, row.total AS total, row.documents AS documents,
       row.past_deadline AS past_deadline, row.due_soon AS due_soon, row.not_yet_due AS not_yet_due,
       row.recurring AS recurring, row.no_deadline AS no_deadline, row.next_due AS next_due, row.id AS id
