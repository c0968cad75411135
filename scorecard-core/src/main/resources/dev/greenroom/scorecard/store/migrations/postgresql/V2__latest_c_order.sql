-- Bulk reads of the latest facts walk key ranges of sorted refs; ranges need an order that matches
-- Java's String order, which the C collation gives for the ASCII refs.
CREATE INDEX gr_fact_latest_entity_c ON gr_fact_latest ((entity COLLATE "C"), id);
