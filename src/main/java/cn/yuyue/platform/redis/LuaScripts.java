package cn.yuyue.platform.redis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * Loads a Lua script from {@code resources/redis} once, as text. A {@code RedisScript} built on a
 * resource re-reads the file on use, which would be blocking I/O on the event loop of every call.
 */
public final class LuaScripts {

    private LuaScripts() {
    }

    public static <T> RedisScript<T> load(String name, Class<T> resultType) {
        String path = "redis/" + name;
        try {
            return RedisScript.of(new ClassPathResource(path).getContentAsString(StandardCharsets.UTF_8), resultType);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the Lua script " + path, e);
        }
    }
}
