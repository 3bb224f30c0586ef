package cn.yuyue.admin.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.Test;

class DailyReportsTest {

    @Test
    void should_round_utilisation_and_survive_a_day_without_capacity() {
        assertThat(DailyReports.ratio(1, 3)).isEqualTo(0.333);
        assertThat(DailyReports.ratio(5, 0)).isZero();
    }

    @Test
    void should_write_csv_with_quoted_names() {
        DailyReports.Row row = new DailyReports.Row(
                "HALL", "34010101", "合肥\"一\"厅", LocalDate.of(2026, 12, 1), 3, 1, 0, 1, 1, 1, 1, 0, 0, 3, 12, 0.25);
        assertThat(DailyReports.csv(List.of(row)))
                .startsWith("level,code,name,date,booked")
                .contains("HALL,34010101,\"合肥\"\"一\"\"厅\",2026-12-01,3,1,0,1,1,1,1,0,0,3,12,0.25\r\n");
    }
}
