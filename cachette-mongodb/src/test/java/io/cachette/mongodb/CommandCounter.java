package io.cachette.mongodb;

import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Counts the commands a client sends, by name, to check how many round trips an operation takes. */
final class CommandCounter implements CommandListener {
  private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();

  @Override
  public void commandStarted(CommandStartedEvent event) {
    counts.computeIfAbsent(event.getCommandName(), name -> new AtomicInteger()).incrementAndGet();
  }

  /** How many commands of this name were sent since the last {@link #reset()}. */
  int count(String command) {
    AtomicInteger count = counts.get(command);
    return count == null ? 0 : count.get();
  }

  /** The number of commands sent, of every name except the driver's own handshakes. */
  int total() {
    return counts.entrySet().stream()
        .filter(e -> !e.getKey().equals("hello") && !e.getKey().equals("isMaster"))
        .mapToInt(e -> e.getValue().get()).sum();
  }

  void reset() {
    counts.clear();
  }
}
