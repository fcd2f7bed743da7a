package io.cachette.serial.gadget;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in for a deserialization gadget: a Serializable class off every allow-list whose reading
 * has side effects. Reading one runs {@link GadgetBase}'s constructor (the first non-serializable
 * superclass) and then {@link #readObject}; both count, so a test can prove neither ran.
 */
public class Gadget extends GadgetBase implements Serializable {
  /** How many times {@link #readObject} ran. */
  public static final AtomicInteger READS = new AtomicInteger();

  /** A field whose value travels through the stream. */
  public String command;

  /** Creates a gadget carrying a command. */
  public Gadget(String command) {
    this.command = command;
  }

  /** Resets both side-effect counters. */
  public static void resetCounters() {
    READS.set(0);
    CONSTRUCTIONS.set(0);
  }

  private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
    READS.incrementAndGet();
    in.defaultReadObject();
  }
}
