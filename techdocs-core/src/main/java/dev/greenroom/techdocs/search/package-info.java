/** Search across every entity's docs, on a Lucene index fed from each site's search entries. */
@org.jspecify.annotations.NullMarked
package dev.greenroom.techdocs.search;
