-- Greenroom catalog store, schema version 4 (H2).
-- Facet counts kept in the write transaction (FacetCounts): per maintained key, per entity kind
-- (the kind's lower-cased search value, '' when it is null) and per original value, the number of
-- entities holding the value. Facets without a filter or under a kind filter are read from here.
CREATE TABLE gr_facet_keys (
  field_key VARCHAR(200) PRIMARY KEY
);
CREATE TABLE gr_facet_counts (
  field_key VARCHAR(200) NOT NULL,
  kind VARCHAR(255) NOT NULL,
  original_value VARCHAR(200) NOT NULL,
  n BIGINT NOT NULL,
  PRIMARY KEY (field_key, kind, original_value)
);
-- The keys Backstage's catalog UI asks facets of (FacetCounts.DEFAULT_KEYS); a store configured
-- with other keys changes this list when it opens.
INSERT INTO gr_facet_keys (field_key) VALUES
  ('kind'), ('metadata.namespace'), ('metadata.tags'), ('relations.ownedby'),
  ('spec.lifecycle'), ('spec.owner'), ('spec.type');
-- Counts of the entities already stored (the same statement as FacetCounts.FILL_SELECT).
INSERT INTO gr_facet_counts (field_key, kind, original_value, n)
  SELECT f.field_key, COALESCE(k.field_value, ''), f.original_value, COUNT(*)
  FROM gr_search f LEFT JOIN gr_search k ON k.entity_id = f.entity_id AND k.field_key = 'kind'
  WHERE f.original_value IS NOT NULL
  AND f.field_key IN (SELECT field_key FROM gr_facet_keys)
  GROUP BY f.field_key, COALESCE(k.field_value, ''), f.original_value;
