package io.cachette;

import io.cachette.backend.Backend;
import io.cachette.backend.BackendProvider;
import io.cachette.backend.memory.MemoryBackend;
import io.cachette.url.CacheUrl;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Opens {@code recording://?id=<id>} for builder tests: a byte store (over a memory backend) that
 * records when it is opened and closed, so tests can see who owns a backend opened from a URL.
 */
public final class RecordingBackendProvider implements BackendProvider {
  private static final List<String> EVENTS = new CopyOnWriteArrayList<>();

  /** The events of one id, in order: {@code "open"} and {@code "close"}. */
  public static List<String> events(String id) {
    return EVENTS.stream().filter(e -> e.endsWith(" " + id)).map(e -> e.substring(0, e.indexOf(' ')))
        .toList();
  }

  @Override
  public Set<String> schemes() {
    return Set.of("recording");
  }

  @Override
  public Backend open(CacheUrl url) {
    String id = Objects.requireNonNull(url.params().string("id"), "recording:// needs ?id=");
    url.params().rejectUnknown("recording://");
    Backend memory = MemoryBackend.builder().build();
    EVENTS.add("open " + id);
    return (Backend) Proxy.newProxyInstance(Backend.class.getClassLoader(),
        new Class<?>[] {Backend.class}, (proxy, method, args) -> {
          switch (method.getName()) {
            case "close":
              EVENTS.add("close " + id);
              memory.close();
              return null;
            case "describe":
              return "recording://?id=" + id;
            case "storesObjects":
              return false;
            default:
              try {
                return method.invoke(memory, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
          }
        });
  }
}
