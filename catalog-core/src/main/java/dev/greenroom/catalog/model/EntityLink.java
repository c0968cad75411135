package dev.greenroom.catalog.model;

import org.jspecify.annotations.Nullable;

/**
 * One entry of {@code metadata.links}.
 *
 * @param url the link target
 * @param title optional display title
 * @param icon optional icon key
 * @param type optional link type
 */
public record EntityLink(
    String url, @Nullable String title, @Nullable String icon, @Nullable String type) {}
