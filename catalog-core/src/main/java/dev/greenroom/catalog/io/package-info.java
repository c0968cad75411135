/**
 * Reading and writing catalog files: {@link dev.greenroom.catalog.io.EntityYamlReader} turns
 * multi-document YAML (and JSON) into {@link dev.greenroom.catalog.io.RawDocument}s with line
 * numbers, under size, depth, alias and document-count limits; {@link
 * dev.greenroom.catalog.io.EntityWriter} writes entities back as YAML or JSON. Nothing here
 * validates entities: that is {@code dev.greenroom.catalog.validation}.
 */
@NullMarked
package dev.greenroom.catalog.io;

import org.jspecify.annotations.NullMarked;
