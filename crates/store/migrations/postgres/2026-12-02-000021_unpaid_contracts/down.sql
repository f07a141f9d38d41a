DROP INDEX contracts_unpaid;
