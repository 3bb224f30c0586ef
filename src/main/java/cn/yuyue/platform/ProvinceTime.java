package cn.yuyue.platform;

import java.time.ZoneId;

/** Every booking rule of the notice is stated in the province's local time. */
public final class ProvinceTime {

    public static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

    private ProvinceTime() {}
}
