// implementation_chain: documents that carry out a document ("down"), or that it carries out ("up").
// Parameters: $document (a number or a key), $direction ('down' or 'up').
// depth: the shortest chain of IMPLEMENTS relationships, at most 8 (graphbuild.queries.MAX_DEPTH).
// No subquery: both directions are optional matches whose chains are collected, one of them empty.
MATCH (x:Document)
WHERE x.id = $document OR toLower(x.number) = toLower($document)
OPTIONAL MATCH down = (below:Document)-[:IMPLEMENTS*1..8]->(x)
WHERE $direction = 'down'
WITH x, collect({d: below, len: length(down)}) AS found
OPTIONAL MATCH up = (x)-[:IMPLEMENTS*1..8]->(above:Document)
WHERE $direction = 'up'
WITH x, found, collect({d: above, len: length(up)}) AS more  // FalkorDB 4.16: no list + aggregate in one WITH
UNWIND found + more AS f
WITH x, f.d AS d, min(f.len) AS depth
WHERE d IS NOT NULL AND d <> x
OPTIONAL MATCH (d)-[:IN_JURISDICTION]->(j:Jurisdiction)
RETURN x.id AS root, coalesce(d.number, d.id) AS document, d.kind AS kind, j.name AS province, toString(d.date) AS date,
       coalesce(d.in_corpus, false) AS in_corpus, depth, d.id AS id
ORDER BY root, depth, id
