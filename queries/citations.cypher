// citations: what a document cites ('cites') and what cites it ('cited_by'), with the legal-basis flag
// (basis: cited after "Căn cứ"), the number of citations and whether the citing document also implements it.
// Parameters: $document (a number or a key).
MATCH (x:Document)
WHERE x.id = $document OR toLower(x.number) = toLower($document)
CALL {
  WITH x
  MATCH (x)-[r:REFERENCES]->(d:Document)
  RETURN d, r, 'cites' AS direction, size([(x)-[:IMPLEMENTS]->(d) | 1]) > 0 AS implements
  UNION
  WITH x
  MATCH (d:Document)-[r:REFERENCES]->(x)
  RETURN d, r, 'cited_by' AS direction, size([(d)-[:IMPLEMENTS]->(x) | 1]) > 0 AS implements
}
WITH x, d, r, direction, implements  // FalkorDB 4.16 fails on OPTIONAL MATCH right after CALL { ... UNION ... }
OPTIONAL MATCH (j:Jurisdiction {id: d.jurisdiction})
RETURN x.id AS root, direction, coalesce(d.number, d.id) AS document, d.kind AS kind, j.name AS province,
       d.date AS date, coalesce(d.in_corpus, false) AS in_corpus, coalesce(r.basis, false) AS basis,
       coalesce(r.count, 1) AS count, implements, d.id AS id
ORDER BY root, direction, id
