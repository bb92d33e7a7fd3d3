-- coordination: agency pairs that share mandates, a lead with each coordinator ("lead-coordinator") and
-- coordinators with each other ("coordinator-coordinator", keys in order), with the shared mandates and documents.
-- Parameters: :jurisdiction (mandates of that province's documents), :min_count, :groups (catch-all groups too).
WITH pairs(a, b, relation, mandate) AS (
  SELECT l.u, c.u, 'lead-coordinator', c.v
    FROM edge c JOIN edge l ON l.v = c.v AND l.type = 'LEADS'
   WHERE c.type = 'COORDINATES' AND l.u != c.u
  UNION ALL
  SELECT c1.u, c2.u, 'coordinator-coordinator', c1.v
    FROM edge c1 JOIN edge c2 ON c2.v = c1.v AND c2.type = 'COORDINATES' AND c2.u > c1.u
   WHERE c1.type = 'COORDINATES'),
counted AS (
  SELECT pairs.a AS a, pairs.b AS b, pairs.relation AS relation, COUNT(DISTINCT pairs.mandate) AS mandates,
         COUNT(DISTINCT m.document) AS documents
    FROM pairs
    JOIN node m ON m.key = pairs.mandate AND m.label = 'Mandate'
    LEFT JOIN node d ON d.key = m.document
    JOIN node na ON na.key = pairs.a
    JOIN node nb ON nb.key = pairs.b
   WHERE (:jurisdiction IS NULL OR d.jurisdiction = :jurisdiction)
     AND (:groups OR (NOT COALESCE(na.is_group, 0) AND NOT COALESCE(nb.is_group, 0)))
   GROUP BY pairs.a, pairs.b, pairs.relation)
SELECT na.name AS agency_a, ja.name AS jurisdiction_a, nb.name AS agency_b, jb.name AS jurisdiction_b,
       counted.relation AS relation, counted.mandates AS mandates, counted.documents AS documents,
       counted.a AS id_a, counted.b AS id_b
  FROM counted
  JOIN node na ON na.key = counted.a
  JOIN node nb ON nb.key = counted.b
  LEFT JOIN node ja ON ja.key = na.jurisdiction
  LEFT JOIN node jb ON jb.key = nb.jurisdiction
 WHERE counted.mandates >= COALESCE(:min_count, 1)
 ORDER BY mandates DESC, relation, id_a, id_b
