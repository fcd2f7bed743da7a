/**
 * The JDBC backends: {@code sqlite://} (the embedded, persistent default), {@code postgresql://} and
 * {@code mariadb://} / {@code mysql://}, all one {@link io.cachette.jdbc.JdbcBackend} over a small
 * dialect per database.
 */
@NullMarked
package io.cachette.jdbc;

import org.jspecify.annotations.NullMarked;
