package cn.yuyue.hall;

import java.time.LocalTime;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Generates the province's roster of halls from its county-level divisions.
 *
 * <p>The real roster (附件1 of the notice) is not public, so this one is made up, but stably:
 * the same divisions always give the same halls with the same codes, names, addresses, phones and
 * hours, because bookings and queue systems refer to hall codes. Nothing here is random; the
 * variation comes from a fixed hash of the hall code.
 *
 * <p>Every division gets at least one hall; districts and development zones, where most
 * businesses are, get more. The base number per kind rarely sums to the target exactly, so the
 * remainder is topped up one hall at a time over the urban divisions in file order.
 */
final class HallRoster {

    /** 334 halls: the number the province's notice gives. */
    static final int PROVINCE_HALLS = 334;

    private static final Map<Division.Kind, Integer> ANHUI_HALLS_PER_KIND = Map.of(
            Division.Kind.DISTRICT, 4,
            Division.Kind.DEVELOPMENT_ZONE, 4,
            Division.Kind.COUNTY_LEVEL_CITY, 3,
            Division.Kind.COUNTY, 2);

    /** Real long-distance area codes of Anhui's 16 cities, by city code. */
    private static final Map<String, String> AREA_CODES = Map.ofEntries(
            Map.entry("340100", "0551"),
            Map.entry("340200", "0553"),
            Map.entry("340300", "0552"),
            Map.entry("340400", "0554"),
            Map.entry("340500", "0555"),
            Map.entry("340600", "0561"),
            Map.entry("340700", "0562"),
            Map.entry("340800", "0556"),
            Map.entry("341000", "0559"),
            Map.entry("341100", "0550"),
            Map.entry("341200", "0558"),
            Map.entry("341300", "0557"),
            Map.entry("341500", "0564"),
            Map.entry("341600", "0558"),
            Map.entry("341700", "0566"),
            Map.entry("341800", "0563"));

    private static final List<String> ROADS = List.of(
            "长江东路", "长江西路", "人民路", "解放路", "建设路", "胜利路", "文化路", "和平路", "中山路", "新华路", "幸福路", "光明大道", "友谊路", "振兴路", "迎宾大道",
            "政务大道", "花园街", "淮河路", "黄山路", "世纪大道");

    private static final String[] ORDINALS = {"一", "二", "三", "四", "五", "六", "七", "八", "九", "十"};

    /** A generated hall with the division it serves (whose kind the hall's row records). */
    record Entry(Division division, Hall hall) {}

    private final Map<Division.Kind, Integer> hallsPerKind;
    private final int total;

    HallRoster(Map<Division.Kind, Integer> hallsPerKind, int total) {
        hallsPerKind.values().forEach(count -> {
            if (count < 1) {
                throw new IllegalArgumentException("every division needs at least one hall");
            }
        });
        this.hallsPerKind = new EnumMap<>(hallsPerKind);
        this.total = total;
    }

    static HallRoster anhui() {
        return new HallRoster(ANHUI_HALLS_PER_KIND, PROVINCE_HALLS);
    }

    /** The halls in code order, exactly {@code total} of them. */
    List<Entry> generate(List<Division> divisions) {
        int[] counts = hallCounts(divisions);
        Map<String, Integer> divisionsSeenPerCity = new HashMap<>();
        List<Entry> entries = new ArrayList<>(total);
        for (int i = 0; i < divisions.size(); i++) {
            Division division = divisions.get(i);
            int divisionIndex = divisionsSeenPerCity.merge(division.cityCode(), 1, Integer::sum);
            for (int number = 1; number <= counts[i]; number++) {
                entries.add(new Entry(division, hall(division, divisionIndex, number, counts[i])));
            }
        }
        return entries;
    }

    private int[] hallCounts(List<Division> divisions) {
        int[] counts = new int[divisions.size()];
        int sum = 0;
        for (int i = 0; i < counts.length; i++) {
            counts[i] = hallsPerKind.getOrDefault(divisions.get(i).kind(), 1);
            sum += counts[i];
        }
        if (sum > total) {
            throw new IllegalStateException(
                    "%d divisions already need %d halls, more than %d".formatted(divisions.size(), sum, total));
        }
        List<Integer> urban = new ArrayList<>();
        for (int i = 0; i < counts.length; i++) {
            if (divisions.get(i).kind().urban()) {
                urban.add(i);
            }
        }
        if (sum < total && urban.isEmpty()) {
            throw new IllegalStateException("no district or development zone to place the remaining halls in");
        }
        for (int next = 0; sum < total; next++, sum++) {
            counts[urban.get(next % urban.size())]++;
        }
        return counts;
    }

    private static Hall hall(Division division, int divisionIndex, int number, int hallsInDivision) {
        if (divisionIndex > 99 || number > 99) {
            throw new IllegalStateException("hall codes have two digits for the division and the hall");
        }
        String code = "%s%02d%02d".formatted(division.cityCode().substring(0, 4), divisionIndex, number);
        int hash = mix(Integer.parseInt(code));
        // The phone takes a second round of mixing so its digits do not echo the address or hours.
        return new Hall(
                code,
                name(division, number, hallsInDivision),
                division.cityCode(),
                division.city(),
                division.name(),
                address(division, hash),
                phone(division, mix(hash)),
                schedule(division.kind(), hash));
    }

    private static String name(Division division, int number, int hallsInDivision) {
        String cityShort = division.city().substring(0, division.city().length() - 1);
        // 合肥高新技术产业开发区 already names its city; 合肥市合肥高新… would read as a typo.
        // (Not for districts: 黄山市黄山区 is the proper name.)
        boolean zoneNamedAfterCity = division.kind() == Division.Kind.DEVELOPMENT_ZONE
                && division.name().startsWith(cityShort);
        String place = zoneNamedAfterCity ? division.name() : division.city() + division.name();
        String ordinal = hallsInDivision == 1
                ? ""
                : "第" + (number <= ORDINALS.length ? ORDINALS[number - 1] : String.valueOf(number));
        return place + ordinal + "办税服务厅";
    }

    private static String address(Division division, int hash) {
        String road = ROADS.get(Math.floorMod(hash >>> 8, ROADS.size()));
        int houseNumber = 1 + Math.floorMod(hash >>> 16, 398);
        return "安徽省" + division.city() + division.name() + road + houseNumber + "号";
    }

    /**
     * The city's real area code and an 8-digit local number starting with 6, from the hash of the
     * code (a unit test checks that no two halls share a number).
     */
    private static String phone(Division division, int hash) {
        String areaCode = AREA_CODES.get(division.cityCode());
        if (areaCode == null) {
            throw new IllegalStateException("No area code for city " + division.cityCode());
        }
        int local = Math.floorMod(hash, 10_000_000);
        return "%s-6%07d".formatted(areaCode, local);
    }

    /** Most halls keep the usual hours; a few open earlier or close later, as real halls do. */
    private static Hall.Schedule schedule(Division.Kind kind, int hash) {
        int variant = Math.floorMod(hash, 10);
        LocalTime morningStart = variant >= 7 && variant <= 8 ? LocalTime.of(8, 30) : LocalTime.of(9, 0);
        LocalTime afternoonStart = variant >= 7 ? LocalTime.of(14, 0) : LocalTime.of(13, 30);
        LocalTime afternoonEnd = variant >= 7 ? LocalTime.of(17, 30) : LocalTime.of(17, 0);
        int windowsSpread = Math.floorMod(hash >>> 4, 3);
        int windows = switch (kind) {
            case DISTRICT, DEVELOPMENT_ZONE -> 2 + windowsSpread;
            case COUNTY_LEVEL_CITY -> 1 + windowsSpread;
            case COUNTY -> 1 + windowsSpread % 2;
        };
        return new Hall.Schedule(morningStart, LocalTime.of(12, 0), afternoonStart, afternoonEnd, 30, windows, 3);
    }

    /** A fixed integer hash (MurmurHash3's finaliser): deterministic on every JVM and every run. */
    private static int mix(int value) {
        int h = value;
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        h ^= h >>> 16;
        return h;
    }
}
