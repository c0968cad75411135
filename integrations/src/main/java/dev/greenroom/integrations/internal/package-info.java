/** Not API: tar archive reading with limits, shared by the SCM readers. */
@NullMarked
package dev.greenroom.integrations.internal;

import org.jspecify.annotations.NullMarked;
