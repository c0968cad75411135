/** Backstage's permission backend: {@code POST /api/permission/authorize} over the policy. */
@NullMarked
package dev.greenroom.http.permission;

import org.jspecify.annotations.NullMarked;
