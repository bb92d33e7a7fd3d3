-- agency_load: agencies ranked by the mandates they lead and coordinate, with the status of those mandates.
-- Parameters: :jurisdiction (a province's key), :documents (JSON list of document keys), :due_from, :due_to (a
-- window on the end of the deadline's period, leaving out mandates without one), :as_of and :soon_until (the
-- status: queries.mandate_status), :groups (count catch-all groups too), :top.
WITH counted AS (
  SELECT m.key, m.document, m.due_end,
         CASE WHEN COALESCE(m.recurring, '') != '' THEN 'recurring'
              WHEN m.due_end IS NULL THEN 'no-deadline'
              WHEN m.due_end < :as_of THEN 'past-deadline'
              WHEN m.due_end <= :soon_until THEN 'due-soon'
              ELSE 'not-yet-due' END AS status
    FROM node m
    LEFT JOIN node d ON d.key = m.document
   WHERE m.label = 'Mandate'
     AND (:jurisdiction IS NULL OR d.jurisdiction = :jurisdiction)
     AND (:documents IS NULL OR m.document IN (SELECT value FROM json_each(:documents)))
     AND ((:due_from IS NULL AND :due_to IS NULL)
          OR (m.due_end IS NOT NULL AND (:due_from IS NULL OR m.due_end >= :due_from)
                                    AND (:due_to IS NULL OR m.due_end <= :due_to)))),
load AS (
  SELECT e.u AS agency, SUM(e.type = 'LEADS') AS led, SUM(e.type = 'COORDINATES') AS coordinated,
         COUNT(DISTINCT c.document) AS documents,
         SUM(c.status = 'past-deadline') AS past_deadline, SUM(c.status = 'due-soon') AS due_soon,
         SUM(c.status = 'not-yet-due') AS not_yet_due, SUM(c.status = 'recurring') AS recurring,
         SUM(c.status = 'no-deadline') AS no_deadline,
         MIN(CASE WHEN c.due_end >= :as_of THEN c.due_end END) AS next_due
    FROM counted c
    JOIN edge e ON e.v = c.key AND e.type IN ('LEADS', 'COORDINATES')
    JOIN node a ON a.key = e.u
   WHERE :groups OR NOT COALESCE(a.is_group, 0)
   GROUP BY e.u)
SELECT a.name AS agency, j.name AS jurisdiction, a.kind AS kind, load.led AS led, load.coordinated AS coordinated,
       load.led + load.coordinated AS total, load.documents AS documents, load.past_deadline AS past_deadline,
       load.due_soon AS due_soon, load.not_yet_due AS not_yet_due, load.recurring AS recurring,
       load.no_deadline AS no_deadline, load.next_due AS next_due, load.agency AS id
  FROM load
  JOIN node a ON a.key = load.agency
  LEFT JOIN node j ON j.key = a.jurisdiction
 ORDER BY total DESC, led DESC, id
 LIMIT COALESCE(:top, -1)
