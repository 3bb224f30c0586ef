package cn.yuyue.slot.redis;

import java.util.List;

import cn.yuyue.platform.redis.LuaScripts;
import org.springframework.data.redis.core.script.RedisScript;

/** The Lua scripts of the inventory, loaded once; each is one atomic operation on a hall-day. */
record InventoryScripts(
        RedisScript<List> claim,
        RedisScript<String> settle,
        RedisScript<String> cancel,
        RedisScript<String> build,
        RedisScript<List> abandoned) {

    static InventoryScripts load() {
        return new InventoryScripts(
                LuaScripts.load("claim-place.lua", List.class),
                LuaScripts.load("settle-claim.lua", String.class),
                LuaScripts.load("cancel-booking.lua", String.class),
                LuaScripts.load("build-inventory.lua", String.class),
                LuaScripts.load("abandoned-claims.lua", List.class));
    }
}
