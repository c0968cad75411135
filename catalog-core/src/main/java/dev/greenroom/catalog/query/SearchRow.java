package dev.greenroom.catalog.query;

import org.jspecify.annotations.Nullable;

/**
 * One row of the flattened search index of an entity, as Backstage's {@code search} table holds
 * it.
 *
 * @param key the lower-cased dotted path, for example {@code spec.owner} or {@code relations.ownedby}
 * @param value the lower-cased value, or null when the value is null or longer than 200 characters
 * @param originalValue the value as written ({@code String(value)}), or null like {@code value}
 */
public record SearchRow(String key, @Nullable String value, @Nullable String originalValue) {}
