/**
 * Entity validation as Backstage's catalog does it: the envelope check, the default policy chain
 * (schema-valid envelope, default namespace, no foreign root fields, field formats), the kind
 * schemas (Component, API, Resource, System, Domain, Group, User, Location and the scaffolder's
 * Template), and the built-in relation references. {@link
 * dev.greenroom.catalog.validation.EntityValidator} is the entry point; {@link
 * dev.greenroom.catalog.validation.EntityPolicy}, {@link
 * dev.greenroom.catalog.validation.KindValidator} and {@link
 * dev.greenroom.catalog.validation.FieldValidator} are the plug-in points.
 */
@NullMarked
package dev.greenroom.catalog.validation;

import org.jspecify.annotations.NullMarked;
