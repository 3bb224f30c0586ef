package cn.yuyue.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.KeyPairGenerator;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.random.RandomGenerator;

import cn.yuyue.hall.Hall;
import org.junit.jupiter.api.Test;

/** The simulated dedicated windows call pulled check-ins before any walk-in. */
class SimulatedHallTest {

    private static final LocalDateTime TEN_AM = LocalDateTime.of(2026, 12, 3, 10, 0);

    private final Hall hall = new Hall(
            "34010101",
            "测试办税服务厅",
            "340100",
            "合肥市",
            "庐阳区",
            "地址",
            "0551-1",
            new Hall.Schedule(
                    LocalTime.of(9, 0), LocalTime.of(12, 0), LocalTime.of(13, 30), LocalTime.of(17, 0), 30, 2, 3));

    @Test
    void should_count_pulled_check_ins_as_waiting_and_call_them_before_walk_ins() throws Exception {
        SimulatedHall simulated = new SimulatedHall(
                hall,
                "34010101-key",
                KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPrivate());
        RandomGenerator noNoise = new FixedRandom();
        int walkIns = dedicated(simulated.next(TEN_AM, 1, noNoise)).waiting();

        simulated.checkedIn(5, "17");
        assertThat(simulated.checkInCursor()).isEqualTo("17");
        StatePush.GroupPush arrived = dedicated(simulated.next(TEN_AM, 2, noNoise));
        assertThat(arrived.waiting()).isGreaterThanOrEqualTo(walkIns + 5);

        // Two windows: two booked tickets called per round, walk-ins wait meanwhile.
        int walkInsWhileBooked = arrived.waiting() - 5;
        StatePush.GroupPush first = dedicated(simulated.next(TEN_AM, 3, noNoise));
        assertThat(simulated.bookedWaiting()).isEqualTo(3);
        assertThat(first.waiting() - 3).isGreaterThanOrEqualTo(walkInsWhileBooked);
        dedicated(simulated.next(TEN_AM, 4, noNoise));
        assertThat(simulated.bookedWaiting()).isEqualTo(1);
        dedicated(simulated.next(TEN_AM, 5, noNoise));
        assertThat(simulated.bookedWaiting()).isZero();
    }

    private static StatePush.GroupPush dedicated(StatePush push) {
        return push.groups().stream()
                .filter(group -> group.group().equals(SimulatedHall.DEDICATED))
                .findFirst()
                .orElseThrow();
    }

    /** No noise: Gaussian 0, integers 0. */
    private static final class FixedRandom implements RandomGenerator {
        @Override
        public long nextLong() {
            return 0;
        }

        @Override
        public double nextGaussian() {
            return 0;
        }

        @Override
        public int nextInt(int bound) {
            return 0;
        }
    }
}
