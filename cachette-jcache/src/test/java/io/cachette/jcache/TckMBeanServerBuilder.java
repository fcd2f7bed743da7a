package io.cachette.jcache;

import javax.management.MBeanServer;
import javax.management.MBeanServerBuilder;
import javax.management.MBeanServerDelegate;

/**
 * The MBean server builder the TCK run names in {@code javax.management.builder.initial}: the
 * platform server it builds answers to the agent id the TCK looks MBean servers up by
 * ({@code org.jsr107.tck.management.agentId}), so the TCK finds the server where the provider
 * registers its MXBeans.
 */
public final class TckMBeanServerBuilder extends MBeanServerBuilder {
  @Override
  public MBeanServer newMBeanServer(String defaultDomain, MBeanServer outer,
      MBeanServerDelegate delegate) {
    return super.newMBeanServer(defaultDomain, outer, new AgentIdDelegate());
  }

  @Override
  public MBeanServerDelegate newMBeanServerDelegate() {
    return new AgentIdDelegate();
  }

  /** A delegate whose agent id is the one the TCK asks for. */
  static final class AgentIdDelegate extends MBeanServerDelegate {
    @Override
    public String getMBeanServerId() {
      return System.getProperty("org.jsr107.tck.management.agentId", "CachetteMBeanServer");
    }
  }
}
