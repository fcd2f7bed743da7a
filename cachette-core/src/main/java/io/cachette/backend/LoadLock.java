package io.cachette.backend;

import java.util.concurrent.CompletableFuture;

/**
 * An optional capability of a backend shared by several processes: a lease per key, so that when
 * many processes miss the same key at once, one of them runs the loader while the others wait for
 * its value. {@link io.cachette.Cache#get(String, java.util.function.Function)} (and so
 * memoization) uses it when {@link Backend#loadLock()} returns one.
 *
 * <p>The protocol, as the cache runs it: take the lease; read the key again (a holder that has just
 * finished has stored the value); load and store only if still absent; release the lease. Leases
 * always expire, so a crashed holder delays the others by at most the lease time, never forever.
 *
 * <p>Implementations are thread-safe.
 */
public interface LoadLock {

  /**
   * Takes the lease for a key, waiting (bounded by the implementation) while another caller holds
   * it. Completes with an owned lease once this caller holds it, or with an unowned one when the
   * wait ran out; the caller then reads the key again and loads without the lease. Never completes
   * exceptionally: a store failure completes with an unowned lease.
   *
   * @param key the backend key the loaded value will be stored under
   */
  CompletableFuture<Lease> acquire(String key);

  /** A lease taken by {@link #acquire(String)}. */
  interface Lease {
    /** Whether this caller holds the lease (false when the wait ran out or the store failed). */
    boolean owned();

    /**
     * Gives the lease back, if owned and not yet expired or taken over; otherwise does nothing.
     * Never throws and does not wait for the store.
     */
    void release();
  }
}
