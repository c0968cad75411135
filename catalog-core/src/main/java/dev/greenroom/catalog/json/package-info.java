/** JSON plumbing shared by the catalog: the configured mapper, stable text and hashes. */
@NullMarked
package dev.greenroom.catalog.json;

import org.jspecify.annotations.NullMarked;
