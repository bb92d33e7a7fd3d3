-- citations: what a document cites ("cites") and what cites it ("cited_by"), with the legal-basis flag, the number
-- of citations and whether the citing document also implements the cited one.
-- Parameters: :documents (JSON list of the document keys the number names).
WITH roots(root) AS (SELECT value FROM json_each(:documents)),
pairs(root, direction, citer, cited, other) AS (
  SELECT root, 'cited_by', e.u, e.v, e.u FROM roots CROSS JOIN edge e ON e.v = roots.root AND e.type = 'REFERENCES'
  UNION ALL
  SELECT root, 'cites', e.u, e.v, e.v FROM roots CROSS JOIN edge e ON e.u = roots.root AND e.type = 'REFERENCES')
SELECT pairs.root AS root, pairs.direction AS direction, COALESCE(d.number, d.key) AS document, d.kind AS kind,
       j.name AS province, d.date AS date, d.in_corpus AS "in_corpus [bool]", r.basis AS "basis [bool]",
       COALESCE(r.count, 1) AS count,
       EXISTS (SELECT 1 FROM edge i WHERE i.u = pairs.citer AND i.type = 'IMPLEMENTS' AND i.v = pairs.cited)
         AS "implements [bool]",
       pairs.other AS id
  FROM pairs
  JOIN edge r ON r.u = pairs.citer AND r.type = 'REFERENCES' AND r.v = pairs.cited
  JOIN node d ON d.key = pairs.other
  LEFT JOIN node j ON j.key = d.jurisdiction
 ORDER BY root, direction, id
