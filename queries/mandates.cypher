// mandates: every mandate, or those one agency leads or coordinates (role), with document, issuer, province,
// section, text, lead and coordinating agencies, deadline, status as of a date and where it is written.
// Parameters: $agency (an agency name as the graph spells it, or its key), $jurisdiction (key jur/<slug>),
// $document (a number or a key), $due_from, $due_to (ISO dates: deadline ends in the window), $as_of,
// $soon_until (ISO dates: the status date and the last day a deadline is "due soon"), $status (null, or one).
// due_end: the mandate's due_date, the last day of the period of its deadline (a Cypher date in Neo4j, ISO text in
// FalkorDB, which cannot return dates over Bolt), compared as date() with the ISO date parameters.
// status (graphbuild.queries.mandate_status): recurring, else no-deadline, past-deadline, due-soon, not-yet-due.
MATCH (m:Mandate)-[:PART_OF]->(doc:Document)
OPTIONAL MATCH (doc)-[:IN_JURISDICTION]->(j:Jurisdiction)
WITH m, doc, j
WHERE ($jurisdiction IS NULL OR j.id = $jurisdiction)
  AND ($document IS NULL OR doc.id = $document OR toLower(doc.number) = toLower($document))
OPTIONAL MATCH (l:Agency)-[:LEADS]->(m)
WITH m, doc, j, collect(l) AS lead_nodes
OPTIONAL MATCH (c:Agency)-[:COORDINATES]->(m)
WITH m, doc, j, lead_nodes, collect(c) AS coord_nodes
WITH m, doc, j, lead_nodes, coord_nodes,
     size([a IN lead_nodes WHERE a.id = $agency OR a.name = $agency]) AS as_lead,
     size([a IN coord_nodes WHERE a.id = $agency OR a.name = $agency]) AS as_coordinator
WHERE $agency IS NULL OR as_lead + as_coordinator > 0
WITH m, doc, j, lead_nodes, coord_nodes, toString(m.due_date) AS due_end,
     CASE WHEN $agency IS NULL THEN null WHEN as_lead > 0 THEN 'lead' ELSE 'coordinator' END AS role
WHERE ($due_from IS NULL AND $due_to IS NULL)
   OR (due_end IS NOT NULL AND ($due_from IS NULL OR date(due_end) >= date($due_from))
       AND ($due_to IS NULL OR date(due_end) <= date($due_to)))
WITH m, doc, j, lead_nodes, coord_nodes, role, due_end, CASE
         WHEN m.recurring IS NOT NULL THEN 'recurring'
         WHEN due_end IS NULL THEN 'no-deadline'
         WHEN date(due_end) < date($as_of) THEN 'past-deadline'
         WHEN date(due_end) <= date($soon_until) THEN 'due-soon'
         ELSE 'not-yet-due'
       END AS status
WHERE $status IS NULL OR status = $status
RETURN coalesce(doc.number, doc.id) AS document, doc.issuer AS issuer, j.name AS province, m.section AS section,
       m.line_start AS line, m.text AS text, role, [a IN lead_nodes | a.name] AS leads,
       [a IN coord_nodes | a.name] AS coordinators, m.due AS due, m.due_text AS due_text, due_end, status,
       m.source AS source, m.id AS mandate, doc.id AS document_id
ORDER BY document_id, line, mandate
