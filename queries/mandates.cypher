// mandates: every mandate, or those one agency leads or coordinates (role), with document, issuer, province,
// section, text, lead and coordinating agencies, deadline, status as of a date and where it is written.
// Parameters: $agency (an agency name as the graph spells it, or its key), $jurisdiction (key jur/<slug>),
// $document (a number or a key), $due_from, $due_to (ISO dates: deadline ends in the window), $as_of,
// $soon_until (ISO dates: the status date and the last day a deadline is "due soon"), $status (null, or one).
// due_end: the last day of the period of the deadline as ISO text (graphbuild.queries.due_end).
// status (graphbuild.queries.mandate_status): recurring, else no-deadline, past-deadline, due-soon, not-yet-due.
MATCH (m:Mandate)-[:PART_OF]->(doc:Document)
WHERE ($jurisdiction IS NULL OR doc.jurisdiction = $jurisdiction)
  AND ($document IS NULL OR doc.id = $document OR toLower(doc.number) = toLower($document))
OPTIONAL MATCH (l:Agency)-[:LEADS]->(m)
WITH m, doc, collect(l) AS lead_nodes
OPTIONAL MATCH (c:Agency)-[:COORDINATES]->(m)
WITH m, doc, lead_nodes, collect(c) AS coord_nodes
WITH m, doc, lead_nodes, coord_nodes,
     size([a IN lead_nodes WHERE a.id = $agency OR a.name = $agency]) AS as_lead,
     size([a IN coord_nodes WHERE a.id = $agency OR a.name = $agency]) AS as_coordinator
WHERE $agency IS NULL OR as_lead + as_coordinator > 0
WITH m, doc, lead_nodes, coord_nodes, m.due AS due,
     CASE WHEN $agency IS NULL THEN null WHEN as_lead > 0 THEN 'lead' ELSE 'coordinator' END AS role
WITH m, doc, lead_nodes, coord_nodes, role, CASE
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
WITH m, doc, lead_nodes, coord_nodes, role, due_end, CASE
         WHEN m.recurring IS NOT NULL THEN 'recurring'
         WHEN due_end IS NULL THEN 'no-deadline'
         WHEN due_end < $as_of THEN 'past-deadline'
         WHEN due_end <= $soon_until THEN 'due-soon'
         ELSE 'not-yet-due'
       END AS status
WHERE $status IS NULL OR status = $status
OPTIONAL MATCH (j:Jurisdiction {id: doc.jurisdiction})
RETURN coalesce(doc.number, doc.id) AS document, doc.issuer AS issuer, j.name AS province, m.section AS section,
       m.line_start AS line, m.text AS text, role, [a IN lead_nodes | a.name] AS leads,
       [a IN coord_nodes | a.name] AS coordinators, m.due AS due, m.due_text AS due_text, due_end, status,
       m.source AS source, m.id AS mandate, doc.id AS document_id
ORDER BY document_id, line, mandate
