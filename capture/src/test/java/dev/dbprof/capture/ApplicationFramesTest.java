package dev.dbprof.capture;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The default guess of which frames are the application's, with no dbprof.appPackages set. */
class ApplicationFramesTest {

  private final CallSiteFinder guess = new CallSiteFinder(List.of());

  @ParameterizedTest
  @ValueSource(strings = {
      // Spring's own sample applications live under org.springframework
      "org.springframework.samples.petclinic.owner.OwnerController",
      "org.springframework.samples.petclinic.rest.controller.OwnerRestController",
      "com.acme.shop.OrderService", "dev.dbprof.examples.NaiveJdbcShop"})
  void applicationClassesAreTheApplications(String className) {
    assertThat(guess.isApplication(className)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "org.springframework.data.jpa.repository.support.SimpleJpaRepository",
      "org.springframework.jdbc.core.JdbcTemplate",
      "org.springframework.orm.jpa.SharedEntityManagerCreator$SharedEntityManagerInvocationHandler",
      "org.springframework.transaction.interceptor.TransactionInterceptor",
      "org.springframework.aop.framework.ReflectiveMethodInvocation",
      "org.springframework.web.servlet.FrameworkServlet",
      "org.springframework.boot.SpringApplication",
      "org.apache.catalina.core.ApplicationFilterChain",
      "org.apache.tomcat.util.net.NioEndpoint$SocketProcessor",
      "org.thymeleaf.engine.ProcessorTemplateHandler",
      "org.hibernate.engine.jdbc.internal.ResultSetReturnImpl",
      "com.zaxxer.hikari.pool.ProxyPreparedStatement",
      "com.acme.shop.OrderService$$SpringCGLIB$$0"})
  void frameworksContainersAndProxiesAreNot(String className) {
    assertThat(guess.isApplication(className)).isFalse();
  }
}
