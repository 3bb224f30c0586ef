package cn.yuyue.hall;

import java.util.Arrays;

/**
 * A county-level division of a city, one row of {@code catalogue/anhui-divisions.csv}.
 *
 * @param cityCode 6-digit code of the prefecture-level city, e.g. {@code 340100}
 */
record Division(String cityCode, String city, String name, Kind kind) {

    /** The division kinds of the CSV; the roster gives urban kinds more halls. */
    enum Kind {
        DISTRICT("district"),
        COUNTY("county"),
        COUNTY_LEVEL_CITY("county-level city"),
        DEVELOPMENT_ZONE("development zone");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        /** As written in the CSV and in {@code halls.county_kind}. */
        String label() {
            return label;
        }

        static Kind ofLabel(String label) {
            return Arrays.stream(values())
                    .filter(kind -> kind.label.equals(label))
                    .findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("Unknown division kind: " + label));
        }

        boolean urban() {
            return this == DISTRICT || this == DEVELOPMENT_ZONE;
        }
    }
}
