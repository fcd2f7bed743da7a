package io.cachette.serial.gadget;

import java.util.concurrent.atomic.AtomicInteger;

/** The non-serializable superclass of {@link Gadget}: deserialization runs its constructor. */
public class GadgetBase {
  /** How many times this constructor ran. */
  public static final AtomicInteger CONSTRUCTIONS = new AtomicInteger();

  /** Counts each construction. */
  public GadgetBase() {
    CONSTRUCTIONS.incrementAndGet();
  }
}
