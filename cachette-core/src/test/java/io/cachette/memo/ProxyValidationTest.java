package io.cachette.memo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Invalid annotations and misuse fail when the proxy is built, naming the method. */
class ProxyValidationTest {
  private final Memoizer memo = Memoizer.builder().build();

  @AfterEach
  void close() {
    memo.close();
  }

  /** Builds a proxy whose methods all throw, only to see whether building succeeds. */
  @SuppressWarnings("unchecked")
  private <T> T proxy(Class<T> type) {
    Object target = java.lang.reflect.Proxy.newProxyInstance(type.getClassLoader(),
        new Class<?>[] {type}, (p, m, a) -> {
          throw new UnsupportedOperationException();
        });
    return memo.proxy(type, (T) target);
  }

  private void assertInvalid(Class<?> type, String method, String problem) {
    assertThatThrownBy(() -> proxy(type))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(type.getName() + "." + method)
        .hasMessageContaining(problem);
  }

  interface BadTtl {
    @Cached(ttl = "soon")
    String find(int id);
  }

  interface ZeroTtl {
    @Cached(ttl = "0s")
    String find(int id);
  }

  interface TypedAndGenerated {
    @Cached(typed = true, key = MemoFixtures.IdKey.class)
    String find(int id);
  }

  @Test
  void typedKeysAndAKeyGeneratorContradictEachOther() {
    assertInvalid(TypedAndGenerated.class, "find(int)", "typed does not apply");
  }

  @Test
  void aBadTtlIsReportedWithTheMethodAndTheAcceptedForms() {
    assertInvalid(BadTtl.class, "find(int)", "ttl 'soon' is not a duration");
    assertInvalid(BadTtl.class, "find(int)", "\"PT5M\"");
    assertInvalid(ZeroTtl.class, "find(int)", "must be positive");
  }

  abstract static class AbstractKeys implements KeyGenerator {}

  static final class KeysWithArgument implements KeyGenerator {
    KeysWithArgument(String prefix) {}

    @Override
    public String key(String method, List<@Nullable Object> arguments) {
      return "k";
    }
  }

  static final class ThrowingKeys implements KeyGenerator {
    ThrowingKeys() {
      throw new IllegalStateException("no config");
    }

    @Override
    public String key(String method, List<@Nullable Object> arguments) {
      return "k";
    }
  }

  interface AbstractGenerator {
    @Cached(key = AbstractKeys.class)
    String find(int id);
  }

  interface GeneratorWithoutDefaultConstructor {
    @Cached(key = KeysWithArgument.class)
    String find(int id);
  }

  interface GeneratorThatThrows {
    @Cached(key = ThrowingKeys.class)
    String find(int id);
  }

  @Test
  void aKeyGeneratorThatCannotBeMadeIsReported() {
    assertInvalid(AbstractGenerator.class, "find(int)", AbstractKeys.class.getName() + " is abstract");
    assertInvalid(GeneratorWithoutDefaultConstructor.class, "find(int)",
        "has no no-argument constructor");
    assertInvalid(GeneratorThatThrows.class, "find(int)", "its constructor threw");
  }

  interface VoidMethod {
    @Cached
    void refresh();
  }

  interface VoidFuture {
    @Cached
    CompletableFuture<Void> refresh();
  }

  interface PlainFuture {
    @Cached
    Future<String> find();
  }

  @Test
  void methodsWithNothingToCacheAreRefused() {
    assertInvalid(VoidMethod.class, "refresh()", "@Cached on a void method");
    assertInvalid(VoidFuture.class, "refresh()", "future holds no value");
    assertInvalid(PlainFuture.class, "find()", "only CompletableFuture and CompletionStage");
  }

  interface BothAnnotations {
    @Cached
    @CacheClear(namespaces = "users")
    String find(int id);
  }

  interface BadNamespace {
    @Cached(namespace = "users:v2")
    String find(int id);
  }

  interface EmptyNamespace {
    @Cached(namespace = "")
    String find(int id);
  }

  interface NoNamespacesToClear {
    @CacheClear(namespaces = {})
    void update();
  }

  interface BadNamespaceToClear {
    @CacheClear(namespaces = {"users", "a:b"})
    void update();
  }

  @Test
  void namespaceAndAnnotationMistakesAreReported() {
    assertInvalid(BothAnnotations.class, "find(int)", "choose one");
    assertInvalid(BadNamespace.class, "find(int)", "namespace must be non-empty and without ':'");
    assertInvalid(EmptyNamespace.class, "find(int)", "namespace must be non-empty");
    assertInvalid(NoNamespacesToClear.class, "update()", "names no namespaces");
    assertInvalid(BadNamespaceToClear.class, "update()", "'a:b'");
  }

  interface SwitchedByProperty {
    @Cached(enabled = "cachette.test.switch")
    String find(int id);
  }

  interface BadSwitchDefault {
    @Cached(enabled = "cachette.test.unset:sometimes")
    String find(int id);
  }

  @Test
  void theEnabledSwitchIsReadWhenTheProxyIsBuilt() {
    List<Integer> calls = new ArrayList<>();
    SwitchedByProperty target = id -> {
      calls.add(id);
      return "v" + id;
    };
    try {
      System.setProperty("cachette.test.switch", "off");
      SwitchedByProperty off = memo.proxy(SwitchedByProperty.class, target);
      System.setProperty("cachette.test.switch", "on");
      SwitchedByProperty on = memo.proxy(SwitchedByProperty.class, target);
      off.find(1);
      off.find(1);
      on.find(2);
      on.find(2);
      assertThat(calls).containsExactly(1, 1, 2);

      System.setProperty("cachette.test.switch", "maybe");
      assertInvalid(SwitchedByProperty.class, "find(int)", "cachette.test.switch='maybe'");
    } finally {
      System.clearProperty("cachette.test.switch");
    }
    assertInvalid(BadSwitchDefault.class, "find(int)", "must be true or false");
  }

  @Test
  void onlyInterfacesImplementedByTheTargetCanBeProxied() {
    assertThatThrownBy(() -> memo.proxy(ArrayList.class, new ArrayList<>()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("needs an interface")
        .hasMessageContaining("java.util.ArrayList is a class");

    @SuppressWarnings({"unchecked", "rawtypes"})
    Class<Object> runnable = (Class) Runnable.class;
    assertThatThrownBy(() -> memo.proxy(runnable, "not a runnable"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("java.lang.String, does not implement java.lang.Runnable");
  }

  interface Lookups {
    @Cached
    String find(Integer id);

    @Cached
    String find(Number id);

    @Cached
    String byName(String name);

    String uncached(int id);
  }

  @Test
  void purgeNeedsAProxyAndOneCachedMethodThatTakesTheArguments() {
    Lookups lookups = proxy(Lookups.class);

    assertThatThrownBy(() -> memo.purge("a string", "find", 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Not a memoizing proxy");
    assertThatThrownBy(() -> memo.purge(lookups, "uncached", 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("No @Cached method named 'uncached'")
        .hasMessageContaining("[find, byName]");
    assertThatThrownBy(() -> memo.purge(lookups, "byName", 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("No @Cached method byName").hasMessageContaining("takes (Integer)");
    assertThatThrownBy(() -> memo.purge(lookups, "find", 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("More than one");
    assertThat(memo.purge(lookups, "find", 1.5)).isFalse();
    assertThat(memo.purge(lookups, "byName", (Object) null)).isFalse();
  }
}
