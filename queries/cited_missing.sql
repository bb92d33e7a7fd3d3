-- cited_missing: documents cited but not in the corpus, ranked by the documents that cite them (references, or
-- mandates that name them), then by citations (the counts of the REFERENCES edges), then by key.
-- Parameters: :top.
WITH hits(x, citer, n, mandate) AS (
  SELECT e.v, e.u, COALESCE(e.count, 1), NULL FROM edge e WHERE e.type = 'REFERENCES'
  UNION ALL
  SELECT e.v, m.document, 0, e.u FROM edge e JOIN node m ON m.key = e.u AND m.label = 'Mandate'
   WHERE e.type = 'MENTIONS')
SELECT COALESCE(d.number, d.key) AS document, d.kind AS kind, j.name AS province, d.date AS date,
       COUNT(DISTINCT hits.citer) AS citing, SUM(hits.n) AS citations, COUNT(DISTINCT hits.mandate) AS mandates,
       d.key AS id
  FROM hits
  JOIN node d ON d.key = hits.x AND d.label = 'Document' AND NOT d.in_corpus
  LEFT JOIN node j ON j.key = d.jurisdiction
 GROUP BY d.key
 ORDER BY citing DESC, citations DESC, id
 LIMIT COALESCE(:top, -1)
