// Catalog: domain value types and the streaming, schema-validated XML ingest.
