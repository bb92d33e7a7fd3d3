-- deadlines: mandates with a deadline (the end of its period in [:due_from, :due_to] when given), their status as
-- of :as_of (:status keeps one) and their lead agencies.
-- Parameters: :due_from, :due_to, :as_of, :soon_until, :status, :jurisdiction.
-- leads: the lead agencies' names joined by U+001F (graphbuild.queries splits and sorts them).
WITH due AS (
  SELECT m.*, CASE WHEN COALESCE(m.recurring, '') != '' THEN 'recurring'
                   WHEN m.due_end < :as_of THEN 'past-deadline'
                   WHEN m.due_end <= :soon_until THEN 'due-soon'
                   ELSE 'not-yet-due' END AS state
    FROM node m
   WHERE m.label = 'Mandate' AND m.due_end IS NOT NULL
     AND (:due_from IS NULL OR m.due_end >= :due_from) AND (:due_to IS NULL OR m.due_end <= :due_to))
SELECT due.due_end AS due_end, due.due AS due, due.state AS status, COALESCE(d.number, d.key) AS document,
       j.name AS province, due.section AS section,
       (SELECT group_concat(a.name, char(31)) FROM edge e JOIN node a ON a.key = e.u
         WHERE e.v = due.key AND e.type = 'LEADS') AS leads,
       due.text AS text, due.source AS source, due.line AS line, due.key AS mandate
  FROM due
  JOIN node d ON d.key = due.document
  LEFT JOIN node j ON j.key = d.jurisdiction
 WHERE (:jurisdiction IS NULL OR d.jurisdiction = :jurisdiction) AND (:status IS NULL OR due.state = :status)
 ORDER BY due_end, d.key, COALESCE(due.line, 0), mandate
