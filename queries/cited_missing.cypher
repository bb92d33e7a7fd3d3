// cited_missing: documents cited but not in the corpus, ranked by distinct citing documents, then citations.
// Parameters: $top (null: all).
// citing: documents that reference it, or whose mandates mention it; citations: the REFERENCES counts summed;
// mandates: the mandates that mention it.
MATCH (x:Document)
WHERE NOT coalesce(x.in_corpus, false)
OPTIONAL MATCH (c:Document)-[r:REFERENCES]->(x)
WITH x, collect(c.id) AS referrers, sum(CASE WHEN r IS NULL THEN 0 ELSE coalesce(r.count, 1) END) AS citations
OPTIONAL MATCH (m:Mandate)-[:MENTIONS]->(x)
OPTIONAL MATCH (m)-[:PART_OF]->(md:Document)
WITH x, referrers, citations, collect(DISTINCT m.id) AS mentioning, collect(md.id) AS mentioners
WHERE size(referrers) + size(mentioning) > 0
UNWIND referrers + mentioners AS citer
WITH x, citations, size(mentioning) AS mandates, count(DISTINCT citer) AS citing
OPTIONAL MATCH (x)-[:IN_JURISDICTION]->(j:Jurisdiction)
WITH coalesce(x.number, x.id) AS document, x.kind AS kind, j.name AS province, toString(x.date) AS date, citing, citations,
     mandates, x.id AS id
ORDER BY citing DESC, citations DESC, id
WITH collect({document: document, kind: kind, province: province, date: date, citing: citing,
              citations: citations, mandates: mandates, id: id}) AS rows
UNWIND rows[0..coalesce($top, size(rows))] AS row
RETURN row.document AS document, row.kind AS kind, row.province AS province, row.date AS date,
       row.citing AS citing, row.citations AS citations, row.mandates AS mandates, row.id AS id
