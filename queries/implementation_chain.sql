-- implementation_chain: documents that carry out a document ("down": what implements it, through chains), or
-- that it carries out ("up"), with the shortest number of IMPLEMENTS steps (at most 8: queries.MAX_DEPTH).
-- Parameters: :documents (JSON list of the document keys the number names), :direction ('down' or 'up').
WITH RECURSIVE
  walk(root, key, depth) AS (
    SELECT value, value, 0 FROM json_each(:documents)
    UNION
    SELECT walk.root, e.u, walk.depth + 1
      FROM walk CROSS JOIN edge e ON e.v = walk.key AND e.type = 'IMPLEMENTS'
     WHERE :direction = 'down' AND walk.depth < 8
    UNION
    SELECT walk.root, e.v, walk.depth + 1
      FROM walk CROSS JOIN edge e ON e.u = walk.key AND e.type = 'IMPLEMENTS'
     WHERE :direction = 'up' AND walk.depth < 8)
SELECT walk.root AS root, COALESCE(d.number, d.key) AS document, d.kind AS kind, j.name AS province, d.date AS date,
       d.in_corpus AS "in_corpus [bool]", MIN(walk.depth) AS depth, d.key AS id
  FROM walk
  JOIN node d ON d.key = walk.key AND d.label = 'Document'
  LEFT JOIN node j ON j.key = d.jurisdiction
 WHERE walk.key != walk.root
 GROUP BY walk.root, walk.key
 ORDER BY root, depth, id
