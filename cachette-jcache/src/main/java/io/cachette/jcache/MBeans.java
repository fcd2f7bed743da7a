package io.cachette.jcache;

import java.lang.management.ManagementFactory;
import javax.cache.CacheException;
import javax.management.InstanceAlreadyExistsException;
import javax.management.InstanceNotFoundException;
import javax.management.MBeanRegistrationException;
import javax.management.MBeanServer;
import javax.management.MalformedObjectNameException;
import javax.management.NotCompliantMBeanException;
import javax.management.ObjectName;

/**
 * Registers the MXBeans of JCache caches in the platform MBean server under the names JSR-107
 * gives them: {@code javax.cache:type=CacheConfiguration|CacheStatistics,CacheManager=<uri>,
 * Cache=<name>}, with {@code , : = "} and line breaks in the URI and name replaced by {@code .}.
 */
final class MBeans {
  static final String CONFIGURATION = "CacheConfiguration";
  static final String STATISTICS = "CacheStatistics";

  private MBeans() {}

  static ObjectName name(String type, String managerUri, String cacheName) {
    try {
      return new ObjectName("javax.cache:type=" + type + ",CacheManager=" + sanitize(managerUri)
          + ",Cache=" + sanitize(cacheName));
    } catch (MalformedObjectNameException e) {
      throw new CacheException("cannot name the MXBean of cache " + cacheName, e);
    }
  }

  private static String sanitize(String text) {
    return text.replaceAll("[,:=\"\n]", ".");
  }

  static void register(Object bean, ObjectName name) {
    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    try {
      if (!server.isRegistered(name)) {
        server.registerMBean(bean, name);
      }
    } catch (InstanceAlreadyExistsException e) {
      // registered by a concurrent call for the same cache: nothing to do
    } catch (MBeanRegistrationException | NotCompliantMBeanException e) {
      throw new CacheException("cannot register the MXBean " + name, e);
    }
  }

  static void unregister(ObjectName name) {
    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    try {
      if (server.isRegistered(name)) {
        server.unregisterMBean(name);
      }
    } catch (InstanceNotFoundException e) {
      // unregistered by a concurrent call: nothing to do
    } catch (MBeanRegistrationException e) {
      throw new CacheException("cannot unregister the MXBean " + name, e);
    }
  }
}
