"""Scale-out to Neo4j: push the workspace graph, offline import files, analyses in Cypher.

Evidence and review status are **properties**, not Evidence nodes:

- relationships carry evidence as much as nodes do (who said 张三 works at 某公司, where), and
  a property graph cannot hang a node off a relationship without turning every relationship
  into a node, which would double the hops of every analysis query;
- the labels graphmap writes are the model's node kinds and nothing else; an Evidence label
  would be a second vocabulary beside :mod:`graphmap.model`;
- one element, one row: a push, a hash comparison and an import CSV line stay per element,
  which is what makes pushes idempotent and incremental cheaply;
- navigation by document is still there: Document nodes with their MENTIONS relationships,
  and ``evidence_docs`` (a string array) on every element.

So every node and relationship holds ``status`` (indexed on nodes), ``evidence`` (the full
list as JSON text, exact to the character span), ``evidence_docs`` and ``evidence_count``.
The price: a query cannot filter on a single evidence field (a confidence, an extractor)
without parsing the JSON; those questions go to the workspace, which keeps evidence in rows.

Modules: :mod:`~graphmap.neo4j.schema` (vocabulary, properties, statements),
:mod:`~graphmap.neo4j.push` (push, push state, read-back), :mod:`~graphmap.neo4j.files`
(neo4j-admin import CSVs, Cypher script), :mod:`~graphmap.neo4j.analyses` (coverage, gaps,
ego subgraph, expert recommendation in Cypher), :mod:`~graphmap.neo4j.connection` (driver,
capabilities), :mod:`~graphmap.neo4j.devserver` (ArcadeDB for tests and benchmarks).
"""
