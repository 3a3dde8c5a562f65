package dev.dbprof.internal.read.mysql;

import dev.dbprof.testing.EmbeddedMariaDbServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The shop workload through MariaDB Connector/J with known statement counts: an N+1 loop after a
 * list query, an unbatched insert loop inside a committed transaction, a clean counterpart (one
 * join, one multi-row insert), a multi-line statement, a failing statement, and a second session
 * that uses server-side prepared statements.
 */
final class MariaDbWorkload {

  static final int OWNERS = 10;

  /** Connection ids of the sessions the workload used, in order. */
  final List<Long> connectionIds = new ArrayList<>();

  void run(String url) throws SQLException {
    try (Connection c = EmbeddedMariaDbServer.connect(url)) {
      connectionIds.add(id(c));
      try (Statement s = c.createStatement()) {
        s.execute("create table owners (id int primary key, name varchar(50) not null)");
        s.execute("create table pets (id int primary key, owner_id int not null, name varchar(50) not null)");
        s.execute("create table visits (id int auto_increment primary key, pet_id int not null, note varchar(100))");
        s.execute("insert into owners values (1,'owner 1'),(2,'owner 2'),(3,'owner 3'),(4,'owner 4'),(5,'owner 5'),"
            + "(6,'owner 6'),(7,'owner 7'),(8,'owner 8'),(9,'owner 9'),(10,'owner 10')");
        s.execute("insert into pets select id, id, concat('pet ', id) from owners");
      }
      List<Integer> ownerIds = new ArrayList<>();
      try (Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("select id, name from owners order by id")) {
        while (rs.next()) {
          ownerIds.add(rs.getInt(1));
        }
      }
      try (PreparedStatement byOwner = c.prepareStatement("select id, name from pets where owner_id = ?")) {
        for (int id : ownerIds) {
          byOwner.setInt(1, id);
          try (ResultSet rs = byOwner.executeQuery()) {
            while (rs.next()) {
              rs.getString(2);
            }
          }
        }
      }
      c.setAutoCommit(false);
      try (PreparedStatement visit = c.prepareStatement("insert into visits (pet_id, note) values (?, ?)")) {
        for (int i = 1; i <= 10; i++) {
          visit.setInt(1, i);
          visit.setString(2, i == 3 ? "it's\nmulti-line" : "visit " + i);
          visit.executeUpdate();
        }
      }
      c.commit();
      c.setAutoCommit(true);
      try (Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("select o.name,\n       count(p.id) as pets\n  from owners o\n"
              + "  join pets p on p.owner_id = o.id\n group by o.name\n order by o.name")) {
        while (rs.next()) {
          rs.getString(1);
        }
      }
      try (Statement s = c.createStatement()) {
        s.executeQuery("select * from no_such_table");
      } catch (SQLException expected) {
        // the failure is what the log should show
      }
    }
    try (Connection c = DriverManager.getConnection(url + "?useServerPrepStmts=true", "root", "")) {
      connectionIds.add(id(c));
      try (PreparedStatement p = c.prepareStatement("select count(*) from visits where pet_id = ?")) {
        for (int i = 1; i <= 3; i++) {
          p.setInt(1, i);
          try (ResultSet rs = p.executeQuery()) {
            rs.next();
          }
        }
      }
    }
  }

  private static long id(Connection c) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select connection_id()")) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
