-- audit_gaps: mandates nobody can be held to, one row per mandate and reason: no-lead, group-lead-only (every lead
-- a catch-all group), no-deadline, vague-deadline (no date, only words); sorted by reason in that order.
-- Parameters: :jurisdiction, :reason (keep one reason).
-- leads: the lead agencies' names joined by U+001F (graphbuild.queries splits and sorts them).
WITH gaps AS (
  SELECT m.*, d.key AS doc, COALESCE(d.number, d.key) AS document_shown, j.name AS province,
         (SELECT count(*) FROM edge e WHERE e.v = m.key AND e.type = 'LEADS') AS lead_count,
         (SELECT count(*) FROM edge e JOIN node a ON a.key = e.u
           WHERE e.v = m.key AND e.type = 'LEADS' AND a.is_group) AS group_count,
         (SELECT group_concat(a.name, char(31)) FROM edge e JOIN node a ON a.key = e.u
           WHERE e.v = m.key AND e.type = 'LEADS') AS leads
    FROM node m
    JOIN node d ON d.key = m.document
    LEFT JOIN node j ON j.key = d.jurisdiction
   WHERE m.label = 'Mandate' AND (:jurisdiction IS NULL OR d.jurisdiction = :jurisdiction)),
reasons(gap, reason, ord) AS (
  SELECT gaps.key, CASE WHEN lead_count = 0 THEN 'no-lead' ELSE 'group-lead-only' END,
         CASE WHEN lead_count = 0 THEN 0 ELSE 1 END
    FROM gaps WHERE lead_count = 0 OR group_count = lead_count
  UNION ALL
  SELECT gaps.key, CASE WHEN COALESCE(due_text, '') != '' THEN 'vague-deadline' ELSE 'no-deadline' END,
         CASE WHEN COALESCE(due_text, '') != '' THEN 3 ELSE 2 END
    FROM gaps WHERE COALESCE(due, '') = '')
SELECT reasons.reason AS reason, gaps.document_shown AS document, gaps.province AS province, gaps.section AS section,
       gaps.line AS line, gaps.leads AS leads, gaps.due_text AS due_text, gaps.text AS text, gaps.source AS source,
       gaps.key AS mandate
  FROM reasons JOIN gaps ON gaps.key = reasons.gap
 WHERE :reason IS NULL OR reasons.reason = :reason
 ORDER BY reasons.ord, gaps.doc, COALESCE(gaps.line, 0), mandate
