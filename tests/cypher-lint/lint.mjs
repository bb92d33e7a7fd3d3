// Reads a JSON list of {name, query, parameters} on stdin; prints a JSON list of {name, severity, message, line,
// column} for every diagnostic of Neo4j's Cypher linter (@neo4j-cypher/language-support, `lintCypherQuery`),
// with the Cypher version of Neo4j 5 ("CYPHER 5"). Severity 1 is an error, 2 a warning (deprecations).
import { createRequire } from 'module';

const require = createRequire(import.meta.url);
const { lintCypherQuery } = require('@neo4j-cypher/language-support');

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const statements = JSON.parse(Buffer.concat(chunks).toString('utf8'));
const out = [];
for (const { name, query, parameters } of statements) {
  const schema = { defaultLanguage: 'CYPHER 5', parameters: Object.fromEntries((parameters || []).map((p) => [p, null])) };
  for (const d of lintCypherQuery(query, schema)) {
    out.push({ name, severity: d.severity, message: d.message, line: d.range.start.line, column: d.range.start.character });
  }
}
process.stdout.write(JSON.stringify(out));
