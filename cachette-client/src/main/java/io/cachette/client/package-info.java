/**
 * Declarative HTTP API clients: annotate an interface with Retrofit's names ({@link
 * io.cachette.client.GET @GET}, {@link io.cachette.client.Path @Path}, {@link
 * io.cachette.client.Query @Query}...), make it with {@link io.cachette.client.ApiClient#builder()},
 * and cache GET results with {@link io.cachette.client.Memoize @Memoize}, stored through a
 * {@link io.cachette.Cache}. Requests go through {@code java.net.http.HttpClient}; bodies are read
 * and written by Jackson.
 */
@NullMarked
package io.cachette.client;

import org.jspecify.annotations.NullMarked;
