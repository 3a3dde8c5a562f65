package dev.dbprof.capture.reliability;

import dev.dbprof.capture.Databases;
import java.sql.Connection;
import java.sql.Statement;

class MariaDbParityTest extends DriverParityContract {

  @Override
  String newDatabaseUrl() throws Exception {
    return Databases.newMariaDbDatabase();
  }

  @Override
  Class<? extends Connection> driverConnection() {
    return org.mariadb.jdbc.Connection.class;
  }

  @Override
  Class<? extends Statement> driverStatement() {
    return org.mariadb.jdbc.Statement.class;
  }

  @Override
  String createItemTable() {
    return "create table item (id int auto_increment primary key, name varchar(40) not null unique, qty int not null)";
  }

  @Override
  String warningStatement() {
    return "select cast('12abc' as signed), 1/0";
  }

  @Override
  String createProcedure() {
    return "create procedure add_one(in x int, out y int) set y = x + 1";
  }

  @Override
  String sameForAnyConnection(String line) {
    // the driver puts the server's connection id into every message
    return line.replaceAll("\\(conn=\\d+\\)", "(conn=…)").replaceAll("capture_\\d+", "capture_…");
  }

  @Override
  String callableCall() {
    return "{call add_one(?, ?)}";
  }
}
