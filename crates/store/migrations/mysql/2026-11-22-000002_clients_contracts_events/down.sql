DROP TABLE events;
DROP TABLE contracts;
DROP TABLE clients;
