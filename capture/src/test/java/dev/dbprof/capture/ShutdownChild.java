package dev.dbprof.capture;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;

/** Run by ShutdownTest in its own JVM: statements, then exit without flushing or closing. */
public final class ShutdownChild {

  private ShutdownChild() {
  }

  public static void main(String[] args) throws Exception {
    int statements = Integer.parseInt(args[0]);
    Connection c = DriverManager.getConnection("jdbc:dbprof:h2:mem:child");
    PreparedStatement ps = c.prepareStatement("select ?");
    for (int i = 0; i < statements; i++) {
      ps.setInt(1, i);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
      }
    }
    System.out.println("done");
    // No close, no Capture.flush(): the shutdown hook must write everything.
  }
}
