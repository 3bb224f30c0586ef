package cn.yuyue.platform.redis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * Loads a Lua script from {@code resources/redis} once, as text, with its SHA-1 computed up front.
 * A {@code RedisScript} built on a resource re-reads the file on use, which would be blocking I/O
 * on the event loop of every call; and Spring's {@code DefaultRedisScript} takes a lock for its
 * SHA-1 on every execution, which parked event-loop threads whenever two ran one script at once
 * (BlockHound caught it in the inventory builds).
 */
public final class LuaScripts {

    private LuaScripts() {}

    public static <T> RedisScript<T> load(String name, Class<T> resultType) {
        String path = "redis/" + name;
        try {
            String text = new ClassPathResource(path).getContentAsString(StandardCharsets.UTF_8);
            return new LoadedScript<>(text, RedisScript.of(text, resultType).getSha1(), resultType);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the Lua script " + path, e);
        }
    }

    /** Immutable, so every event loop reads it without a lock. */
    private record LoadedScript<T>(String text, String sha1, Class<T> resultType) implements RedisScript<T> {

        @Override
        public String getSha1() {
            return sha1;
        }

        @Override
        public Class<T> getResultType() {
            return resultType;
        }

        @Override
        public String getScriptAsString() {
            return text;
        }
    }
}
