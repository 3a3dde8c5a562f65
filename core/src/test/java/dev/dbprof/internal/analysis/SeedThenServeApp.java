package dev.dbprof.internal.analysis;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * A small application run in a child JVM through the {@code jdbc:dbprof:} capture: at start-up the
 * main thread runs a schema script and a {@code data.sql}-like seed of literal INSERTs (as
 * Spring's ScriptUtils does), then two requests run on server threads: one with an N+1 loop, one
 * clean. Arguments: the wrapped JDBC URL and the capture file.
 */
public final class SeedThenServeApp {

  private SeedThenServeApp() {}

  public static void main(String[] args) throws Exception {
    System.setProperty("dbprof.out", args[1]);
    System.setProperty("dbprof.params", "raw");
    String url = args[0];
    try (Connection c = DriverManager.getConnection(url, "postgres", ""); Statement s = c.createStatement()) {
      s.execute("create table owners (id int primary key, name text not null)");
      s.execute("create table pets (id int primary key, owner_id int not null references owners, name text not null)");
      for (int i = 1; i <= 12; i++) {
        s.execute("insert into owners (id, name) values (" + i + ", 'owner " + i + "')");
      }
      for (int i = 1; i <= 24; i++) {
        s.execute("insert into pets (id, owner_id, name) values (" + i + ", " + (1 + i % 12) + ", 'pet " + i + "')");
      }
    }
    Thread loop = new Thread(() -> request(url, true), "http-nio-8080-exec-1");
    loop.start();
    loop.join();
    Thread.sleep(300);
    Thread clean = new Thread(() -> request(url, false), "http-nio-8080-exec-2");
    clean.start();
    clean.join();
    System.out.println("done");
  }

  private static void request(String url, boolean nPlusOne) {
    try (Connection c = DriverManager.getConnection(url, "postgres", "")) {
      if (!nPlusOne) {
        try (Statement s = c.createStatement();
            ResultSet rs = s.executeQuery("select o.id, p.name from owners o join pets p on p.owner_id = o.id")) {
          while (rs.next()) {
            rs.getString(2);
          }
        }
        return;
      }
      List<Integer> owners = new ArrayList<>();
      try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select id, name from owners order by id")) {
        while (rs.next()) {
          owners.add(rs.getInt(1));
        }
      }
      try (PreparedStatement p = c.prepareStatement("select id, name from pets where owner_id = ?")) {
        for (int owner : owners) {
          p.setInt(1, owner);
          try (ResultSet rs = p.executeQuery()) {
            while (rs.next()) {
              rs.getString(2);
            }
          }
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
