/**
 * Spring Boot auto-configuration for Cachette: {@link
 * io.cachette.spring.boot.CachetteAutoConfiguration} makes a Boot application's caches Cachette
 * caches, configured by {@link io.cachette.spring.boot.CachetteProperties} ({@code cachette.*}).
 */
@NullMarked
package io.cachette.spring.boot;

import org.jspecify.annotations.NullMarked;
