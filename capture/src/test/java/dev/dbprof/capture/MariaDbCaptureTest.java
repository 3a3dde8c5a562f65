package dev.dbprof.capture;

class MariaDbCaptureTest extends RealDatabaseContract {

  @Override
  String newDatabaseUrl() throws Exception {
    return Databases.newMariaDbDatabase();
  }

  @Override
  String createItemTable() {
    return "create table item (id int auto_increment primary key, name varchar(40) not null, qty int not null)";
  }

  @Override
  Class<?> driverConnectionClass() {
    return org.mariadb.jdbc.Connection.class;
  }

  @Override
  String productPrefix() {
    return "MariaDB 10.11";
  }
}
