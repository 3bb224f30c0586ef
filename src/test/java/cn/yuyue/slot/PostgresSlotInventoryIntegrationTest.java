package cn.yuyue.slot;

import java.time.Clock;
import java.time.Duration;

import cn.yuyue.slot.postgres.PostgresSlotInventory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import tools.jackson.databind.json.JsonMapper;

/** The contract against PostgreSQL alone: conditional UPDATEs and unique indexes. */
class PostgresSlotInventoryIntegrationTest extends SlotInventoryContract {

    @Autowired
    DatabaseClient database;

    @Autowired
    TransactionalOperator transaction;

    @Autowired
    JsonMapper jsonMapper;

    @Override
    protected SlotInventory inventory(InventorySource source) {
        return new PostgresSlotInventory(
                database, transaction, source, jsonMapper, Clock.systemUTC(), Duration.ofSeconds(10));
    }
}
