package dev.dbprof.internal.read.pg;

import dev.dbprof.testing.EmbeddedPostgresServer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * A small shop workload driven through pgjdbc with known statement counts: a batch, an N+1 loop
 * that crosses pgjdbc's prepareThreshold (so it switches to the named statement S_n), an
 * unbatched insert loop, a multi-line statement, a failing statement, a committed and a
 * rolled-back transaction, and one statement over the simple query protocol.
 */
final class PgWorkload {

  static final int OWNERS = 10;
  static final String PETS_BY_OWNER = "select id, name from pets where owner_id = ?";
  static final String INSERT_VISIT = "insert into visits (pet_id, note) values (?, ?)";
  static final String MULTI_LINE = "select o.name,\n       count(p.id) as pets\n  from owners o\n  join pets p on p.owner_id = o.id\n group by o.name\n order by o.name";
  static final String FAILING = "select * from no_such_table";
  static final String SIMPLE = "select count(*) from visits where note <> 'it''s'";

  /** Backend process ids of the two sessions the workload used, in order. */
  final List<Integer> backendPids = new ArrayList<>();

  void run(String url) throws SQLException {
    try (Connection c = EmbeddedPostgresServer.connect(url)) {
      backendPids.add(pid(c));
      try (Statement s = c.createStatement()) {
        s.execute("create table owners (id int primary key, name text not null)");
        s.execute("create table pets (id int primary key, owner_id int not null, name text not null)");
        s.execute("create table visits (id serial primary key, pet_id int not null, note text)");
      }
      try (PreparedStatement owners = c.prepareStatement("insert into owners (id, name) values (?, ?)")) {
        for (int i = 1; i <= OWNERS; i++) {
          owners.setInt(1, i);
          owners.setString(2, "owner " + i);
          owners.addBatch();
        }
        owners.executeBatch();
      }
      try (PreparedStatement pets = c.prepareStatement("insert into pets (id, owner_id, name) values (?, ?, ?)")) {
        for (int i = 1; i <= OWNERS * 2; i++) {
          pets.setInt(1, i);
          pets.setInt(2, (i + 1) / 2);
          pets.setString(3, "pet " + i);
          pets.addBatch();
        }
        pets.executeBatch();
      }
      // N+1: one list query, then one query per owner
      List<Integer> ownerIds = new ArrayList<>();
      try (Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("select id, name from owners order by id")) {
        while (rs.next()) {
          ownerIds.add(rs.getInt(1));
        }
      }
      try (PreparedStatement byOwner = c.prepareStatement(PETS_BY_OWNER)) {
        for (int id : ownerIds) {
          byOwner.setInt(1, id);
          try (ResultSet rs = byOwner.executeQuery()) {
            while (rs.next()) {
              rs.getString(2);
            }
          }
        }
      }
      // unbatched writes inside a committed transaction
      c.setAutoCommit(false);
      try (PreparedStatement visit = c.prepareStatement(INSERT_VISIT)) {
        for (int i = 1; i <= 10; i++) {
          visit.setInt(1, i);
          visit.setString(2, i == 3 ? "it's\nmulti-line" : "visit " + i);
          visit.executeUpdate();
        }
      }
      c.commit();
      try (Statement s = c.createStatement()) {
        s.executeUpdate("delete from visits where pet_id = 1");
      }
      c.rollback();
      c.setAutoCommit(true);
      try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(MULTI_LINE)) {
        while (rs.next()) {
          rs.getString(1);
        }
      }
      try (Statement s = c.createStatement()) {
        s.executeQuery(FAILING);
      } catch (SQLException expected) {
        // the failure is what the log should show
      }
    }
    Properties simple = new Properties();
    simple.setProperty("user", "postgres");
    simple.setProperty("preferQueryMode", "simple");
    try (Connection c = java.sql.DriverManager.getConnection(url, simple)) {
      backendPids.add(pid(c));
      try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(SIMPLE)) {
        rs.next();
      }
    }
  }

  private static int pid(Connection c) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select pg_backend_pid()")) {
      rs.next();
      return rs.getInt(1);
    }
  }
}
