package cn.yuyue.slot.redis;

import cn.yuyue.slot.HallDay;

/**
 * A write the replicas did not acknowledge in time: a claim or hold was given back (nothing was
 * booked), a capacity change may or may not survive a failover and is to be made again.
 */
class UnreplicatedClaimException extends RuntimeException {

    UnreplicatedClaimException(HallDay hallDay) {
        super("A change to " + hallDay + " was not acknowledged by the Redis replicas in time");
    }
}
