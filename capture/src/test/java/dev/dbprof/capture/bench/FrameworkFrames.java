package dev.dbprof.capture.bench;

import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * Stands for the framework frames between an application's method and the driver (Spring Data's
 * repository proxy, Spring's transaction interceptor, Hibernate's loaders and Hikari's proxy are
 * 40–70 frames in a Spring Boot application; see docs/capture.md).
 */
final class FrameworkFrames {

  static final int DEPTH = 60;

  private FrameworkFrames() {
  }

  static String select(int depth, PreparedStatement ps, int id) throws SQLException {
    return depth == 0 ? BenchSetup.select(ps, id) : select(depth - 1, ps, id);
  }
}
