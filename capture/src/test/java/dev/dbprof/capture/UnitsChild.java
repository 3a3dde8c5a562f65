package dev.dbprof.capture;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

/** Run by {@link UnitsTest} in a JVM without the OpenTelemetry API: a statement, then one in a unit. */
public final class UnitsChild {

  private UnitsChild() {
  }

  public static void main(String[] args) throws Exception {
    try {
      Class.forName("io.opentelemetry.api.trace.Span");
      System.out.println("OpenTelemetry is on the class path");
    } catch (ClassNotFoundException expected) {
      System.out.println("no OpenTelemetry");
    }
    try (Connection c = DriverManager.getConnection("jdbc:dbprof:h2:mem:units_child");
        Statement st = c.createStatement()) {
      st.execute("select 1");
      try (Units.Scope unit = Units.begin("child")) {
        st.execute("select 2");
      }
    }
    System.out.println("traces available: " + Traces.available());
    Capture.closeAll();
  }
}
