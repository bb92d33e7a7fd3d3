-- mandates: every mandate, or those the agencies :agencies names lead or coordinate (role says which), with
-- document, issuer, province, section, line, text, lead and coordinating agencies, deadline and status.
-- Parameters: :agencies (JSON list of agency keys), :jurisdiction, :documents (JSON list of document keys),
-- :due_from, :due_to (a window on deadline ends, leaving out mandates without one), :as_of, :soon_until, :status.
-- leads, coordinators: names joined by U+001F (graphbuild.queries splits and sorts them).
WITH roles(mandate, role) AS (
  SELECT e.v, CASE MIN(e.type = 'COORDINATES') WHEN 0 THEN 'lead' ELSE 'coordinator' END
    FROM json_each(:agencies) AS chosen
    JOIN edge e ON e.u = chosen.value AND e.type IN ('LEADS', 'COORDINATES')
   GROUP BY e.v),
picked AS (
  SELECT m.*, roles.role AS role,
         CASE WHEN COALESCE(m.recurring, '') != '' THEN 'recurring'
              WHEN m.due_end IS NULL THEN 'no-deadline'
              WHEN m.due_end < :as_of THEN 'past-deadline'
              WHEN m.due_end <= :soon_until THEN 'due-soon'
              ELSE 'not-yet-due' END AS state
    FROM node m
    LEFT JOIN roles ON roles.mandate = m.key
   WHERE m.label = 'Mandate'
     AND (:agencies IS NULL OR roles.role IS NOT NULL)
     AND (:documents IS NULL OR m.document IN (SELECT value FROM json_each(:documents)))
     AND ((:due_from IS NULL AND :due_to IS NULL)
          OR (m.due_end IS NOT NULL AND (:due_from IS NULL OR m.due_end >= :due_from)
                                    AND (:due_to IS NULL OR m.due_end <= :due_to))))
SELECT COALESCE(d.number, d.key) AS document, d.issuer AS issuer, j.name AS province, picked.section AS section,
       picked.line AS line, picked.text AS text, picked.role AS role,
       (SELECT group_concat(a.name, char(31)) FROM edge e JOIN node a ON a.key = e.u
         WHERE e.v = picked.key AND e.type = 'LEADS') AS leads,
       (SELECT group_concat(a.name, char(31)) FROM edge e JOIN node a ON a.key = e.u
         WHERE e.v = picked.key AND e.type = 'COORDINATES') AS coordinators,
       picked.due AS due, picked.due_text AS due_text, picked.due_end AS due_end, picked.state AS status,
       picked.source AS source, picked.key AS mandate
  FROM picked
  JOIN node d ON d.key = picked.document
  LEFT JOIN node j ON j.key = d.jurisdiction
 WHERE (:jurisdiction IS NULL OR d.jurisdiction = :jurisdiction)
   AND (:status IS NULL OR picked.state = :status)
 ORDER BY d.key, COALESCE(picked.line, 0), mandate
