package cn.yuyue.platform.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.data.redis.core.script.RedisScript;

class LuaScriptsTest {

    @Test
    void should_load_a_script_with_the_sha1_redis_gives_it() throws Exception {
        RedisScript<List> script = LuaScripts.load("claim-place.lua", List.class);

        byte[] digest = MessageDigest.getInstance("SHA-1")
                .digest(script.getScriptAsString().getBytes(StandardCharsets.UTF_8));
        assertThat(script.getScriptAsString()).startsWith("-- claim-place");
        assertThat(script.getSha1()).isEqualTo(HexFormat.of().formatHex(digest));
        assertThat(script.getResultType()).isEqualTo(List.class);
    }
}
