// implementation_chain: documents that carry out a document ("down"), or that it carries out ("up").
// Parameters: $document (a number or a key), $direction ('down' or 'up').
// depth: the shortest chain of IMPLEMENTS relationships, at most 8 (graphbuild.queries.MAX_DEPTH).
MATCH (x:Document)
WHERE x.id = $document OR toLower(x.number) = toLower($document)
CALL {
  WITH x
  MATCH p = (d:Document)-[:IMPLEMENTS*1..8]->(x)
  WHERE $direction = 'down'
  RETURN d, length(p) AS len
  UNION
  WITH x
  MATCH p = (x)-[:IMPLEMENTS*1..8]->(d:Document)
  WHERE $direction = 'up'
  RETURN d, length(p) AS len
}
WITH x, d, min(len) AS depth
WHERE d <> x
OPTIONAL MATCH (j:Jurisdiction {id: d.jurisdiction})
RETURN x.id AS root, coalesce(d.number, d.id) AS document, d.kind AS kind, j.name AS province, d.date AS date,
       coalesce(d.in_corpus, false) AS in_corpus, depth, d.id AS id
ORDER BY root, depth, id
