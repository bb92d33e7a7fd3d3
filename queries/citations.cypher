// citations: what a document cites ('cites') and what cites it ('cited_by'), with the legal-basis flag
// (basis: cited after "Căn cứ"), the number of citations and whether the citing document also implements it.
// Parameters: $document (a number or a key).
// No subquery: one undirected match, the direction read from the relationship (FalkorDB runs neither CALL () { }
// nor EXISTS { }; a pattern comprehension tells whether the citing document implements the cited one).
MATCH (x:Document)
WHERE x.id = $document OR toLower(x.number) = toLower($document)
MATCH (x)-[r:REFERENCES]-(d:Document)
WITH x, d, r, startNode(r) AS citer, endNode(r) AS cited
WITH x, d, r, CASE WHEN citer = x THEN 'cites' ELSE 'cited_by' END AS direction,
     size([(citer)-[:IMPLEMENTS]->(cited) | 1]) > 0 AS implements
OPTIONAL MATCH (d)-[:IN_JURISDICTION]->(j:Jurisdiction)
RETURN x.id AS root, direction, coalesce(d.number, d.id) AS document, d.kind AS kind, j.name AS province,
       toString(d.date) AS date, coalesce(d.in_corpus, false) AS in_corpus, coalesce(r.basis, false) AS basis,
       coalesce(r.count, 1) AS count, implements, d.id AS id
ORDER BY root, direction, id
