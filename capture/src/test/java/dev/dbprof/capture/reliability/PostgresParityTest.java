package dev.dbprof.capture.reliability;

import dev.dbprof.capture.Databases;
import java.sql.Connection;
import java.sql.Statement;
import org.postgresql.jdbc.PgConnection;
import org.postgresql.jdbc.PgStatement;

class PostgresParityTest extends DriverParityContract {

  @Override
  String newDatabaseUrl() throws Exception {
    return Databases.newPostgresDatabase();
  }

  @Override
  Class<? extends Connection> driverConnection() {
    return PgConnection.class;
  }

  @Override
  Class<? extends Statement> driverStatement() {
    return PgStatement.class;
  }

  @Override
  String createItemTable() {
    return "create table item (id serial primary key, name varchar(40) not null unique, qty int not null)";
  }

  @Override
  String warningStatement() {
    return "do $$ begin raise warning 'careful: %', 42; raise notice 'noticed'; end $$";
  }

  @Override
  String createProcedure() {
    return "create function add_one(x int, out y int) as $$ select x + 1 $$ language sql";
  }

  @Override
  String callableCall() {
    return "{call add_one(?, ?)}";
  }
}
