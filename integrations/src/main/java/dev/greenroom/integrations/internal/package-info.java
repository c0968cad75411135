/** Not API: tar and zip archive reading with limits and HTTP with redacted errors, shared by the SCM readers. */
@NullMarked
package dev.greenroom.integrations.internal;

import org.jspecify.annotations.NullMarked;
