/** What the publishing actions share and is not API: settings and the base action. */
@NullMarked
package dev.greenroom.scaffolder.publish.internal;

import org.jspecify.annotations.NullMarked;
