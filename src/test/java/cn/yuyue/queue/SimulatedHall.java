package cn.yuyue.queue;

import java.security.PrivateKey;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

import cn.yuyue.hall.Hall;
import cn.yuyue.platform.ProvinceTime;

/**
 * One hall's simulated queue-calling system: its credential and a queue that drifts towards a
 * time-of-day target.
 *
 * <p>The shape: a morning rush peaking around 10:00 and a slightly lower afternoon one around 14:45,
 * a quieter lunch, half as much again in the mid-month filing period (征期, days 10-15), and a trickle
 * outside opening hours so that the local run mode shows movement at any hour. Each push moves a
 * group a third of the way to its target plus noise. Halls with an even code send their own
 * estimates; the others leave them out, so both paths of the intake are exercised.
 *
 * <p>The dedicated windows (预约专窗) also serve the checked-in bookings the simulator pulls: a pulled
 * check-in joins the group's waiting count at the next push and is called at the one after, before
 * any walk-in of the group; while booked tickets fill every window, no walk-in is called.
 */
final class SimulatedHall {

    /** Window groups, their share of a typical rush, and their usual number of windows. */
    private static final Map<String, int[]> GROUPS = Map.of(
            "综合业务", new int[] {26, 5},
            "发票业务", new int[] {14, 3},
            "社保业务", new int[] {9, 2});

    static final String DEDICATED = "预约专窗";
    private static final List<String> GROUP_ORDER = List.of("综合业务", "发票业务", "社保业务", DEDICATED);

    private final Hall hall;
    private final String keyId;
    private final PrivateKey privateKey;
    private final boolean sendsEstimates;
    private final Map<String, Integer> waiting = new HashMap<>();
    private long sequence;
    /** The pull's cursor: the last check-in taken. */
    private String checkInCursor = "0";
    /** Checked-in bookings pulled since the last push. */
    private int arrived;
    /** Checked-in bookings waiting at the dedicated windows, called first. */
    private int booked;

    SimulatedHall(Hall hall, String keyId, PrivateKey privateKey) {
        this.hall = hall;
        this.keyId = keyId;
        this.privateKey = privateKey;
        this.sendsEstimates = Integer.parseInt(hall.code().substring(7)) % 2 == 0;
    }

    String hallCode() {
        return hall.code();
    }

    String keyId() {
        return keyId;
    }

    PrivateKey privateKey() {
        return privateKey;
    }

    synchronized String checkInCursor() {
        return checkInCursor;
    }

    /** Pulled check-ins of today: priority tickets for the dedicated windows. */
    synchronized void checkedIn(int tickets, String cursor) {
        arrived += tickets;
        checkInCursor = cursor;
    }

    /** Booked tickets waiting at the dedicated windows. */
    synchronized int bookedWaiting() {
        return booked + arrived;
    }

    /** The next push's body; sequences are epoch milliseconds, so they keep rising across restarts. */
    synchronized StatePush next(LocalDateTime now, long epochMillis, RandomGenerator random) {
        sequence = Math.max(sequence + 1, epochMillis);
        double load = rush(now);
        List<StatePush.GroupPush> groups = new ArrayList<>();
        for (String group : GROUP_ORDER) {
            int windows = windows(group);
            double target = share(group) * load;
            int before = waiting.getOrDefault(group, (int) target);
            int after = (int) Math.max(0, Math.round(before + (target - before) / 3 + random.nextGaussian() * 2));
            if (DEDICATED.equals(group)) {
                after = dedicated(before, after, windows);
            } else {
                waiting.put(group, after);
            }
            int serving = after > 0 ? windows : Math.min(windows, random.nextInt(windows + 1));
            Integer estimate = sendsEstimates ? EstimatedWait.minutes(after, serving, 5 + random.nextInt(4)) : null;
            groups.add(new StatePush.GroupPush(group, after, serving, estimate));
        }
        // Whole seconds, as a queue system's clock would report them.
        return new StatePush(
                sequence,
                now.truncatedTo(ChronoUnit.SECONDS).atZone(ProvinceTime.ZONE).toOffsetDateTime(),
                groups);
    }

    /**
     * The dedicated windows call the booked tickets waiting since the last push first; walk-ins are
     * served only with windows to spare, so their count cannot fall while booked tickets fill them. The
     * group's waiting count is walk-ins plus booked tickets.
     */
    private int dedicated(int walkInsBefore, int walkInsDrifted, int windows) {
        int called = Math.min(booked, windows);
        booked = booked - called + arrived;
        arrived = 0;
        // Every window busy with a booked ticket: no walk-in is called this round.
        int walkIns = called > 0 && called == windows ? Math.max(walkInsBefore, walkInsDrifted) : walkInsDrifted;
        waiting.put(DEDICATED, walkIns);
        return walkIns + booked;
    }

    private double share(String group) {
        if ("预约专窗".equals(group)) {
            return 2.0 * hall.schedule().dedicatedWindows();
        }
        return GROUPS.get(group)[0];
    }

    private int windows(String group) {
        if ("预约专窗".equals(group)) {
            return hall.schedule().dedicatedWindows();
        }
        return GROUPS.get(group)[1];
    }

    /** 0.03 (closed) to about 1.5 (a mid-month morning peak). */
    static double rush(LocalDateTime now) {
        double minute = now.getHour() * 60 + now.getMinute();
        boolean open = (minute >= 9 * 60 && minute < 12 * 60) || (minute >= 13 * 60 + 30 && minute < 17 * 60);
        if (!open) {
            return 0.03;
        }
        double morning = Math.exp(-Math.pow((minute - 600) / 50, 2));
        double afternoon = 0.8 * Math.exp(-Math.pow((minute - 885) / 60, 2));
        double filingPeriod = now.getDayOfMonth() >= 10 && now.getDayOfMonth() <= 15 ? 1.5 : 1.0;
        return (0.2 + morning + afternoon) * filingPeriod;
    }
}
