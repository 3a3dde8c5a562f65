package dev.dbprof.capture;

import org.postgresql.jdbc.PgConnection;

class PostgresCaptureTest extends RealDatabaseContract {

  @Override
  String newDatabaseUrl() throws Exception {
    return Databases.newPostgresDatabase();
  }

  @Override
  String createItemTable() {
    return "create table item (id serial primary key, name varchar(40) not null, qty int not null)";
  }

  @Override
  Class<?> driverConnectionClass() {
    return PgConnection.class;
  }

  @Override
  String productPrefix() {
    return "PostgreSQL 17.";
  }
}
