#!/usr/bin/env node
// Validate Cypher statements with Neo4j's own parser (@neo4j-cypher/language-support), offline.
//
// Input on stdin: a JSON array whose items are statement strings or {"name", "statement"}
// objects. Output on stdout: a JSON array of {name, errors: [{message, line, column}]} for the
// statements with syntax errors. Exit 0 when every statement parses, 1 when one does not,
// 2 when the input itself is unusable. Warnings (deprecations, unknown labels) are not errors.
import { isNotParamError, lintCypherQuery } from '@neo4j-cypher/language-support';

const ERROR = 1; // LSP DiagnosticSeverity.Error

async function readStdin() {
  const chunks = [];
  for await (const chunk of process.stdin) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}

function asItems(parsed) {
  if (!Array.isArray(parsed)) throw new Error('expected a JSON array of statements');
  return parsed.map((item, index) => {
    if (typeof item === 'string') return { name: `#${index}`, statement: item };
    if (item && typeof item.statement === 'string') {
      return { name: String(item.name ?? `#${index}`), statement: item.statement };
    }
    throw new Error(`item ${index} is neither a string nor {name, statement}`);
  });
}

let items;
try {
  items = asItems(JSON.parse(await readStdin()));
} catch (error) {
  process.stderr.write(`cypher-lint: ${error.message}\n`);
  process.exit(2);
}

const failures = [];
for (const { name, statement } of items) {
  const { diagnostics } = lintCypherQuery(statement, {});
  const errors = diagnostics
    // Parameters are supplied at run time, so an unknown $param is not an error here.
    .filter((d) => d.severity === ERROR && isNotParamError(d))
    .map((d) => ({
      message: d.message,
      line: d.range.start.line + 1,
      column: d.range.start.character + 1,
    }));
  if (errors.length) failures.push({ name, errors });
}
process.stdout.write(JSON.stringify(failures, null, 1) + '\n');
process.stderr.write(`cypher-lint: ${items.length} statements, ${failures.length} with errors\n`);
process.exit(failures.length ? 1 : 0);
