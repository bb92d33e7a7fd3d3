// audit_gaps: mandates without a named lead or a firm deadline, one row per mandate and reason:
// no-lead, group-lead-only (every lead is a catch-all group of kind collective), no-deadline,
// vague-deadline (no due but a due_text).
// Parameters: $jurisdiction (key jur/<province slug>: mandates of the documents of that province),
// $reason (null, or keep only that reason).
MATCH (m:Mandate)-[:PART_OF]->(doc:Document)
OPTIONAL MATCH (doc)-[:IN_JURISDICTION]->(j:Jurisdiction)
WITH m, doc, j
WHERE $jurisdiction IS NULL OR j.id = $jurisdiction
OPTIONAL MATCH (a:Agency)-[:LEADS]->(m)
WITH m, doc, j, collect(a.name) AS leads, count(a) AS lead_count,
     sum(CASE WHEN a.kind = 'collective' THEN 1 ELSE 0 END) AS collective_count
WITH m, doc, j, leads,
     [CASE WHEN lead_count = 0 THEN 'no-lead' WHEN collective_count = lead_count THEN 'group-lead-only' END,
      CASE WHEN coalesce(m.due, '') <> '' THEN null
           WHEN coalesce(m.due_text, '') <> '' THEN 'vague-deadline'
           ELSE 'no-deadline' END] AS reasons
UNWIND reasons AS reason
WITH m, doc, j, leads, reason
WHERE reason IS NOT NULL AND ($reason IS NULL OR reason = $reason)
RETURN reason, coalesce(doc.number, doc.id) AS document, j.name AS province, m.section AS section,
       m.line_start AS line, leads, m.due_text AS due_text, m.text AS text, m.source AS source, m.id AS mandate,
       CASE reason WHEN 'no-lead' THEN 0 WHEN 'group-lead-only' THEN 1 WHEN 'no-deadline' THEN 2 ELSE 3 END
         AS reason_order,
       doc.id AS document_id
ORDER BY reason_order, document_id, line, mandate
