package cn.yuyue.slot.redis;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The Redis inventory's durability, under {@code yuyue.inventory.redis}.
 *
 * @param replicasToAcknowledge how many replicas must hold a claim before it counts; 0 (a single
 *                              Redis, the local run mode) skips the wait. With asynchronous
 *                              replicas (Sentinel, or Redis Cluster, where the replicas of the
 *                              master holding the hall-day are asked) set it to 1: a failover then
 *                              never promotes a replica that lacks a place already promised
 * @param replicaTimeout        how long a claim waits for the replicas before it is given back
 *                              and answered "try later"
 */
@ConfigurationProperties("yuyue.inventory.redis")
public record RedisInventoryProperties(
        @DefaultValue("0") int replicasToAcknowledge,
        @DefaultValue("250ms") Duration replicaTimeout) {}
