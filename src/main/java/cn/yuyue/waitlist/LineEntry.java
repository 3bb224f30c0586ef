package cn.yuyue.waitlist;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * An entry as the live line in Redis holds it (JSON): what the scripts read ({@code starts},
 * {@code taxpayerId}) and what serving it needs without a PostgreSQL read.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record LineEntry(
        String id,
        long seq,
        String hallCode,
        String date,
        List<String> starts,
        String taxpayerId,
        String taxpayerName,
        String phone,
        List<String> businessTypes,
        String channel) {

    static LineEntry of(WaitlistEntry entry) {
        return new LineEntry(
                entry.id(),
                entry.seq(),
                entry.hallCode(),
                entry.date().toString(),
                entry.starts().stream().map(Object::toString).toList(),
                entry.taxpayerId(),
                entry.taxpayerName(),
                entry.phone(),
                entry.businessTypes(),
                entry.channel());
    }
}
