/**
 * An in-memory {@link dev.greenroom.catalog.store.EntityStore}: {@link
 * dev.greenroom.catalog.store.memory.MemoryEntityStore}, for tests and small hosts. It holds the
 * relation graph in a jgrapht multigraph and an inverted search index for equality filters.
 */
@NullMarked
package dev.greenroom.catalog.store.memory;

import org.jspecify.annotations.NullMarked;
